import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources (the `source` export
// condition), so tests never need a build first. Vitest passes the SSR
// conditions to its workers as `node --conditions`, which also apply to
// `require()`: keep them to `source` and Node's own.
const conditions = ['source', 'node', 'development|production'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    pool: 'forks',
    // Most of a test's time is spent waiting on PostgreSQL, s3rver or a child
    // process, so two files at once on two cores (Vitest's default would be
    // one: cores − 1) take about 30% less wall time. Each test makes its own
    // random schemas and loopback ports, so files do not collide.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    setupFiles: ['./test/setup/fast-check.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: [
            'packages/*/src/**/*.test.ts',
            'examples/*/src/**/*.test.ts',
            'examples/*/test/**/*.test.ts',
            'packages/*/test/**/*.test.ts',
            'test/integration/**/*.test.ts',
          ],
        },
      },
      {
        extends: true,
        test: {
          name: 'faults',
          include: ['test/faults/**/*.test.ts'],
          // One file at a time: the fencing cases time a blocked event loop
          // against a lease, and the kill case loads both cores by itself. Its
          // own group, since projects run together in one group must agree on
          // maxWorkers.
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
        },
      },
      {
        // npm pack and install of every package: a minute or more, so not in the unit project.
        extends: true,
        test: { name: 'packed', include: ['test/packed/**/*.test.ts'] },
      },
    ],
  },
});
