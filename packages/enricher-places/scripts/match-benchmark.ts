// Prints the precision and recall of the Places match rules per class of the
// labelled benchmark, for each API, as the Markdown tables of the README:
//
//   node --conditions=source --import tsx packages/enricher-places/scripts/match-benchmark.ts [--per-class N] [--seed S]
import { parseArgs } from 'node:util';
import { renderScoreTable, runMatchBenchmark } from '../src/testing/index.js';

const { values } = parseArgs({
  options: { 'per-class': { type: 'string', default: '60' }, seed: { type: 'string', default: '15' } },
});
const perClass = Number(values['per-class']);
const seed = Number(values.seed);

const runs = [
  { title: 'Places API (New), Text Search', api: 'new' as const },
  { title: 'Places API (Legacy), Find Place answering up to 5 candidates', api: 'legacy' as const },
  {
    title: 'Places API (Legacy), Find Place answering 1 candidate (as Google mostly does)',
    api: 'legacy' as const,
    findPlaceCandidates: 1,
  },
];

let failed = false;
for (const run of runs) {
  const { scores, stats, calls } = await runMatchBenchmark({ ...run, seed, perClass });
  const all = scores.at(-1)!;
  process.stdout.write(`\n### ${run.title}\n\n${renderScoreTable(scores)}\n\n`);
  process.stdout.write(
    `${stats.requested} practices, ${calls} calls (${stats.matched} matched, ${stats.noMatch} no match, ${stats.failed} failed).\n`,
  );
  const targetsMet = all.wrong === 0 && (all.recall ?? 0) >= 0.95;
  if (!run.findPlaceCandidates && !targetsMet) failed = true;
  process.stdout.write(
    `Targets (no wrong place, ≥ 95% of right places matched): ${targetsMet ? 'met' : 'NOT met'}.\n`,
  );
}
process.stdout.write(`\nseed ${seed}, ${perClass} practices per class\n`);
process.exitCode = failed ? 1 : 0;
