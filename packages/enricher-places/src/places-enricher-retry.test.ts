import { Client } from '@googlemaps/google-maps-services-js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPlacesEnricher } from './places-enricher.js';
import type { PlacesEnricherOptionsInput } from './places-enricher-options.js';
import {
  createCapturingLogger,
  type KnownPlace,
  type PlacesTestServer,
  startPlacesTestServer,
  testEnrichContext,
  testPractice,
} from './testing/index.js';

const APOLLO: KnownPlace = {
  placeId: 'ChIJ-apollo-greams',
  name: 'Apollo Hospitals',
  formattedAddress: 'Greams Lane, Chennai 600006',
  lat: 13.0604,
  lng: 80.2496,
};
const apollo = () => testPractice({ name: 'Apollo Hospitals', city: 'Chennai' });

let server: PlacesTestServer;

beforeAll(async () => {
  server = await startPlacesTestServer({ places: [APOLLO] });
});
afterAll(() => server.close());
beforeEach(() => {
  server.setMode('ok');
  server.resetCalls();
});

describe.each(['new', 'legacy'] as const)('retries on the Places API (%s)', (api) => {
  const enricher = (options: PlacesEnricherOptionsInput = {}) =>
    createPlacesEnricher({
      api,
      apiKey: 'test-key-retry',
      baseUrl: server.url,
      retryBaseMs: 1,
      retryMaxMs: 5,
      requestsPerSecond: 1000,
      ...options,
    });

  it('retries an OVER_QUERY_LIMIT storm exactly maxRetries times, then fails the practice', async () => {
    server.setMode('over_query_limit');
    const places = enricher({ maxRetries: 3 });
    const input = apollo();
    const [practice] = await places.enrich([input], testEnrichContext());

    expect(server.calls.total).toBe(4);
    expect(practice).toEqual({ ...input, enrichmentStatus: 'failed' });
    expect(places.stats()).toMatchObject({ calls: 4, retries: 3, failed: 1 });
  });

  it('retries HTTP 500 answers exactly maxRetries times', async () => {
    server.setMode('server_error');
    const places = enricher({ maxRetries: 2 });
    const [practice] = await places.enrich([apollo()], testEnrichContext());

    expect(server.calls.total).toBe(3);
    expect(practice?.enrichmentStatus).toBe('failed');
  });

  it('matches after a rate limit that clears after two answers, in exactly three calls', async () => {
    server.setMode('over_query_limit', { times: 2 });
    const places = enricher({ maxRetries: 3 });
    const [practice] = await places.enrich([apollo()], testEnrichContext());

    expect(practice).toMatchObject({ enrichmentStatus: 'matched', googlePlaceId: APOLLO.placeId });
    expect(server.calls.total).toBe(3);
    expect(places.stats()).toMatchObject({ calls: 3, retries: 2, matched: 1 });
  });

  it('does not retry INVALID_REQUEST', async () => {
    server.setMode('invalid_request');
    const places = enricher({ maxRetries: 3 });
    const [practice] = await places.enrich([apollo()], testEnrichContext());

    expect(server.calls.total).toBe(1);
    expect(practice?.enrichmentStatus).toBe('failed');
    expect(places.stats()).toMatchObject({ calls: 1, retries: 0, failed: 1 });
  });

  it('retries a timed-out call, and fails the practice when every attempt times out', async () => {
    server.setMode('slow', { delayMs: 300 });
    const places = enricher({ maxRetries: 1, timeoutMs: 40 });
    const [practice] = await places.enrich([apollo()], testEnrichContext());

    expect(server.calls.total).toBe(2);
    expect(practice?.enrichmentStatus).toBe('failed');
  });

  it('retries a refused connection, then fails the practice', async () => {
    const closed = await startPlacesTestServer({ places: [] });
    const url = closed.url;
    await closed.close();
    const places = createPlacesEnricher({ api, apiKey: 'k', baseUrl: url, retryBaseMs: 1, maxRetries: 2 });
    const [practice] = await places.enrich([apollo()], testEnrichContext());

    expect(practice?.enrichmentStatus).toBe('failed');
    expect(places.stats()).toMatchObject({ calls: 3, retries: 2, failed: 1 });
  });

  it('waits as long as a Retry-After header says', async () => {
    server.setMode('over_query_limit', { times: 1, retryAfterSeconds: 1 });
    const logger = createCapturingLogger();
    const places = enricher({ maxRetries: 3, logger });
    const [practice] = await places.enrich([apollo()], testEnrichContext());

    expect(practice?.enrichmentStatus).toBe('matched');
    expect(server.calls.total).toBe(2);
    const retry = logger.lines.find((l) => l.message === 'retrying Places call');
    expect(retry?.fields).toMatchObject({ code: 'places_over_query_limit', retry: 1, delayMs: 1000 });
  });

  it.skipIf(api === 'new')(
    'adds no retry of its own when given a Google client configured to retry',
    async () => {
      server.setMode('over_query_limit');
      const client = new Client({ config: { raxConfig: { retry: 5, retryDelay: 1 } } });
      const places = enricher({ client, maxRetries: 1 });
      await places.enrich([apollo()], testEnrichContext());

      expect(server.calls.total).toBe(2);
    },
  );

  it('makes one call with maxRetries 0', async () => {
    server.setMode('server_error');
    await enricher({ maxRetries: 0 }).enrich([apollo()], testEnrichContext());

    expect(server.calls.total).toBe(1);
  });

  it('honours Retry-After on HTTP 500 answers too, and counts the retry', async () => {
    server.setMode('server_error', { times: 1, retryAfterSeconds: 0 });
    const places = enricher({ maxRetries: 2 });
    const [practice] = await places.enrich([apollo()], testEnrichContext());

    expect(practice?.enrichmentStatus).toBe('matched');
    expect(places.stats()).toMatchObject({ calls: 2, retries: 1, matched: 1 });
  });
});
