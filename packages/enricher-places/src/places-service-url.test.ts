import { ConfigError } from '@provider-data/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { placesServiceUrl } from './places-base-url.js';
import { createPlacesEnricher } from './places-enricher.js';
import {
  createCapturingLogger,
  type KnownPlace,
  type PlacesTestServer,
  startPlacesTestServer,
  testEnrichContext,
  testPractice,
} from './testing/index.js';

const APOLLO: KnownPlace = {
  placeId: 'ChIJ-apollo',
  name: 'Apollo Hospitals',
  formattedAddress: '21, Greams Lane, Chennai, Tamil Nadu 600006, India',
  lat: 13.0604,
  lng: 80.2496,
};
const practices = () =>
  Array.from({ length: 12 }, (_, i) => testPractice({ name: `Apollo Hospitals ${i}`, city: 'Chennai' }));

let server: PlacesTestServer;
beforeAll(async () => {
  server = await startPlacesTestServer({ places: [APOLLO] });
});
afterAll(() => server.close());
beforeEach(() => {
  server.setMode('ok');
  server.resetCalls();
});

describe('placesServiceUrl', () => {
  it.each([
    ['new', undefined, 'https://places.googleapis.com/v1'],
    ['legacy', undefined, 'https://maps.googleapis.com/maps/api/place'],
    ['new', 'http://127.0.0.1:8080', 'http://127.0.0.1:8080/v1'],
    ['legacy', 'http://127.0.0.1:8080/', 'http://127.0.0.1:8080/maps/api/place'],
    ['new', 'https://proxy.example/google/v1/', 'https://proxy.example/google/v1'],
    ['new', 'https://places.googleapis.com/v1/places:searchText', 'https://places.googleapis.com/v1'],
    [
      'legacy',
      'https://maps.googleapis.com/maps/api/place/findplacefromtext/json?x=1',
      'https://maps.googleapis.com/maps/api/place',
    ],
  ] as const)('%s %s → %s', (api, given, expected) => {
    expect(placesServiceUrl(api, given)).toBe(expected);
  });

  it('refuses the legacy path for the new API, and the reverse, naming the api option', () => {
    expect(() => placesServiceUrl('new', 'https://maps.googleapis.com/maps/api/place')).toThrow(ConfigError);
    expect(() => placesServiceUrl('legacy', 'https://places.googleapis.com/v1')).toThrow(
      /api option is 'legacy'/,
    );
    expect(() => createPlacesEnricher({ api: 'new', baseUrl: 'http://h/maps/api/place' })).toThrow(
      ConfigError,
    );
  });
});

describe.each(['new', 'legacy'] as const)('the base URL of the Places API (%s)', (api) => {
  const enricher = (baseUrl: string, logger = createCapturingLogger()) =>
    createPlacesEnricher({ api, apiKey: 'k', baseUrl, logger, retryBaseMs: 1, requestsPerSecond: 1000 });

  it('works given the bare host, the full service root, or a pasted endpoint', async () => {
    const full = api === 'new' ? server.newUrl : server.legacyUrl;
    const endpoint =
      api === 'new' ? `${server.newUrl}/places:searchText` : `${server.legacyUrl}/findplacefromtext/json`;
    for (const baseUrl of [server.url, `${server.url}/`, full, endpoint]) {
      const [practice] = await enricher(baseUrl).enrich(
        [testPractice({ name: 'Apollo Hospitals', city: 'Chennai' })],
        testEnrichContext(),
      );
      expect({ baseUrl, status: practice?.enrichmentStatus }).toEqual({ baseUrl, status: 'matched' });
    }
    expect(server.calls.byEndpoint.other).toBe(0);
  });

  it('stops the pull’s calls after one 404, with one error line that names the URL', async () => {
    const logger = createCapturingLogger();
    const places = enricher(`${server.url}/not-places`, logger);
    const output = await places.enrich(practices(), testEnrichContext());

    expect(server.calls.total).toBe(1);
    expect(output.every((p) => p.enrichmentStatus === 'failed')).toBe(true);
    expect(places.stats()).toMatchObject({ calls: 1, retries: 0, failed: 12 });
    const errors = logger.lines.filter((l) => l.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toContain(`the Places service at ${server.url}/not-places answered HTTP 404`);
    expect(errors[0]?.message).toMatch(
      /not the Places API \((New|Legacy)\).*no further Places calls in this pull/,
    );
  });

  it('stops after one answer that is not the Places API (a proxy’s sign-in page)', async () => {
    server.setMode('html_page');
    const places = enricher(server.url);
    const output = await places.enrich(practices(), testEnrichContext());

    expect(server.calls.total).toBe(1);
    expect(output.every((p) => p.enrichmentStatus === 'failed')).toBe(true);
  });

  it('stops after one refused key, whether Google says 403 or API_KEY_INVALID', async () => {
    for (const mode of ['request_denied', 'key_invalid'] as const) {
      server.resetCalls();
      server.setMode(mode);
      const output = await enricher(server.url).enrich(practices(), testEnrichContext());
      expect({ mode, calls: server.calls.total }).toEqual({ mode, calls: 1 });
      expect(output.every((p) => p.enrichmentStatus === 'failed')).toBe(true);
    }
  });
});
