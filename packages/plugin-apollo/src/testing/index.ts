export {
  type GeneratedApolloPull,
  type GeneratedPullTarget,
  type GenerateApolloPullOptions,
  generateApolloPull,
} from './generate-apollo-pull.js';
