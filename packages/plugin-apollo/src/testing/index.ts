export {
  type GeneratedApolloPull,
  type GeneratedPullTarget,
  type GenerateApolloPullOptions,
  generateApolloPull,
} from './generate-apollo-pull.js';
export { SAMPLE_APOLLO_DOCTOR, SAMPLE_APOLLO_HOSPITAL } from './sample-records.js';
