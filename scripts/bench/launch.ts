// `npm run bench`: runs scripts/bench.ts the way a deployment runs the pipeline.
//
// A deployment (the example Lambda) runs built JavaScript on plain Node with
// `--max-semi-space-size=8`, a bounded old space and `MALLOC_ARENA_MAX=2`. Run through the TypeScript
// loader instead, the benchmark's process would carry the loader's own thread
// (a second V8 isolate, about 55 MiB of resident memory) into every peak RSS it
// reports. So the benchmark is bundled first (its own files only; every package
// stays an import, resolved to the packages' `dist` as in a deployment) and the
// bundle runs in a child process with the deployment's flags. Arguments pass
// through; the child's exit code is this process's.
import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '../..');
const outdir = path.join(root, '.bench');
const outfile = path.join(outdir, 'bench.mjs');
await mkdir(outdir, { recursive: true });
await build({
  // The benchmark, and the setup module of its file threads (`--threads N`).
  entryPoints: {
    bench: path.join(root, 'scripts', 'bench.ts'),
    'thread-setup': path.join(root, 'scripts', 'bench', 'thread-setup.ts'),
  },
  outdir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
});

/**
 * The flags of the benchmark's process: the deployment's semi-space, and an
 * old space of 160 MiB. `PDM_BENCH_NODE_FLAGS` replaces them, to compare
 * others side by side. Like the deployment, it runs with two glibc malloc
 * arenas (`MALLOC_ARENA_MAX=2`) unless the environment says otherwise.
 */
const flags = process.env.PDM_BENCH_NODE_FLAGS?.split(/\s+/).filter(Boolean) ?? [
  '--max-old-space-size=160',
  '--max-semi-space-size=8',
];

const child = spawn(process.execPath, [...flags, outfile, ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { MALLOC_ARENA_MAX: '2', ...process.env, NODE_OPTIONS: '' },
});
const code = await new Promise<number>((resolve) => {
  child.on('exit', (status, signal) => resolve(status ?? (signal ? 1 : 0)));
});
process.exitCode = code;
