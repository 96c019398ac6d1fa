import type { CacheEntry, Logger, Practice } from '@provider-data/core';
import { CachedFindPlace, type Fetched, freshValue } from './cached-answer.js';
import type { EnricherParts } from './enricher-parts.js';
import { placesQueryInput, placesQueryKey, searchBias } from './practice-query.js';
import type { PullState } from './pull-state.js';
import { askOnce } from './shared-answer.js';

/** The due practices grouped by query key: practices that share a query share one answer. */
export function groupByQuery(practices: readonly Practice[], due: readonly number[]): Map<string, number[]> {
  const byKey = new Map<string, number[]>();
  for (const index of due) {
    const key = placesQueryKey(practices[index]!);
    const group = byKey.get(key);
    if (group) group.push(index);
    else byKey.set(key, [index]);
  }
  return byKey;
}

/** The fresh cached answers of `keys`, and the keys to ask Google for. */
export function splitCached(
  parts: EnricherParts,
  keys: Iterable<string>,
  cached: Map<string, CacheEntry>,
  now: number,
): { answers: Map<string, Fetched<CachedFindPlace>>; misses: string[] } {
  const answers = new Map<string, Fetched<CachedFindPlace>>();
  const misses: string[] = [];
  for (const key of keys) {
    const hit = freshValue(cached.get(key), CachedFindPlace, parts.maxAgeMs, now);
    if (hit) answers.set(key, hit);
    else misses.push(key);
  }
  return { answers, misses };
}

/**
 * Asks Google for each missing query (once per pull, however many batches
 * want it), caches each answer, and adds it to `answers`; a query whose
 * call failed is reported to `onFailed` with its practices.
 */
export async function fetchSearches(
  parts: EnricherParts,
  state: PullState,
  logger: Logger,
  signal: AbortSignal | undefined,
  practices: readonly Practice[],
  byKey: Map<string, number[]>,
  misses: readonly string[],
  answers: Map<string, Fetched<CachedFindPlace>>,
  onFailed: (indexes: readonly number[], error: unknown) => void,
): Promise<void> {
  await Promise.all(
    misses.map(async (key) => {
      const group = byKey.get(key)!;
      const practice = practices[group[0]!]!;
      const search = {
        query: placesQueryInput(practice),
        bias: searchBias(practice, parts.maxDistanceMeters),
      };
      try {
        const answer = await askOnce(
          parts,
          state,
          logger,
          signal,
          state.findPlaceInFlight,
          { namespace: parts.searchNamespace, key },
          (callSignal) => parts.api.search(search, callSignal),
        );
        answers.set(key, answer);
      } catch (error) {
        onFailed(group, error);
      }
    }),
  );
}
