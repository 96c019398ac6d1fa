export * from './places-test-server.js';
