import type { CacheEntry, EnrichContext, Logger, Practice } from '@provider-data/core';
import {
  CachedDetails,
  type CachedFindPlace,
  DETAILS_NAMESPACE,
  type Fetched,
  freshValue,
} from './cached-answer.js';
import { type BatchMatch, detailsKey, type EnricherParts } from './enricher-parts.js';
import { fetchContacts } from './contact-details.js';
import { decidePlace } from './place-match.js';
import { toPlacesError } from './places-client.js';
import { failedPractice, matchedPractice, noMatchPractice, skippedPractice } from './practice-outcome.js';
import type { PullState } from './pull-state.js';
import { fetchSearches, groupByQuery, splitCached } from './search-answers.js';
import { safeError } from './shared-answer.js';

const DAY_MS = 86_400_000;

/** Indexes of the practices due for a lookup; the others are counted `fresh`. */
function duePractices(practices: readonly Practice[], parts: EnricherParts, state: PullState, now: number) {
  const due: number[] = [];
  practices.forEach((practice, index) => {
    const fresh =
      practice.googlePlaceId !== null &&
      practice.enrichedAt !== null &&
      now - practice.enrichedAt.getTime() <= parts.maxAgeMs;
    if (fresh) state.stats.fresh++;
    else due.push(index);
  });
  state.stats.requested += due.length;
  return due;
}

/**
 * Enriches one batch of a pull: the due practices' searches (cached, or
 * asked once), a decision per practice with its evidence, Place Details of
 * the matched ones, and the practices back in their order. Never rejects
 * for a practice: one that could not be looked up is `failed`.
 */
export async function enrichPractices(
  parts: EnricherParts,
  state: PullState,
  logger: Logger,
  practices: Practice[],
  context: EnrichContext,
  onNoKey: () => void,
): Promise<Practice[]> {
  const { stats } = state;
  const signal = context.signal;
  const out = practices.slice();
  const now = Date.now();
  const due = duePractices(practices, parts, state, now);
  if (due.length === 0) return out;

  if (!parts.apiKey) {
    onNoKey();
    for (const index of due) out[index] = skippedPractice(practices[index]!);
    stats.skipped += due.length;
    return out;
  }

  const fail = (index: number, error: unknown) => {
    const safe = toPlacesError(error, parts.apiKey);
    logger.debug({ practiceId: practices[index]!.id, code: safe.code }, safe.detail);
    out[index] = failedPractice(practices[index]!);
    stats.failed++;
  };

  const byKey = groupByQuery(practices, due);
  let cached: Map<string, CacheEntry>;
  try {
    cached = await parts.cache.get(parts.searchNamespace, [...byKey.keys()]);
  } catch (error) {
    logger.warn(
      { error: safeError(error) },
      'could not read the Places cache; due practices are marked failed',
    );
    for (const index of due) fail(index, error);
    return out;
  }
  const { answers, misses } = splitCached(parts, byKey.keys(), cached, now);
  stats.cacheHits += answers.size;

  if (parts.dryRun) {
    await countDryRun(parts, state, practices, byKey, answers, misses.length, now);
    logger.debug({ pullId: state.pullId, wouldCall: stats.wouldCall }, 'Places dry run');
    return out;
  }

  await fetchSearches(parts, state, logger, signal, practices, byKey, misses, answers, (group, error) => {
    for (const index of group) fail(index, error);
  });

  // Each practice is decided on its own name, city, PIN and coordinates.
  const matches = new Map<number, BatchMatch & { evidence: Practice['enrichmentEvidence'] }>();
  for (const [key, answer] of answers) {
    for (const index of byKey.get(key)!) {
      const practice = practices[index]!;
      const { match, evidence } = decidePlace(practice, answer.value.candidates, {
        ...parts.rule,
        api: parts.api.name,
      });
      if (match) matches.set(index, { match, fetchedAt: answer.fetchedAt, evidence });
      else {
        out[index] = noMatchPractice(practice, answer.fetchedAt, evidence);
        stats.noMatch++;
      }
    }
  }

  const contacts = await fetchContacts(parts, state, logger, signal, matches, now, fail);
  for (const [index, { match, fetchedAt, evidence }] of matches) {
    const contact = contacts.get(match.candidate.placeId);
    // Content carries the time of its oldest part: it all expires together.
    const at = contact && contact.fetchedAt < fetchedAt ? contact.fetchedAt : fetchedAt;
    out[index] = matchedPractice(practices[index]!, match.candidate, contact?.value ?? null, at, evidence);
    stats.matched++;
  }
  logger.debug({ pullId: state.pullId, ...stats }, 'Places enrichment of a batch done');
  return out;
}

/** A dry run: counts the calls a real run would make (missing searches, and details of places the cache would match). */
async function countDryRun(
  parts: EnricherParts,
  state: PullState,
  practices: readonly Practice[],
  byKey: Map<string, number[]>,
  answers: Map<string, Fetched<CachedFindPlace>>,
  misses: number,
  now: number,
): Promise<void> {
  const { stats } = state;
  stats.wouldCall += misses;
  const placeIds = new Set<string>();
  for (const [key, answer] of answers) {
    for (const index of byKey.get(key)!) {
      const { match } = decidePlace(practices[index]!, answer.value.candidates, {
        ...parts.rule,
        api: parts.api.name,
      });
      if (match) placeIds.add(match.candidate.placeId);
    }
  }
  if (parts.detailsFields.length === 0 || placeIds.size === 0) return;
  const keys = [...placeIds].map((id) => detailsKey(parts, id));
  try {
    const hits = await parts.cache.get(DETAILS_NAMESPACE, keys);
    for (const key of keys) {
      if (freshValue(hits.get(key), CachedDetails, parts.maxAgeMs, now)) stats.cacheHits++;
      else stats.wouldCall++;
    }
  } catch {
    stats.wouldCall += keys.length;
  }
}

/** Days to milliseconds. */
export const daysToMs = (days: number): number => days * DAY_MS;
