import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/bin.ts'],
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  // bin.js is the `pdm` executable; node ignores the line in index.js.
  banner: { js: '#!/usr/bin/env node' },
});
