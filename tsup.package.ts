import { defineConfig } from 'tsup';

/** The build of a workspace package: ESM with declarations and source maps, for Node 20, from these entries. */
export function packageBuild(entry: string[]) {
  return defineConfig({ entry, format: ['esm'], dts: true, sourcemap: true, clean: true, target: 'node20' });
}
