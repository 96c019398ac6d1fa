import { ConfigError } from '@provider-data/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FIND_PLACE_NAMESPACE, TEXT_SEARCH_NAMESPACE } from './cached-answer.js';
import { createMemoryEnrichmentCache } from './memory-enrichment-cache.js';
import { createPlacesEnricher } from './places-enricher.js';
import {
  DEFAULT_DETAILS_FIELDS,
  NEW_DETAILS_FIELDS,
  type PlacesEnricherOptionsInput,
  REQUIRED_FIND_PLACE_FIELDS,
  TEXT_SEARCH_FIELD_MASK,
} from './places-enricher-options.js';
import { placesQueryKey } from './practice-query.js';
import {
  createCapturingLogger,
  type KnownPlace,
  type PlacesTestServer,
  receivedSearches,
  startPlacesTestServer,
  testEnrichContext,
  testPractice,
} from './testing/index.js';

const KEY = 'test-key-enricher';
const DAY = 86_400_000;

const APOLLO: KnownPlace = {
  placeId: 'ChIJ-apollo-greams',
  name: 'Apollo Hospitals Greams Road',
  formattedAddress: '21, Greams Lane, Off Greams Road, Chennai, Tamil Nadu 600006, India',
  lat: 13.0604,
  lng: 80.2496,
  internationalPhoneNumber: '+91 44 2829 3333',
  formattedPhoneNumber: '044 2829 3333',
  website: 'https://www.apollohospitals.com/',
};
const RAMACHANDRA: KnownPlace = {
  placeId: 'ChIJ-sri-ramachandra',
  name: 'Sri Ramachandra Medical Centre',
  formattedAddress: 'Porur, Chennai, Tamil Nadu 600116, India',
  lat: 13.0358,
  lng: 80.1416,
};
// Google ranks a diagnostics centre first for "Kumar Clinic": a wrong place.
const SUNRISE: KnownPlace = {
  placeId: 'ChIJ-sunrise',
  name: 'Sunrise Diagnostics',
  formattedAddress: 'Anna Nagar, Chennai',
  lat: 13.085,
  lng: 80.21,
  answersTo: ['Kumar Clinic'],
};
const WORDS =
  'alpha bravo charlie delta echo foxtrot golf hotel india juliett kilo lima mike november oscar papa quebec romeo sierra tango'.split(
    ' ',
  );
const BULK: KnownPlace[] = WORDS.map((word, i) => ({
  placeId: `ChIJ-bulk-${word}`,
  name: `${word} Multispeciality Hospital`,
  formattedAddress: `${i + 1} Main Road, Chennai`,
  lat: 13 + i / 1000,
  lng: 80.2,
}));

const apollo = () =>
  testPractice({
    name: 'Apollo Hospitals',
    addressLine: '21 Greams Lane',
    city: 'Chennai',
    pincode: '600006',
  });
const bulk = () =>
  WORDS.map((word) => testPractice({ name: `${word} Multispeciality Hospital`, city: 'Chennai' }));

let server: PlacesTestServer;

beforeAll(async () => {
  server = await startPlacesTestServer({ places: [APOLLO, RAMACHANDRA, SUNRISE, ...BULK] });
});
afterAll(() => server.close());
beforeEach(() => {
  server.setMode('ok');
  server.resetCalls();
});

// Every test runs on both APIs: the real Google client (legacy) and plain fetch (new) against the test server.
const APIS = [
  {
    api: 'new' as const,
    fields: TEXT_SEARCH_FIELD_MASK,
    details: NEW_DETAILS_FIELDS,
    namespace: TEXT_SEARCH_NAMESPACE,
  },
  {
    api: 'legacy' as const,
    fields: REQUIRED_FIND_PLACE_FIELDS,
    details: DEFAULT_DETAILS_FIELDS,
    namespace: FIND_PLACE_NAMESPACE,
  },
];

describe.each(APIS)('the Places API ($api)', ({ api, fields, details, namespace }) => {
  const enricher = (options: PlacesEnricherOptionsInput = {}) =>
    createPlacesEnricher({
      api,
      apiKey: KEY,
      baseUrl: server.url,
      retryBaseMs: 1,
      requestsPerSecond: 1000,
      ...options,
    });

  describe('matching', () => {
    it('matches a practice to its place: place id, Google coordinates when the source had none, details', async () => {
      const places = enricher();
      const [practice] = await places.enrich([apollo()], testEnrichContext());

      expect(practice).toMatchObject({
        enrichmentStatus: 'matched',
        googlePlaceId: APOLLO.placeId,
        latitude: APOLLO.lat,
        longitude: APOLLO.lng,
        geoSource: 'google',
        placeDetails: {
          name: APOLLO.name,
          formattedAddress: APOLLO.formattedAddress,
          phone: null,
          website: null,
        },
        enrichmentEvidence: {
          enricher: 'places',
          api,
          rule: 'matched',
          anchor: 'city_centre',
          accepted: { placeId: APOLLO.placeId, name: APOLLO.name, reason: null, failed: [] },
          rejected: [],
        },
      });
      expect(practice?.enrichedAt).toBeInstanceOf(Date);
      // Without coordinates of its own, the search is biased to the city (Chennai's centre, 35 km).
      expect(receivedSearches(server.requests)).toEqual([
        {
          api,
          query: 'Apollo Hospitals, 21 Greams Lane, Chennai, 600006',
          bias: { lat: 13.0827, lng: 80.2707, radiusMeters: 35_000 },
          fields: [...fields],
        },
      ]);
      expect(places.stats()).toMatchObject({ requested: 1, calls: 1, matched: 1, cacheHits: 0 });
    });

    it('keeps source coordinates, and biases the search around them', async () => {
      const source = { latitude: 13.0601, longitude: 80.2499 };
      const [practice] = await enricher().enrich(
        [{ ...apollo(), ...source, geoSource: 'source' }],
        testEnrichContext(),
      );

      expect(practice).toMatchObject({ enrichmentStatus: 'matched', ...source, geoSource: 'source' });
      expect(practice?.enrichmentEvidence).toMatchObject({ anchor: 'source_coordinates' });
      expect(receivedSearches(server.requests)[0]?.bias).toEqual({
        lat: 13.0601,
        lng: 80.2499,
        radiusMeters: 2000,
      });
    });

    it('marks a practice Google does not know no_match (ZERO_RESULTS)', async () => {
      const [practice] = await enricher().enrich(
        [testPractice({ name: 'Nowhere Nursing Home' })],
        testEnrichContext(),
      );

      expect(practice).toMatchObject({
        enrichmentStatus: 'no_match',
        googlePlaceId: null,
        placeDetails: null,
        enrichmentEvidence: { rule: 'zero_results', accepted: null, rejected: [] },
      });
      expect(practice?.enrichedAt).toBeInstanceOf(Date);
      expect(server.calls.total).toBe(1);
    });

    it('rejects a candidate whose name is not the practice’s', async () => {
      const places = enricher();
      const [practice] = await places.enrich([testPractice({ name: 'Kumar Clinic' })], testEnrichContext());

      expect(practice).toMatchObject({
        enrichmentStatus: 'no_match',
        googlePlaceId: null,
        enrichmentEvidence: { rule: 'brand_mismatch', rejected: [{ placeId: SUNRISE.placeId }] },
      });
      expect(places.stats()).toMatchObject({ calls: 1, noMatch: 1, matched: 0 });
    });

    it('rejects a similarly named candidate 50 km from the practice’s own coordinates', async () => {
      // Kanchipuram, about 50 km from Porur.
      const far = testPractice({
        name: 'Sri Ramachandra Medical Centre',
        latitude: 12.8342,
        longitude: 79.7036,
      });
      const unplaced = testPractice({ name: 'Sri Ramachandra Medical Centre', city: 'Chennai' });
      const [rejected, accepted] = await enricher().enrich([far, unplaced], testEnrichContext());

      expect(rejected).toMatchObject({
        enrichmentStatus: 'no_match',
        latitude: 12.8342,
        geoSource: 'source',
        enrichmentEvidence: { rule: 'too_far', rejected: [{ distanceMeters: expect.any(Number) }] },
      });
      expect(accepted).toMatchObject({ enrichmentStatus: 'matched', googlePlaceId: RAMACHANDRA.placeId });
    });

    it('returns the same practices in the same order, and leaves freshly enriched ones alone', async () => {
      const fresh = testPractice({
        name: 'Apollo Hospitals',
        googlePlaceId: 'ChIJ-earlier',
        enrichmentStatus: 'matched',
        enrichedAt: new Date(Date.now() - 3 * DAY),
      });
      const input = [testPractice({ name: 'Nowhere Nursing Home' }), fresh, apollo()];
      const places = enricher();
      const output = await places.enrich(input, testEnrichContext());

      expect(output.map((p) => p.id)).toEqual(input.map((p) => p.id));
      expect(output[1]).toBe(fresh);
      expect(output.map((p) => p.enrichmentStatus)).toEqual(['no_match', 'matched', 'matched']);
      expect(server.calls.total).toBe(2);
      expect(places.stats()).toMatchObject({ requested: 2, fresh: 1 });
    });

    it('asks once for practices that share a query', async () => {
      const output = await enricher().enrich([apollo(), apollo(), apollo()], testEnrichContext());

      expect(output.every((p) => p.googlePlaceId === APOLLO.placeId)).toBe(true);
      expect(server.calls.total).toBe(1);
    });

    it('adds phone (E.164) and website from Place Details when asked', async () => {
      const cache = createMemoryEnrichmentCache();
      const places = enricher({ details: true, cache });
      const [practice] = await places.enrich([apollo()], testEnrichContext());

      expect(practice?.placeDetails).toEqual({
        name: APOLLO.name,
        formattedAddress: APOLLO.formattedAddress,
        phone: '+914428293333',
        website: APOLLO.website,
      });
      expect(server.calls.byKind).toMatchObject({ search: 1, details: 1 });
      const asked = api === 'new' ? server.requests[1]?.fieldMask : server.requests[1]?.params.fields;
      expect(asked).toBe(details.join(','));

      await places.enrich([apollo()], testEnrichContext());
      expect(server.calls.total).toBe(2);
      expect(places.stats()).toMatchObject({ calls: 0, cacheHits: 2, matched: 1 });
    });
  });

  describe('cache', () => {
    it('serves a second pull of the same practices wholly from the cache', async () => {
      const cache = createMemoryEnrichmentCache();
      const first = enricher({ cache });
      const practices = [...bulk(), testPractice({ name: 'Nowhere Nursing Home' })];
      const firstRun = await first.enrich(practices, testEnrichContext());
      expect(server.calls.total).toBe(21);
      expect(first.stats()).toMatchObject({ calls: 21, matched: 20, noMatch: 1 });

      const again = await first.enrich(practices, testEnrichContext());
      const otherInstance = await enricher({ cache }).enrich(practices, testEnrichContext());

      expect(server.calls.total).toBe(21);
      expect(first.stats()).toMatchObject({ calls: 0, cacheHits: 21, matched: 20, noMatch: 1 });
      for (const run of [again, otherInstance]) {
        expect(run.map((p) => [p.enrichmentStatus, p.googlePlaceId])).toEqual(
          firstRun.map((p) => [p.enrichmentStatus, p.googlePlaceId]),
        );
      }
    });

    it('fetches again an answer older than cacheMaxAgeDays, and uses a younger one', async () => {
      const cache = createMemoryEnrichmentCache();
      const old = apollo();
      const young = testPractice({ name: 'Sri Ramachandra Medical Centre', city: 'Chennai' });
      const stale = { status: 'OK', candidates: [] };
      await cache.set(namespace, [
        { key: placesQueryKey(old), value: stale, fetchedAt: new Date(Date.now() - 31 * DAY) },
        {
          key: placesQueryKey(young),
          value: {
            status: 'OK',
            candidates: [
              {
                placeId: 'ChIJ-cached',
                name: RAMACHANDRA.name,
                formattedAddress: RAMACHANDRA.formattedAddress,
                location: { lat: RAMACHANDRA.lat, lng: RAMACHANDRA.lng },
                businessStatus: null,
              },
            ],
          },
          fetchedAt: new Date(Date.now() - 10 * DAY),
        },
      ]);

      const places = enricher({ cache });
      const [refetched, cached] = await places.enrich([old, young], testEnrichContext());

      expect(server.calls.total).toBe(1);
      expect(refetched).toMatchObject({ enrichmentStatus: 'matched', googlePlaceId: APOLLO.placeId });
      expect(cached).toMatchObject({ enrichmentStatus: 'matched', googlePlaceId: 'ChIJ-cached' });
      // The content is as old as the answer it came from.
      expect(Date.now() - cached!.enrichedAt!.getTime()).toBeGreaterThanOrEqual(10 * DAY - 1000);
      expect(
        (await cache.get(namespace, [placesQueryKey(old)])).get(placesQueryKey(old))?.fetchedAt.getTime(),
      ).toBeGreaterThan(Date.now() - DAY);
    });

    it('looks again at a matched practice whose enrichment is older than cacheMaxAgeDays', async () => {
      const expired = {
        ...apollo(),
        googlePlaceId: APOLLO.placeId,
        enrichmentStatus: 'matched' as const,
        enrichedAt: new Date(Date.now() - 40 * DAY),
      };
      const [practice] = await enricher().enrich([expired], testEnrichContext());

      expect(server.calls.total).toBe(1);
      expect(practice!.enrichedAt!.getTime()).toBeGreaterThan(Date.now() - DAY);
    });
  });

  describe('without an API key, in a dry run', () => {
    it('skips every practice, makes no call, and says so once', async () => {
      const logger = createCapturingLogger();
      const places = createPlacesEnricher({ api, baseUrl: server.url, logger });
      const first = await places.enrich(bulk(), testEnrichContext());
      const second = await places.enrich([apollo()], testEnrichContext());

      expect([...first, ...second].every((p) => p.enrichmentStatus === 'skipped')).toBe(true);
      expect(server.calls.total).toBe(0);
      expect(logger.lines).toHaveLength(1);
      expect(logger.lines[0]?.level).toBe('warn');
      expect(places.stats()).toMatchObject({ skipped: 1, calls: 0 });
    });

    it('dry run makes no call and counts the calls it would make', async () => {
      const cache = createMemoryEnrichmentCache();
      await enricher({ cache }).enrich(bulk().slice(0, 5), testEnrichContext());
      server.resetCalls();

      const places = enricher({ cache, dryRun: true });
      const input = [...bulk(), testPractice({ name: 'Nowhere Nursing Home' })];
      const output = await places.enrich(input, testEnrichContext());

      expect(server.calls.total).toBe(0);
      expect(output).toEqual(input);
      expect(places.stats()).toMatchObject({ requested: 21, cacheHits: 5, wouldCall: 16, calls: 0 });
    });
  });

  describe('budget and a refused key', () => {
    it('makes no more calls than the pull’s budget, and fails the rest', async () => {
      const logger = createCapturingLogger();
      const places = enricher({ budget: 5, logger });
      const context = testEnrichContext();
      const output = await places.enrich(bulk(), context);

      expect(server.calls.total).toBe(5);
      expect(output.filter((p) => p.enrichmentStatus === 'matched')).toHaveLength(5);
      expect(output.filter((p) => p.enrichmentStatus === 'failed')).toHaveLength(15);
      expect(logger.lines.filter((l) => l.level === 'warn')).toHaveLength(1);

      // Still spent in the same pull; a new pull has a new budget.
      await places.enrich([apollo()], context);
      expect(server.calls.total).toBe(5);
      await places.enrich([apollo()], testEnrichContext());
      expect(server.calls.total).toBe(6);
    });

    it('stops the pull’s calls after one REQUEST_DENIED: every practice failed, one error line', async () => {
      server.setMode('request_denied');
      const logger = createCapturingLogger();
      const places = enricher({ concurrency: 4, logger });
      const input = bulk();
      const output = await places.enrich(input, testEnrichContext());

      expect(server.calls.total).toBe(1);
      expect(output.every((p) => p.enrichmentStatus === 'failed')).toBe(true);
      expect(output.map(({ enrichmentStatus, ...rest }) => rest)).toEqual(
        input.map(({ enrichmentStatus, ...rest }) => rest),
      );
      expect(logger.lines.filter((l) => l.level === 'error')).toHaveLength(1);
      expect(places.stats()).toMatchObject({ calls: 1, failed: 20, retries: 0 });
    });
  });

  describe('concurrency', () => {
    it('keeps at most `concurrency` calls in flight, and does use them', async () => {
      server.setMode('slow', { delayMs: 40 });
      const output = await enricher({ concurrency: 3 }).enrich(bulk(), testEnrichContext());

      expect(output.every((p) => p.enrichmentStatus === 'matched')).toBe(true);
      expect(server.calls.total).toBe(20);
      expect(server.calls.maxConcurrent).toBeLessThanOrEqual(3);
      expect(server.calls.maxConcurrent).toBeGreaterThan(1);
    });
  });

  describe('options', () => {
    it('rejects bad options with a ConfigError that names the setting, not the key', () => {
      const attempt = () =>
        createPlacesEnricher({ apiKey: 'secret-in-options', concurrency: 0, cacheMaxAgeDays: 45 });
      expect(attempt).toThrow(ConfigError);
      expect(attempt).toThrow(/concurrency.*cacheMaxAgeDays/);
      expect(attempt).not.toThrow(/secret-in-options/);
    });
  });

  describe('robustness', () => {
    it('fails the due practices, making no call, when the cache cannot be read', async () => {
      const logger = createCapturingLogger();
      const broken = {
        get: async () => {
          throw new Error('connection refused');
        },
        set: async () => {},
      };
      const output = await enricher({ cache: broken, logger }).enrich([apollo()], testEnrichContext());

      expect(output[0]?.enrichmentStatus).toBe('failed');
      expect(server.calls.total).toBe(0);
      expect(logger.lines.filter((l) => l.level === 'warn')).toHaveLength(1);
    });

    it('still enriches when the cache cannot be written, and says so once', async () => {
      const logger = createCapturingLogger();
      const readOnly = {
        get: async () => new Map(),
        set: async () => {
          throw new Error('read-only transaction');
        },
      };
      const output = await enricher({ cache: readOnly, logger }).enrich(
        bulk().slice(0, 3),
        testEnrichContext(),
      );

      expect(output.every((p) => p.enrichmentStatus === 'matched')).toBe(true);
      expect(logger.lines.filter((l) => l.level === 'warn')).toHaveLength(1);
    });

    it('makes no call once the pull is aborted', async () => {
      const controller = new AbortController();
      controller.abort();
      const output = await enricher().enrich(
        bulk().slice(0, 3),
        testEnrichContext({ signal: controller.signal }),
      );

      expect(output.every((p) => p.enrichmentStatus === 'failed')).toBe(true);
      expect(server.calls.total).toBe(0);
    });

    it('fails a matched practice whose Place Details call fails, and retries it next pull', async () => {
      const cache = createMemoryEnrichmentCache();
      const places = enricher({ details: true, maxRetries: 0, cache });
      // The search answer is cached; only Place Details is left to ask.
      await enricher({ cache }).enrich([apollo()], testEnrichContext());
      server.resetCalls();
      server.setMode('server_error', { times: 1 });

      const [practice] = await places.enrich([apollo()], testEnrichContext());
      expect(practice?.enrichmentStatus).toBe('failed');
      expect(server.calls.byKind).toMatchObject({ search: 0, details: 1 });

      const [again] = await places.enrich([apollo()], testEnrichContext());
      expect(again).toMatchObject({ enrichmentStatus: 'matched', placeDetails: { website: APOLLO.website } });
      expect(server.calls.byKind).toMatchObject({ search: 0, details: 2 });
    });
  });
});
