export * from './standardized.js';
