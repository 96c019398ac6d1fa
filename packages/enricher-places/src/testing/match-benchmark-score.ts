import type { Practice } from '@provider-data/core';
import { MATCH_CLASS_TEXT, MATCH_CLASSES, type MatchCase, type MatchClass } from './match-benchmark.js';

/** How the enricher did on one class of the benchmark. */
export interface ClassScore {
  matchClass: MatchClass | 'all';
  practices: number;
  /** Practices with a right place among their candidates. */
  withRightPlace: number;
  /** Practices matched to some place. */
  accepted: number;
  /** Matched to their right place. */
  right: number;
  /** Matched to a place that is not theirs. */
  wrong: number;
  /** right / accepted; 1 when nothing was accepted (nothing wrong was). */
  precision: number;
  /** right / withRightPlace; null for a class without right places. */
  recall: number | null;
  /** The rules that rejected the candidates of the unmatched practices, most frequent first. */
  rejectedBy: Record<string, number>;
}

function score(matchClass: ClassScore['matchClass'], pairs: readonly [MatchCase, Practice][]): ClassScore {
  let accepted = 0;
  let right = 0;
  let withRightPlace = 0;
  const rejectedBy: Record<string, number> = {};
  for (const [expected, actual] of pairs) {
    if (expected.rightPlaceId) withRightPlace++;
    if (actual.enrichmentStatus === 'matched') {
      accepted++;
      if (actual.googlePlaceId === expected.rightPlaceId) right++;
    } else {
      const rule = String(actual.enrichmentEvidence?.rule ?? actual.enrichmentStatus);
      rejectedBy[rule] = (rejectedBy[rule] ?? 0) + 1;
    }
  }
  return {
    matchClass,
    practices: pairs.length,
    withRightPlace,
    accepted,
    right,
    wrong: accepted - right,
    precision: accepted === 0 ? 1 : right / accepted,
    recall: withRightPlace === 0 ? null : right / withRightPlace,
    rejectedBy: Object.fromEntries(Object.entries(rejectedBy).sort((a, b) => b[1] - a[1])),
  };
}

/**
 * Scores enriched practices against the benchmark's labels, per class and
 * over all: a match is right only when it is the case's right place.
 *
 * ### Examples
 * ```ts
 * import { generateMatchBenchmark, scoreMatchBenchmark } from '@provider-data/enricher-places/testing';
 *
 * const { cases } = generateMatchBenchmark({ perClass: 5 });
 * const scores = scoreMatchBenchmark(cases, cases.map((c) => c.practice)); // nothing enriched yet
 * scores.at(-1)?.recall; // 0
 * ```
 */
export function scoreMatchBenchmark(
  cases: readonly MatchCase[],
  enriched: readonly Practice[],
): ClassScore[] {
  const byId = new Map(enriched.map((p) => [p.id, p]));
  const pairs = cases.map((c): [MatchCase, Practice] => [c, byId.get(c.practice.id) ?? c.practice]);
  return [
    ...MATCH_CLASSES.map((matchClass) =>
      score(
        matchClass,
        pairs.filter(([c]) => c.matchClass === matchClass),
      ),
    ),
    score('all', pairs),
  ];
}

const percent = (value: number | null) => (value === null ? '–' : `${(value * 100).toFixed(1)}%`);

/**
 * The scores as a Markdown table: class, practices, matched, right, wrong,
 * precision, recall, and the rules that decided the rest.
 *
 * ### Examples
 * ```ts
 * import { renderScoreTable, runMatchBenchmark } from '@provider-data/enricher-places/testing';
 *
 * const { scores } = await runMatchBenchmark({ api: 'new', perClass: 10 });
 * console.log(renderScoreTable(scores));
 * ```
 */
export function renderScoreTable(scores: readonly ClassScore[]): string {
  const rows = scores.map((s) => {
    const label =
      s.matchClass === 'all' ? '**all**' : `\`${s.matchClass}\`: ${MATCH_CLASS_TEXT[s.matchClass]}`;
    const why = Object.entries(s.rejectedBy)
      .map(([rule, n]) => `${rule} ${n}`)
      .join(', ');
    return `| ${label} | ${s.practices} | ${s.accepted} | ${s.right} | ${s.wrong} | ${percent(s.precision)} | ${percent(s.recall)} | ${why || '–'} |`;
  });
  return [
    '| class | practices | matched | right | wrong | precision | recall | not matched, by the deciding rule |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...rows,
  ].join('\n');
}
