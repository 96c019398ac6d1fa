import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The config of one package's tests, run from inside it (`cd packages/plugin-fortis && npx vitest run`),
// with the root config's resolution and setup: workspace packages resolve to their TypeScript sources
// (the `source` export condition), so nothing needs a build first.
const conditions = ['source', 'node', 'development|production'];

/** The vitest config of a workspace package: its `src/` and `test/` tests, as the root runs them. */
export function packageTestConfig() {
  return defineConfig({
    resolve: { conditions },
    ssr: { resolve: { conditions } },
    test: {
      pool: 'forks',
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      setupFiles: [fileURLToPath(new URL('./test/setup/fast-check.ts', import.meta.url))],
      testTimeout: 60_000,
      hookTimeout: 120_000,
    },
  });
}
