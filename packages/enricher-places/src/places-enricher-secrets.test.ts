import { Client } from '@googlemaps/google-maps-services-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNewPlacesApi } from './new-places-api.js';
import { toPlacesError } from './places-client.js';
import { createPlacesEnricher } from './places-enricher.js';
import { PlacesError } from './places-error.js';
import { scrubSecret } from './secret-scrub.js';
import {
  createCapturingLogger,
  type PlacesTestMode,
  type PlacesTestServer,
  startPlacesTestServer,
  testEnrichContext,
  testPractice,
} from './testing/index.js';

const KEY = 'AIzaSy-DISTINCTIVE-fake-key_0123456789';
let server: PlacesTestServer;

beforeAll(async () => {
  // A hostile server: its error messages repeat the request URL, key and all.
  server = await startPlacesTestServer({
    places: [
      { placeId: 'p1', name: 'Apollo Hospitals', formattedAddress: 'Chennai', lat: 13.06, lng: 80.25 },
    ],
    echoKeyInErrors: true,
  });
});
afterAll(() => server.close());

const modes: PlacesTestMode[] = [
  'over_query_limit',
  'server_error',
  'request_denied',
  'key_invalid',
  'invalid_request',
  'not_found_page',
  'slow',
];

/** What the raw transport gives back for a failing call (the key in it), and what the enricher's API layer makes of it. */
async function rawFailure(api: 'new' | 'legacy'): Promise<{ raw: string; error: PlacesError }> {
  if (api === 'legacy') {
    const raw = await new Client({})
      .findPlaceFromText({
        params: { input: 'Apollo', inputtype: 'textquery' as never, key: KEY },
        url: `${server.legacyUrl}/findplacefromtext/json`,
        timeout: 30,
        raxConfig: { retry: 0 },
      })
      .catch((error: unknown) => error);
    return { raw: JSON.stringify((raw as { config?: unknown }).config), error: toPlacesError(raw, KEY) };
  }
  const response = await fetch(`${server.newUrl}/places:searchText`, {
    method: 'POST',
    headers: { 'X-Goog-Api-Key': KEY, 'X-Goog-FieldMask': 'places.id' },
    body: JSON.stringify({ textQuery: 'Apollo' }),
    signal: AbortSignal.timeout(500),
  }).catch(() => null);
  const raw = JSON.stringify({
    sent: { 'X-Goog-Api-Key': KEY },
    body: await response?.text().catch(() => ''),
  });
  const error = await createNewPlacesApi({
    apiKey: KEY,
    serviceUrl: server.newUrl,
    fieldMask: ['places.id'],
    detailsFields: [],
    timeoutMs: 30,
    regionCode: 'IN',
    pageSize: 5,
  })
    .search({ query: 'Apollo', bias: null }, undefined)
    .then(
      () => new PlacesError({ code: 'places_unexpected' }),
      (e: PlacesError) => e,
    );
  return { raw, error };
}

describe.each(['new', 'legacy'] as const)('the API key, on the Places API (%s)', (api) => {
  it('appears in no log line, error message or stat, whatever fails', async () => {
    const logger = createCapturingLogger();
    const texts: string[] = [];
    for (const mode of modes) {
      server.setMode(mode, { delayMs: 200 });
      const places = createPlacesEnricher({
        api,
        apiKey: KEY,
        baseUrl: server.url,
        logger,
        retryBaseMs: 1,
        maxRetries: 1,
        timeoutMs: 30,
        budget: 3,
      });
      const output = await places.enrich(
        [testPractice({ name: 'Apollo Hospitals' }), testPractice({ name: 'Other Clinic' })],
        testEnrichContext(),
      );
      expect(output.every((p) => p.enrichmentStatus === 'failed')).toBe(true);
      texts.push(JSON.stringify(output), JSON.stringify(places.stats()));

      // What the raw transport carries has the key; what the enricher makes of it does not.
      const { raw, error } = await rawFailure(api);
      expect(raw).toContain(KEY);
      texts.push(error.message, String(error), JSON.stringify(error), String(error.stack));
    }
    server.setMode('ok');
    // A refused connection and a spent budget too.
    const closed = await startPlacesTestServer({ places: [] });
    await closed.close();
    const places = createPlacesEnricher({
      api,
      apiKey: KEY,
      baseUrl: closed.url,
      logger,
      retryBaseMs: 1,
      maxRetries: 1,
    });
    await places.enrich([testPractice(), testPractice({ name: 'Another' })], testEnrichContext());

    const everything = [logger.text(), ...texts].join('\n');
    expect(logger.lines.length).toBeGreaterThan(10);
    expect(everything).toContain('REDACTED');
    expect(everything).not.toContain(KEY);
    expect(everything).not.toContain(encodeURIComponent(KEY));
  });
});

describe('scrubSecret', () => {
  it('removes the key from text, as a value and as a query parameter', () => {
    expect(scrubSecret(`GET /json?input=a&key=${KEY}&x=1`, KEY)).toBe('GET /json?input=a&key=REDACTED&x=1');
    expect(scrubSecret('see https://h/p?key=someOtherKey')).toBe('see https://h/p?key=REDACTED');
    expect(scrubSecret(`the key ${KEY} is bad`, KEY)).toBe('the key REDACTED is bad');
  });
});
