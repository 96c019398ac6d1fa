export * from './conformance.js';
export * from './expect-outcome.js';
