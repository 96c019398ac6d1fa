import type { CacheEntry, Logger } from '@provider-data/core';
import { CachedDetails, DETAILS_NAMESPACE, type Fetched, freshValue } from './cached-answer.js';
import { type BatchMatch, detailsKey, type EnricherParts } from './enricher-parts.js';
import type { PullState } from './pull-state.js';
import { askOnce, safeError } from './shared-answer.js';

/**
 * The Place Details of every matched place, from the cache when fresh,
 * else from Google (one call per place and pull). A match whose details
 * could not be fetched is taken out of `matches` and given to `onFailed`.
 */
export async function fetchContacts(
  parts: EnricherParts,
  state: PullState,
  logger: Logger,
  signal: AbortSignal | undefined,
  matches: Map<number, BatchMatch>,
  now: number,
  onFailed: (index: number, error: unknown) => void,
): Promise<Map<string, Fetched<CachedDetails>>> {
  const contacts = new Map<string, Fetched<CachedDetails>>();
  if (parts.detailsFields.length === 0 || matches.size === 0) return contacts;
  const placeIds = [...new Set([...matches.values()].map((m) => m.match.candidate.placeId))];
  let hits = new Map<string, CacheEntry>();
  try {
    hits = await parts.cache.get(
      DETAILS_NAMESPACE,
      placeIds.map((id) => detailsKey(parts, id)),
    );
  } catch (error) {
    logger.warn({ error: safeError(error) }, 'could not read the Places details cache; fetching');
  }
  await Promise.all(
    placeIds.map(async (placeId) => {
      const key = detailsKey(parts, placeId);
      const hit = freshValue(hits.get(key), CachedDetails, parts.maxAgeMs, now);
      if (hit) {
        state.stats.cacheHits++;
        contacts.set(placeId, hit);
        return;
      }
      try {
        const answer = await askOnce(
          parts,
          state,
          logger,
          signal,
          state.detailsInFlight,
          { namespace: DETAILS_NAMESPACE, key },
          (callSignal) => parts.api.details(placeId, callSignal),
        );
        contacts.set(placeId, answer);
      } catch (error) {
        for (const [index, { match }] of matches) {
          if (match.candidate.placeId === placeId) {
            matches.delete(index);
            onFailed(index, error);
          }
        }
      }
    }),
  );
  return contacts;
}
