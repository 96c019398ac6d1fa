export * from './generate-sunrise-pull.js';
