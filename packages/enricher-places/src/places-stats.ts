/**
 * What the Places enricher did in a pull. `requested` counts practices due
 * for enrichment (no place id, or enriched more than `cacheMaxAgeDays` ago);
 * `fresh` those that were not. `cacheHits` and `wouldCall` count answers
 * (one per distinct query or place), `calls` HTTP requests (retries
 * included), `retries` the repeated ones among them.
 */
export type PlacesEnricherStats = {
  requested: number;
  fresh: number;
  cacheHits: number;
  calls: number;
  retries: number;
  matched: number;
  noMatch: number;
  failed: number;
  skipped: number;
  wouldCall: number;
};

/** All zeros. */
export function emptyStats(): PlacesEnricherStats {
  return {
    requested: 0,
    fresh: 0,
    cacheHits: 0,
    calls: 0,
    retries: 0,
    matched: 0,
    noMatch: 0,
    failed: 0,
    skipped: 0,
    wouldCall: 0,
  };
}
