import { Client } from '@googlemaps/google-maps-services-js';
import { ConfigError, childLogger, type Enricher, type EnrichmentCache } from '@provider-data/core';
import pLimit from 'p-limit';
import { FIND_PLACE_NAMESPACE, TEXT_SEARCH_NAMESPACE } from './cached-answer.js';
import { daysToMs, enrichPractices } from './enrich-practices.js';
import type { EnricherParts } from './enricher-parts.js';
import { createLegacyPlacesApi } from './legacy-places-api.js';
import { createMemoryEnrichmentCache } from './memory-enrichment-cache.js';
import { createNewPlacesApi } from './new-places-api.js';
import type { PlacesApi } from './places-api.js';
import { placesServiceUrl } from './places-base-url.js';
import { PlacesCaller } from './places-caller.js';
import {
  DEFAULT_DETAILS_FIELDS,
  NEW_DETAILS_FIELDS,
  PlacesEnricherOptions,
  type PlacesEnricherOptionsInput,
  REQUIRED_FIND_PLACE_FIELDS,
  TEXT_SEARCH_FIELD_MASK,
} from './places-enricher-options.js';
import type { PlacesEnricherStats } from './places-stats.js';
import { PullStates } from './pull-state.js';
import { RateLimiter } from './rate-limiter.js';
import { scrubbingLogger, scrubSecret } from './secret-scrub.js';

/** Candidates a new-API search asks for: enough for the right place to be second or third. */
const PAGE_SIZE = 5;

/** The enricher {@link createPlacesEnricher} returns: a core `Enricher` named `places`. */
export interface PlacesEnricher extends Enricher {
  readonly name: 'places';
  /** Which API it speaks, and the service root its calls go to. */
  readonly api: { name: 'new' | 'legacy'; serviceUrl: string };
  /** What it did in the pull `pullId`, or in the latest pull it worked for. */
  stats(pullId?: string): PlacesEnricherStats;
  /** Forgets the pulls it worked for: stats back to zero, budgets full, a refused key tried again. */
  resetForPull(): void;
}

function parseOptions(input: PlacesEnricherOptionsInput): PlacesEnricherOptions {
  const parsed = PlacesEnricherOptions.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(options)'}: ${issue.message}`,
    );
    throw new ConfigError(`invalid Places enricher options: ${issues.join('; ')}`, { plugin: 'places' });
  }
  return parsed.data;
}

function createApi(options: PlacesEnricherOptions, apiKey: string, detailsFields: string[]): PlacesApi {
  const serviceUrl = placesServiceUrl(options.api, options.baseUrl);
  if (options.api === 'legacy') {
    return createLegacyPlacesApi({
      client: options.client ?? new Client({}),
      apiKey,
      serviceUrl,
      fields: [...new Set([...REQUIRED_FIND_PLACE_FIELDS, ...options.fields])],
      detailsFields,
      timeoutMs: options.timeoutMs,
    });
  }
  return createNewPlacesApi({
    apiKey,
    serviceUrl,
    fieldMask: [...new Set([...TEXT_SEARCH_FIELD_MASK, ...options.fields])],
    detailsFields,
    timeoutMs: options.timeoutMs,
    regionCode: options.regionCode,
    pageSize: PAGE_SIZE,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}

/**
 * Creates the Places enricher: it searches each due practice's Google place
 * (Text Search on the Places API (New) by default, or Find Place on the
 * legacy API), accepts a candidate only when every matching rule passes
 * (brand, city, PIN, locality, distance, name), and records the place id,
 * coordinates (when the source had none), place details and the evidence
 * of the decision. Answers are cached for `cacheMaxAgeDays`, so a second
 * pull makes no call. It never fails a pull: a practice it could not
 * enrich is marked `failed`.
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
  const options = parseOptions(input);
  const apiKey = options.apiKey || undefined;
  const defaultDetails = options.api === 'new' ? NEW_DETAILS_FIELDS : DEFAULT_DETAILS_FIELDS;
  const detailsFields =
    options.details === true ? [...defaultDetails] : options.details === false ? [] : options.details;
  const api = createApi(options, apiKey ?? '', detailsFields);
  const cache: EnrichmentCache = options.cache ?? createMemoryEnrichmentCache();
  const parts: EnricherParts = {
    api,
    caller: new PlacesCaller({
      apiKey: apiKey ?? '',
      limit: pLimit(options.concurrency),
      rate: new RateLimiter(options.requestsPerSecond),
      retry: { maxRetries: options.maxRetries, baseMs: options.retryBaseMs, maxMs: options.retryMaxMs },
    }),
    cache,
    searchNamespace: options.api === 'new' ? TEXT_SEARCH_NAMESPACE : FIND_PLACE_NAMESPACE,
    apiKey,
    rule: { minNameSimilarity: options.minNameSimilarity, maxDistanceMeters: options.maxDistanceMeters },
    detailsFields,
    maxAgeMs: daysToMs(options.cacheMaxAgeDays),
    maxDistanceMeters: options.maxDistanceMeters,
    dryRun: options.dryRun,
    logger: options.logger,
  };
  const pulls = new PullStates(options.budget);
  let saidNoKey = false;

  return {
    name: 'places',
    api: { name: api.name, serviceUrl: api.serviceUrl },
    async enrich(practices, context) {
      const logger = scrubbingLogger(
        childLogger(options.logger ?? context.logger, { enricher: 'places' }),
        apiKey,
      );
      const onNoKey = () => {
        if (saidNoKey) return;
        saidNoKey = true;
        logger.warn(
          {},
          'no Google Places API key is configured: practices are not enriched (status skipped)',
        );
      };
      try {
        return await enrichPractices(
          parts,
          pulls.for(context.pull.pullId),
          logger,
          practices,
          context,
          onNoKey,
        );
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
