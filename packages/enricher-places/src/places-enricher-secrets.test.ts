import { Client } from '@googlemaps/google-maps-services-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toPlacesError } from './places-client.js';
import { createPlacesEnricher } from './places-enricher.js';
import type { PlacesError } from './places-error.js';
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
  'invalid_request',
  'slow',
];

describe('the API key', () => {
  it('appears in no log line, error message or stat, whatever fails', async () => {
    const logger = createCapturingLogger();
    const texts: string[] = [];
    for (const mode of modes) {
      server.setMode(mode, { delayMs: 200 });
      const places = createPlacesEnricher({
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

      // What the raw client throws carries the key; what the enricher makes of it does not.
      const raw = await new Client({})
        .findPlaceFromText({
          params: { input: 'Apollo', inputtype: 'textquery' as never, key: KEY },
          url: `${server.url}/findplacefromtext/json`,
          timeout: 30,
          raxConfig: { retry: 0 },
        })
        .catch((error: unknown) => error);
      expect(JSON.stringify((raw as { config?: unknown }).config)).toContain(KEY);
      const error: PlacesError = toPlacesError(raw, KEY);
      texts.push(error.message, String(error), JSON.stringify(error), String(error.stack));
    }
    // A refused connection and a spent budget too.
    const closed = await startPlacesTestServer({ places: [] });
    await closed.close();
    const places = createPlacesEnricher({
      apiKey: KEY,
      baseUrl: closed.url,
      logger,
      retryBaseMs: 1,
      maxRetries: 1,
    });
    await places.enrich([testPractice(), testPractice({ name: 'Another' })], testEnrichContext());

    const everything = [logger.text(), ...texts].join('\n');
    expect(logger.lines.length).toBeGreaterThan(10);
    expect(everything).toContain('key=REDACTED');
    expect(everything).not.toContain(KEY);
    expect(everything).not.toContain(encodeURIComponent(KEY));
  });

  it('is scrubbed from text, as a value and as a query parameter', () => {
    expect(scrubSecret(`GET /json?input=a&key=${KEY}&x=1`, KEY)).toBe('GET /json?input=a&key=REDACTED&x=1');
    expect(scrubSecret('see https://h/p?key=someOtherKey')).toBe('see https://h/p?key=REDACTED');
    expect(scrubSecret(`the key ${KEY} is bad`, KEY)).toBe('the key REDACTED is bad');
  });
});
