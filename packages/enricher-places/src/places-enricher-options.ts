import type { EnrichmentCache, Logger } from '@provider-data/core';
import { z } from 'zod';
import type { PlacesClient } from './places-client.js';
import type { PlacesFetch } from './new-places-api.js';

/** Find Place (Legacy) fields the matching rules need; always requested. All are Basic data, the cheapest tier. */
export const REQUIRED_FIND_PLACE_FIELDS: readonly string[] = [
  'place_id',
  'name',
  'formatted_address',
  'geometry/location',
  'business_status',
];

/** The Find Place (Legacy) fields requested by default: those the rules need. */
export const DEFAULT_FIND_PLACE_FIELDS: readonly string[] = REQUIRED_FIND_PLACE_FIELDS;

/**
 * The Text Search (New) field mask: what the rules need and no more. Every
 * field is in the Text Search Pro SKU; `places.id` alone would be the free
 * IDs-only SKU, but cannot be matched; a phone or website field would make
 * every search Enterprise.
 */
export const TEXT_SEARCH_FIELD_MASK: readonly string[] = [
  'places.id',
  'places.displayName',
  'places.formattedAddress',
  'places.location',
  'places.businessStatus',
];

/** The Place Details (Legacy) fields requested when `details` is `true`. */
export const DEFAULT_DETAILS_FIELDS: readonly string[] = [
  'international_phone_number',
  'formatted_phone_number',
  'website',
];

/** The Place Details (New) fields requested when `details` is `true` (the Place Details Enterprise SKU). */
export const NEW_DETAILS_FIELDS: readonly string[] = [
  'internationalPhoneNumber',
  'nationalPhoneNumber',
  'websiteUri',
];

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/**
 * The options of {@link createPlacesEnricher}, with their defaults. Parse
 * errors name the setting, never the API key.
 *
 * ### Examples
 * ```ts
 * import { PlacesEnricherOptions } from '@provider-data/enricher-places';
 *
 * const options = PlacesEnricherOptions.parse({ apiKey: 'AIza…' });
 * options.concurrency; // 4
 * options.cacheMaxAgeDays; // 30
 * ```
 */
export const PlacesEnricherOptions = z.object({
  /** Google API key. Absent or empty: every practice is `skipped`, said once in the log. */
  apiKey: z.string().optional(),
  /** Which web service: the Places API (New), the default, or the Places API (Legacy) for projects that still have it. */
  api: z.enum(['new', 'legacy']).default('new'),
  /** The service root or host: Google's by default, a company proxy, or a local test server (see `placesServiceUrl`). */
  baseUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** Extra search fields, in the API's own names; the fields the rules need are always asked. */
  fields: z.array(z.string().min(1)).default([]),
  /** Also call Place Details of each match for its phone and website: `true` for the default fields, or a field list in the API's names. */
  details: z.union([z.boolean(), z.array(z.string().min(1))]).default(false),
  /** The region the new API formats and biases answers for (CLDR code). */
  regionCode: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .default('IN'),
  /** Places calls in flight at once, per enricher. */
  concurrency: z.int().min(1).max(64).default(4),
  /** Places calls started within any one second, per enricher. */
  requestsPerSecond: z.number().positive().default(10),
  /** Retries of a call after OVER_QUERY_LIMIT, a 5xx, a timeout or a dropped connection. */
  maxRetries: z.int().min(0).max(10).default(3),
  /** The first retry's backoff in ms, doubled each retry, with jitter. */
  retryBaseMs: z.number().min(0).default(200),
  /** The longest backoff in ms (a `Retry-After` header up to 5 minutes is honoured as given). */
  retryMaxMs: z.number().min(0).default(10_000),
  /** Per-call timeout in ms. */
  timeoutMs: z.int().min(1).default(10_000),
  /** The most Places calls (retries included) one pull may make; past it, practices are `failed`. */
  budget: z.int().min(0).default(10_000),
  /** Cached answers and enrichments older than this are fetched again. At most 30 (Google's terms). */
  cacheMaxAgeDays: z.number().positive().max(30).default(30),
  /** The least name similarity (Dice over distinctive words, 0–1) for a candidate to match. */
  minNameSimilarity: z.number().min(0).max(1).default(0.5),
  /** The farthest a candidate may be from the practice's own coordinates, in metres; also the location bias radius. */
  maxDistanceMeters: z.number().positive().default(2000),
  /** Make no call: count in `stats().wouldCall` what would have been called, return practices unchanged. */
  dryRun: z.boolean().default(false),
  /** Where answers are kept between pulls. Default: in memory, for this enricher only. */
  cache: z
    .custom<EnrichmentCache>(
      (v) => isObject(v) && typeof v.get === 'function' && typeof v.set === 'function',
      {
        message: 'expected an EnrichmentCache (get and set)',
      },
    )
    .optional(),
  /** The legacy API's Google `Client` (or the two methods of it used). Default: `new Client({})`. */
  client: z
    .custom<PlacesClient>(
      (v) => isObject(v) && typeof v.findPlaceFromText === 'function' && typeof v.placeDetails === 'function',
      { message: 'expected a Google Maps Client' },
    )
    .optional(),
  /** The new API's `fetch`. Default: the global `fetch`. */
  fetch: z
    .custom<PlacesFetch>((v) => typeof v === 'function', { message: 'expected a fetch function' })
    .optional(),
  /** Where to log. Default: the pull's logger from the enrich context. */
  logger: z
    .custom<Logger>((v) => isObject(v) && typeof v.info === 'function' && typeof v.error === 'function', {
      message: 'expected a Logger',
    })
    .optional(),
});
/** The options as passed (defaults optional). */
export type PlacesEnricherOptionsInput = z.input<typeof PlacesEnricherOptions>;
/** The options with defaults applied. */
export type PlacesEnricherOptions = z.output<typeof PlacesEnricherOptions>;
