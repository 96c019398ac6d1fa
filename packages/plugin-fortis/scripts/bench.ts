// Throughput and memory of the Fortis source, core's record bounds and the
// transformer (no sink) over a generated pull, and the cost of the bounds. Run from the repository root:
//   npx tsx packages/plugin-fortis/scripts/bench.ts --doctors 2000000 [--cities 40] [--dirt 0.01] [--seed 1] [--dir /tmp/x] [--keep] [--skip-bounds]
// It re-runs itself under Node with the `source` export condition and
// --expose-gc (scripts/under-source.ts); the work is in bench-run.ts.
import { underSource } from '../../../scripts/under-source.js';

if (underSource(import.meta.url)) await import('./bench-run.js');
