export * from './conformance.js';
export * from './expect-outcome.js';
export * from './sink-conformance.js';
