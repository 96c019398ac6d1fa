import { defineConfig } from 'tsup';

export default defineConfig({
  entry: [
    'src/index.ts',
    'src/testing/index.ts',
    'src/vitest/index.ts',
    'src/kit/index.ts',
    'src/discover/index.ts',
    'src/threads/file-thread-entry.ts',
  ],
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
});
