// Throughput and memory of the Fortis source, core's record bounds and the
// transformer (no sink) over a generated pull, and the cost of the bounds. Run from the repository root:
//   npx tsx packages/plugin-fortis/scripts/bench.ts --doctors 2000000 [--cities 40] [--dirt 0.01] [--seed 1] [--dir /tmp/x] [--keep] [--skip-bounds]
// It re-runs itself under Node with the `source` export condition (workspace
// packages resolve to their TypeScript sources) and --expose-gc (for a clean
// heap baseline); the work is in bench-run.ts.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

if (process.env.FORTIS_BENCH_CHILD === '1') {
  await import('./bench-run.js');
} else {
  const run = spawnSync(
    process.execPath,
    [
      '--conditions=source',
      '--expose-gc',
      '--import',
      'tsx',
      fileURLToPath(import.meta.url),
      ...process.argv.slice(2),
    ],
    { stdio: 'inherit', env: { ...process.env, FORTIS_BENCH_CHILD: '1' } },
  );
  process.exitCode = run.status ?? 1;
}
