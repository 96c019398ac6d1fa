// Is every standardizer and transformer linear in the size of its input?
// Feeds each function (one line per input shape) a field of 1,000 items and
// one of 100,000, and prints the time ratio: about 100 for linear work,
// about 10,000 for quadratic. Run from the repository root:
//   npm run bench:linearity [-- --small 1000 --large 100000 --filter Phone]
// A ratio over --limit (default 400) is marked and makes the exit code 1.
// Its output is quoted in packages/core/README.md.
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import type { LinearityCase } from './linearity/case.js';
import { STANDARDIZER_CASES } from './linearity/standardizer-cases.js';
import { TRANSFORMER_CASES } from './linearity/transformer-cases.js';

const { values } = parseArgs({
  options: {
    small: { type: 'string', default: '1000' },
    large: { type: 'string', default: '100000' },
    limit: { type: 'string', default: '400' },
    filter: { type: 'string', default: '' },
  },
});
const small = Number(values.small);
const large = Number(values.large);
const limit = Number(values.limit);

/** Milliseconds per call: calls repeated until `minMs` has passed (at least once), after one warm-up call. */
function timePerCall(call: () => unknown, minMs: number): number {
  call();
  let calls = 0;
  const started = performance.now();
  let elapsed = 0;
  while (calls === 0 || elapsed < minMs) {
    call();
    calls++;
    elapsed = performance.now() - started;
  }
  return elapsed / calls;
}

function measure(c: LinearityCase): { smallMs: number; largeMs: number; ratio: number } {
  const smallMs = timePerCall(c.make(small), 100);
  const largeMs = timePerCall(c.make(large), 300);
  return { smallMs, largeMs, ratio: largeMs / smallMs };
}

const cases = [...STANDARDIZER_CASES, ...TRANSFORMER_CASES].filter(
  (c) => values.filter === '' || `${c.fn} ${c.shape}`.includes(values.filter),
);
console.log(
  `Node ${process.version}, ${availableParallelism()} cores, load average ${loadavg()[0]!.toFixed(1)}; ` +
    `${small.toLocaleString('en')} vs ${large.toLocaleString('en')} items (linear: ~${large / small})`,
);
console.log('');
console.log(
  `| function | input | ${small.toLocaleString('en')} items | ${large.toLocaleString('en')} items | ratio |`,
);
console.log('| --- | --- | ---: | ---: | ---: |');
const slow: string[] = [];
for (const c of cases) {
  const { smallMs, largeMs, ratio } = measure(c);
  const mark = ratio > limit ? ' **super-linear**' : '';
  if (mark) slow.push(`${c.fn} (${c.shape})`);
  console.log(
    `| \`${c.fn}\` | ${c.shape.replaceAll('|', '\\|')} | ${smallMs.toFixed(3)} ms | ${largeMs.toFixed(1)} ms | ${ratio.toFixed(0)}${mark} |`,
  );
}
console.log('');
console.log(
  slow.length === 0
    ? `All ${cases.length} inputs within a ratio of ${limit}.`
    : `Over a ratio of ${limit}: ${slow.join(', ')}.`,
);
if (slow.length > 0) process.exitCode = 1;
