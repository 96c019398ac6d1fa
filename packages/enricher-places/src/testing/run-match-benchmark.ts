import { createPlacesEnricher } from '../places-enricher.js';
import type { PlacesEnricherStats } from '../places-stats.js';
import { generateMatchBenchmark, type MatchBenchmarkOptions } from './match-benchmark.js';
import { type ClassScore, scoreMatchBenchmark } from './match-benchmark-score.js';
import { startPlacesTestServer } from './places-test-server.js';
import { testEnrichContext } from './practice-fixture.js';

/** Options of {@link runMatchBenchmark}. */
export interface RunMatchBenchmarkOptions extends MatchBenchmarkOptions {
  api: 'new' | 'legacy';
  /** How many candidates the test server's legacy Find Place answers. Default 5. */
  findPlaceCandidates?: number;
}

/** What a benchmark run measured. */
export interface MatchBenchmarkRun {
  scores: ClassScore[];
  stats: PlacesEnricherStats;
  /** Requests the test server received. */
  calls: number;
}

/**
 * Generates the match benchmark, serves its places from a Places test
 * server on loopback, enriches every practice through the real client of
 * `api`, and scores the outcome per class.
 *
 * ### Examples
 * ```ts
 * import { runMatchBenchmark } from '@provider-data/enricher-places/testing';
 *
 * const { scores } = await runMatchBenchmark({ api: 'new', perClass: 10 });
 * console.log(scores.at(-1)); // { matchClass: 'all', precision, recall, … }
 * ```
 */
export async function runMatchBenchmark(options: RunMatchBenchmarkOptions): Promise<MatchBenchmarkRun> {
  const { cases, places } = generateMatchBenchmark(options);
  const server = await startPlacesTestServer({
    places,
    ...(options.findPlaceCandidates ? { findPlaceCandidates: options.findPlaceCandidates } : {}),
  });
  try {
    const enricher = createPlacesEnricher({
      api: options.api,
      apiKey: 'match-benchmark',
      baseUrl: server.url,
      requestsPerSecond: 10_000,
      concurrency: 8,
      budget: cases.length * 2,
    });
    const enriched = await enricher.enrich(
      cases.map((c) => c.practice),
      testEnrichContext(),
    );
    return {
      scores: scoreMatchBenchmark(cases, enriched),
      stats: enricher.stats(),
      calls: server.calls.total,
    };
  } finally {
    await server.close();
  }
}
