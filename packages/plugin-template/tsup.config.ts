import { defineConfig } from 'tsup';

// The package's two entries: the plugin, and the test-pull generator under `./testing`.
export default defineConfig({
  entry: { index: 'src/index.ts', 'testing/index': 'src/testing/index.ts' },
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
});
