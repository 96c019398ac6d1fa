export * from './places-test-server.js';
export * from './search-requests.js';
export * from './practice-fixture.js';
export * from './capturing-logger.js';
export * from './match-benchmark.js';
export * from './match-benchmark-score.js';
export * from './run-match-benchmark.js';
