import { Client, PlaceInputType } from '@googlemaps/google-maps-services-js';
import {
  type CacheEntry,
  ConfigError,
  childLogger,
  type EnrichContext,
  type EnrichmentCache,
  type Enricher,
  type Logger,
  type Practice,
} from '@provider-data/core';
import pLimit from 'p-limit';
import {
  CachedDetails,
  CachedFindPlace,
  DETAILS_NAMESPACE,
  FIND_PLACE_NAMESPACE,
  type Fetched,
  freshValue,
} from './cached-answer.js';
import { createMemoryEnrichmentCache } from './memory-enrichment-cache.js';
import { matchCandidate, type PlaceMatch } from './place-match.js';
import { type PlacesClient, toCandidate, toContact, toPlacesError } from './places-client.js';
import { PlacesCaller } from './places-caller.js';
import {
  DEFAULT_DETAILS_FIELDS,
  PlacesEnricherOptions,
  type PlacesEnricherOptionsInput,
  REQUIRED_FIND_PLACE_FIELDS,
} from './places-enricher-options.js';
import { PlacesError } from './places-error.js';
import type { PlacesEnricherStats } from './places-stats.js';
import { failedPractice, matchedPractice, noMatchPractice, skippedPractice } from './practice-outcome.js';
import { placesQueryInput, placesQueryKey, sourceCoordinates } from './practice-query.js';
import { type PullState, PullStates } from './pull-state.js';
import { RateLimiter } from './rate-limiter.js';
import { scrubbingLogger, scrubSecret } from './secret-scrub.js';

const DAY_MS = 86_400_000;

/** The enricher {@link createPlacesEnricher} returns: a core `Enricher` named `places`. */
export interface PlacesEnricher extends Enricher {
  readonly name: 'places';
  /** What it did in the pull `pullId`, or in the latest pull it worked for. */
  stats(pullId?: string): PlacesEnricherStats;
  /** Forgets the pulls it worked for: stats back to zero, budgets full, a refused key tried again. */
  resetForPull(): void;
}

/**
 * Creates the Places enricher: it finds each due practice's Google place
 * (Find Place From Text), accepts it only when the name is similar and the
 * place is near the practice's own coordinates, and records the place id,
 * coordinates (when the source had none) and place details. Answers are
 * cached for `cacheMaxAgeDays`, so a second pull makes no call. It never
 * fails a pull: a practice it could not enrich is marked `failed`.
 *
 * ### Examples
 * ```ts
 * import { createPlacesEnricher } from '@provider-data/enricher-places';
 *
 * const places = createPlacesEnricher({ apiKey: process.env.GOOGLE_MAPS_API_KEY, concurrency: 4 });
 * // runPull({ …, enrichers: [places] }); then:
 * places.stats(); // { requested, cacheHits, calls, retries, matched, noMatch, failed, skipped, wouldCall, fresh }
 * ```
 */
export function createPlacesEnricher(input: PlacesEnricherOptionsInput = {}): PlacesEnricher {
  const parsed = PlacesEnricherOptions.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(options)'}: ${issue.message}`,
    );
    throw new ConfigError(`invalid Places enricher options: ${issues.join('; ')}`, { plugin: 'places' });
  }
  const options = parsed.data;
  const apiKey = options.apiKey || undefined;
  const client: PlacesClient = options.client ?? new Client({});
  const cache: EnrichmentCache = options.cache ?? createMemoryEnrichmentCache();
  const fields = [...new Set([...REQUIRED_FIND_PLACE_FIELDS, ...options.fields])];
  const detailsFields =
    options.details === true ? [...DEFAULT_DETAILS_FIELDS] : options.details === false ? [] : options.details;
  const maxAgeMs = options.cacheMaxAgeDays * DAY_MS;
  const rule = { minNameSimilarity: options.minNameSimilarity, maxDistanceMeters: options.maxDistanceMeters };
  const pulls = new PullStates(options.budget);
  const caller = new PlacesCaller({
    apiKey: apiKey ?? '',
    limit: pLimit(options.concurrency),
    rate: new RateLimiter(options.requestsPerSecond),
    retry: { maxRetries: options.maxRetries, baseMs: options.retryBaseMs, maxMs: options.retryMaxMs },
  });
  // The client's own retry (retry-axios) is switched off: the caller owns the policy and counts every call.
  const requestConfig = { timeout: options.timeoutMs, raxConfig: { retry: 0, noResponseRetries: 0 } };
  let saidNoKey = false;
  // Details are cached per place and field list: other fields are another answer.
  const detailsKey = (placeId: string) => `${placeId}|${detailsFields.join(',')}`;

  const fetchFindPlace = async (
    state: PullState,
    logger: Logger,
    practice: Practice,
    signal: AbortSignal | undefined,
  ): Promise<Fetched<CachedFindPlace>> => {
    const own = sourceCoordinates(practice);
    const response = await caller.call(state, logger, signal, (callSignal) =>
      client.findPlaceFromText({
        params: {
          input: placesQueryInput(practice),
          inputtype: PlaceInputType.textQuery,
          fields,
          key: apiKey!,
          ...(own
            ? { locationbias: `circle:${Math.round(options.maxDistanceMeters)}@${own.lat},${own.lng}` }
            : {}),
        },
        url: `${options.baseUrl}/findplacefromtext/json`,
        ...requestConfig,
        ...(callSignal ? { signal: callSignal } : {}),
      }),
    );
    const fetchedAt = new Date();
    const status = response.data?.status;
    if (status !== 'OK' && status !== 'ZERO_RESULTS') {
      throw new PlacesError({ code: 'places_unexpected', googleStatus: String(status).slice(0, 40) });
    }
    const candidates = (response.data.candidates ?? []).map(toCandidate).filter((c) => c !== null);
    return { value: { status, candidates }, fetchedAt };
  };

  const fetchDetails = async (
    state: PullState,
    logger: Logger,
    placeId: string,
    signal: AbortSignal | undefined,
  ): Promise<Fetched<CachedDetails>> => {
    const response = await caller.call(state, logger, signal, (callSignal) =>
      client.placeDetails({
        params: { place_id: placeId, fields: detailsFields, key: apiKey! },
        url: `${options.baseUrl}/details/json`,
        ...requestConfig,
        ...(callSignal ? { signal: callSignal } : {}),
      }),
    );
    const fetchedAt = new Date();
    if (response.data?.status !== 'OK') {
      throw new PlacesError({
        code: 'places_unexpected',
        googleStatus: String(response.data?.status).slice(0, 40),
      });
    }
    return { value: toContact(response.data.result), fetchedAt };
  };

  /** Writes an answer to the cache; a cache that cannot write costs calls later, not the pull. */
  const remember = async (
    state: PullState,
    logger: Logger,
    namespace: string,
    key: string,
    answer: Fetched<unknown>,
  ) => {
    try {
      await cache.set(namespace, [{ key, value: answer.value, fetchedAt: answer.fetchedAt }]);
    } catch (error) {
      if (!state.cacheWarned) {
        state.cacheWarned = true;
        logger.warn(
          { namespace, error: toSafeError(error) },
          'could not write the Places cache; answers are not kept',
        );
      }
    }
  };

  /** One answer per key: from the pull's in-flight fetch when there is one, else a new fetch that is cached. */
  const shared = <T>(
    inFlight: Map<string, Promise<Fetched<T>>>,
    key: string,
    fetch: () => Promise<Fetched<T>>,
    onFetched: (answer: Fetched<T>) => Promise<void>,
  ): Promise<Fetched<T>> => {
    let pending = inFlight.get(key);
    if (!pending) {
      pending = fetch().then(async (answer) => {
        await onFetched(answer);
        return answer;
      });
      inFlight.set(key, pending);
      const forget = () => inFlight.delete(key);
      pending.then(forget, forget);
    }
    return pending;
  };

  const enrich = async (practices: Practice[], context: EnrichContext): Promise<Practice[]> => {
    const logger = scrubbingLogger(
      childLogger(options.logger ?? context.logger, { enricher: 'places' }),
      apiKey,
    );
    const state = pulls.for(context.pull.pullId);
    const { stats } = state;
    const signal = context.signal;
    const out = practices.slice();
    const now = Date.now();

    const due: number[] = [];
    practices.forEach((practice, index) => {
      const fresh =
        practice.googlePlaceId !== null &&
        practice.enrichedAt !== null &&
        now - practice.enrichedAt.getTime() <= maxAgeMs;
      if (fresh) stats.fresh++;
      else due.push(index);
    });
    stats.requested += due.length;
    if (due.length === 0) return out;

    if (!apiKey) {
      if (!saidNoKey) {
        saidNoKey = true;
        logger.warn(
          {},
          'no Google Places API key is configured: practices are not enriched (status skipped)',
        );
      }
      for (const index of due) out[index] = skippedPractice(practices[index]!);
      stats.skipped += due.length;
      return out;
    }

    const fail = (index: number, error: unknown) => {
      const safe = toPlacesError(error, apiKey);
      logger.debug({ practiceId: practices[index]!.id, code: safe.code }, safe.message);
      out[index] = failedPractice(practices[index]!);
      stats.failed++;
    };

    // Find Place: one answer per query key, from the cache when it is fresh.
    const byKey = new Map<string, number[]>();
    for (const index of due) {
      const key = placesQueryKey(practices[index]!);
      const group = byKey.get(key);
      if (group) group.push(index);
      else byKey.set(key, [index]);
    }
    let cached: Map<string, CacheEntry>;
    try {
      cached = await cache.get(FIND_PLACE_NAMESPACE, [...byKey.keys()]);
    } catch (error) {
      logger.warn(
        { error: toSafeError(error) },
        'could not read the Places cache; due practices are marked failed',
      );
      for (const index of due) fail(index, error);
      return out;
    }

    const answers = new Map<string, Fetched<CachedFindPlace>>();
    const misses: string[] = [];
    for (const key of byKey.keys()) {
      const hit = freshValue(cached.get(key), CachedFindPlace, maxAgeMs, now);
      if (hit) {
        answers.set(key, hit);
        stats.cacheHits++;
      } else misses.push(key);
    }

    if (options.dryRun) {
      stats.wouldCall += misses.length;
      const placeIds = new Set<string>();
      for (const [key, answer] of answers) {
        for (const index of byKey.get(key)!) {
          const match = matchCandidate(practices[index]!, answer.value.candidates, rule);
          if (match) placeIds.add(match.candidate.placeId);
        }
      }
      if (detailsFields.length > 0 && placeIds.size > 0) {
        const keys = [...placeIds].map(detailsKey);
        try {
          const hits = await cache.get(DETAILS_NAMESPACE, keys);
          for (const key of keys) {
            if (freshValue(hits.get(key), CachedDetails, maxAgeMs, now)) stats.cacheHits++;
            else stats.wouldCall++;
          }
        } catch {
          stats.wouldCall += keys.length;
        }
      }
      logger.debug({ pullId: state.pullId, wouldCall: stats.wouldCall }, 'Places dry run');
      return out;
    }

    await Promise.all(
      misses.map(async (key) => {
        const group = byKey.get(key)!;
        try {
          const answer = await shared(
            state.findPlaceInFlight,
            key,
            () => fetchFindPlace(state, logger, practices[group[0]!]!, signal),
            (fetched) => remember(state, logger, FIND_PLACE_NAMESPACE, key, fetched),
          );
          answers.set(key, answer);
        } catch (error) {
          for (const index of group) fail(index, error);
        }
      }),
    );

    // Decide each practice against its own name and coordinates.
    const matches = new Map<number, { match: PlaceMatch; fetchedAt: Date }>();
    for (const [key, answer] of answers) {
      for (const index of byKey.get(key)!) {
        const practice = practices[index]!;
        const match = matchCandidate(practice, answer.value.candidates, rule);
        if (match) matches.set(index, { match, fetchedAt: answer.fetchedAt });
        else {
          out[index] = noMatchPractice(practice, answer.fetchedAt);
          stats.noMatch++;
        }
      }
    }

    const contacts = new Map<string, Fetched<CachedDetails>>();
    if (detailsFields.length > 0 && matches.size > 0) {
      const placeIds = [...new Set([...matches.values()].map((m) => m.match.candidate.placeId))];
      let hits = new Map<string, CacheEntry>();
      try {
        hits = await cache.get(DETAILS_NAMESPACE, placeIds.map(detailsKey));
      } catch (error) {
        logger.warn({ error: toSafeError(error) }, 'could not read the Places details cache; fetching');
      }
      await Promise.all(
        placeIds.map(async (placeId) => {
          const key = detailsKey(placeId);
          const hit = freshValue(hits.get(key), CachedDetails, maxAgeMs, now);
          if (hit) {
            stats.cacheHits++;
            contacts.set(placeId, hit);
            return;
          }
          try {
            const answer = await shared(
              state.detailsInFlight,
              key,
              () => fetchDetails(state, logger, placeId, signal),
              (fetched) => remember(state, logger, DETAILS_NAMESPACE, key, fetched),
            );
            contacts.set(placeId, answer);
          } catch (error) {
            for (const [index, { match }] of matches) {
              if (match.candidate.placeId === placeId) {
                matches.delete(index);
                fail(index, error);
              }
            }
          }
        }),
      );
    }

    for (const [index, { match, fetchedAt }] of matches) {
      const contact = contacts.get(match.candidate.placeId);
      // Content carries the time of its oldest part: it all expires together.
      const at = contact && contact.fetchedAt < fetchedAt ? contact.fetchedAt : fetchedAt;
      out[index] = matchedPractice(practices[index]!, match.candidate, contact?.value ?? null, at);
      stats.matched++;
    }

    logger.debug({ pullId: state.pullId, ...stats }, 'Places enrichment of a batch done');
    return out;
  };

  return {
    name: 'places',
    async enrich(practices, context) {
      try {
        return await enrich(practices, context);
      } catch (error) {
        // A bug must not leak the key through the pipeline's error message.
        if (error instanceof Error) {
          try {
            error.message = scrubSecret(error.message, apiKey);
          } catch {}
        }
        throw error;
      }
    },
    stats: (pullId?: string) => pulls.stats(pullId),
    resetForPull: () => pulls.reset(),
  };
}

function toSafeError(error: unknown): { name: string; message: string } {
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}
