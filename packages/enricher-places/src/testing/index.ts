export * from './places-test-server.js';
export * from './practice-fixture.js';
export * from './capturing-logger.js';
