export * from './memory-object-store.js';
export * from './memory-sink.js';
export * from './memory-pull-store.js';
export * from './run-plugin.js';
export * from './expect-outcome.js';
export * from './conformance.js';
export * from './seeded-random.js';
export * from './s3-test-server.js';
