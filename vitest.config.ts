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
