import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { nameTokens } from '../name-similarity.js';

/** A place the test server knows, answered to inputs that name it. */
export interface KnownPlace {
  placeId: string;
  name: string;
  formattedAddress: string;
  lat: number;
  lng: number;
  businessStatus?: string;
  formattedPhoneNumber?: string;
  internationalPhoneNumber?: string;
  website?: string;
  /** Other inputs the server answers with this place, as when Google ranks a wrong place first. */
  answersTo?: string[];
}

/** How the server answers. Every mode but `ok` can be limited to a number of answers, then it is `ok` again. */
export type PlacesTestMode =
  | 'ok'
  | 'over_query_limit'
  | 'server_error'
  | 'request_denied'
  | 'zero_results'
  | 'slow'
  | 'invalid_request';

/** Options of {@link PlacesTestServer.setMode}. */
export interface PlacesTestModeOptions {
  /** Answer this many requests in the mode, then go back to `ok`. Default: until changed. */
  times?: number;
  /** `slow`: the delay before each answer, in ms. Default 50. */
  delayMs?: number;
  /** Send `Retry-After: <seconds>` with error answers. */
  retryAfterSeconds?: number;
}

/** Options of {@link startPlacesTestServer}. */
export interface PlacesTestServerOptions {
  places: KnownPlace[];
  /** Send `Retry-After: <seconds>` with every error answer. */
  retryAfterSeconds?: number;
  /** A hostile server: error messages repeat the request's API key, to test that callers scrub it. */
  echoKeyInErrors?: boolean;
}

/** The Places endpoints the server speaks. */
export type PlacesEndpoint = 'findplacefromtext' | 'textsearch' | 'details';

/** What the server saw. */
export interface PlacesTestCalls {
  total: number;
  byEndpoint: Record<PlacesEndpoint | 'other', number>;
  /** The most requests in flight at once. */
  maxConcurrent: number;
  inFlight: number;
}

/** One request as the server saw it, its key reduced to whether there was one. */
export interface PlacesTestRequest {
  endpoint: PlacesEndpoint | 'other';
  params: Record<string, string>;
  hadKey: boolean;
}

/** A running test server. */
export interface PlacesTestServer {
  /** The base URL to pass as the enricher's `baseUrl`. */
  url: string;
  calls: PlacesTestCalls;
  requests: PlacesTestRequest[];
  setMode(mode: PlacesTestMode, options?: PlacesTestModeOptions): void;
  /** Zeroes the counters and the request log. */
  resetCalls(): void;
  close(): Promise<void>;
}

const ERROR_TEXT: Record<string, string> = {
  OVER_QUERY_LIMIT: 'You have exceeded your rate-limit for this API.',
  REQUEST_DENIED: 'The provided API key is invalid.',
  INVALID_REQUEST: 'Invalid request. Missing the required parameter.',
  UNKNOWN_ERROR: 'An unknown error occurred.',
  NOT_FOUND: 'The place id was not found.',
};

/**
 * Starts a loopback HTTP server that speaks the Places (Legacy) web
 * service JSON for `/findplacefromtext/json`, `/textsearch/json` and
 * `/details/json`, from a table of known places, so that tests can run the
 * real Google client against it. It counts calls and the most in flight at
 * once, and can be switched to answer with rate limits, errors or delays.
 *
 * ### Examples
 * ```ts
 * import { startPlacesTestServer } from '@provider-data/enricher-places/testing';
 * import { createPlacesEnricher } from '@provider-data/enricher-places';
 *
 * const server = await startPlacesTestServer({
 *   places: [{ placeId: 'p1', name: 'Apollo Hospitals', formattedAddress: 'Greams Lane, Chennai', lat: 13.06, lng: 80.25 }],
 * });
 * const places = createPlacesEnricher({ apiKey: 'test-key', baseUrl: server.url });
 * server.setMode('over_query_limit', { times: 2 });
 * // … enrich, then:
 * server.calls.total;
 * await server.close();
 * ```
 */
export async function startPlacesTestServer(options: PlacesTestServerOptions): Promise<PlacesTestServer> {
  const places = options.places;
  let mode: PlacesTestMode = 'ok';
  let modeLeft = Number.POSITIVE_INFINITY;
  let delayMs = 50;
  let retryAfterSeconds = options.retryAfterSeconds;
  const calls: PlacesTestCalls = {
    total: 0,
    byEndpoint: { findplacefromtext: 0, textsearch: 0, details: 0, other: 0 },
    maxConcurrent: 0,
    inFlight: 0,
  };
  const requests: PlacesTestRequest[] = [];

  const currentMode = (): PlacesTestMode => {
    if (mode === 'ok') return 'ok';
    const answer = mode;
    modeLeft--;
    if (modeLeft <= 0) mode = 'ok';
    return answer;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    calls.total++;
    calls.inFlight++;
    calls.maxConcurrent = Math.max(calls.maxConcurrent, calls.inFlight);
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      calls.inFlight--;
    };
    res.on('finish', finish);
    res.on('close', finish);

    const url = new URL(req.url ?? '/', 'http://localhost');
    const endpoint = endpointOf(url.pathname);
    calls.byEndpoint[endpoint]++;
    const params = Object.fromEntries(url.searchParams);
    const key = params.key;
    delete params.key;
    requests.push({ endpoint, params, hadKey: Boolean(key) });

    const answerMode = currentMode();
    const errorMessage = (status: string) =>
      options.echoKeyInErrors ? `${ERROR_TEXT[status]} (request ${req.url})` : ERROR_TEXT[status];
    const send = (httpStatus: number, body: object, withRetryAfter = false) => {
      const headers: Record<string, string> = { 'content-type': 'application/json; charset=UTF-8' };
      if (withRetryAfter && retryAfterSeconds !== undefined)
        headers['retry-after'] = String(retryAfterSeconds);
      res.writeHead(httpStatus, headers).end(JSON.stringify(body));
    };
    const error = (status: string, httpStatus = 200) =>
      send(httpStatus, { ...emptyBody(endpoint), status, error_message: errorMessage(status) }, true);

    if (answerMode === 'slow') await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (answerMode === 'over_query_limit') return error('OVER_QUERY_LIMIT');
    if (answerMode === 'server_error') return error('UNKNOWN_ERROR', 500);
    if (answerMode === 'request_denied') return error('REQUEST_DENIED');
    if (answerMode === 'invalid_request') return error('INVALID_REQUEST');
    if (endpoint === 'other') return send(404, { status: 'NOT_FOUND', error_message: 'no such endpoint' });
    if (!key) {
      return send(200, {
        ...emptyBody(endpoint),
        status: 'REQUEST_DENIED',
        error_message: 'You must use an API key to authenticate each request to Google Maps Platform APIs.',
      });
    }
    const zero = answerMode === 'zero_results';

    if (endpoint === 'details') {
      if (!params.place_id) return error('INVALID_REQUEST');
      const place = places.find((p) => p.placeId === params.place_id);
      if (!place) return send(200, { html_attributions: [], status: 'NOT_FOUND' });
      return send(200, {
        html_attributions: [],
        result: pick(placeJson(place), params.fields),
        status: 'OK',
      });
    }
    const text = endpoint === 'findplacefromtext' ? params.input : params.query;
    if (!text) return error('INVALID_REQUEST');
    const found = zero ? [] : search(places, text);
    if (endpoint === 'findplacefromtext') {
      const candidates = found.slice(0, 1).map((p) => pick(placeJson(p), params.fields ?? 'place_id'));
      return send(200, { candidates, status: candidates.length ? 'OK' : 'ZERO_RESULTS' });
    }
    const results = found.map((p) => placeJson(p));
    return send(200, { html_attributions: [], results, status: results.length ? 'OK' : 'ZERO_RESULTS' });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    requests,
    setMode(next, modeOptions = {}) {
      mode = next;
      modeLeft = modeOptions.times ?? Number.POSITIVE_INFINITY;
      delayMs = modeOptions.delayMs ?? 50;
      retryAfterSeconds = modeOptions.retryAfterSeconds ?? options.retryAfterSeconds;
    },
    resetCalls() {
      calls.total = 0;
      calls.maxConcurrent = 0;
      for (const endpoint of Object.keys(calls.byEndpoint)) calls.byEndpoint[endpoint as PlacesEndpoint] = 0;
      requests.length = 0;
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}

function endpointOf(pathname: string): PlacesEndpoint | 'other' {
  if (pathname.endsWith('/findplacefromtext/json')) return 'findplacefromtext';
  if (pathname.endsWith('/textsearch/json')) return 'textsearch';
  if (pathname.endsWith('/details/json')) return 'details';
  return 'other';
}

function emptyBody(endpoint: PlacesEndpoint | 'other'): object {
  if (endpoint === 'findplacefromtext') return { candidates: [] };
  if (endpoint === 'textsearch') return { html_attributions: [], results: [] };
  return { html_attributions: [] };
}

/** Known places whose name (or one of `answersTo`) the text names, best first. */
function search(places: readonly KnownPlace[], text: string): KnownPlace[] {
  const words = nameTokens(text);
  const scored = places
    .map((place) => ({
      place,
      score: Math.max(...[place.name, ...(place.answersTo ?? [])].map((name) => containment(name, words))),
    }))
    .filter((s) => s.score >= 0.6);
  return scored.sort((a, b) => b.score - a.score).map((s) => s.place);
}

/** The share of a name's distinctive words that the text has. */
function containment(name: string, words: Set<string>): number {
  const tokens = nameTokens(name);
  if (tokens.size === 0) return 0;
  let found = 0;
  for (const token of tokens) if (words.has(token)) found++;
  return found / tokens.size;
}

function placeJson(place: KnownPlace): Record<string, unknown> {
  return {
    place_id: place.placeId,
    name: place.name,
    formatted_address: place.formattedAddress,
    geometry: { location: { lat: place.lat, lng: place.lng } },
    business_status: place.businessStatus ?? 'OPERATIONAL',
    ...(place.formattedPhoneNumber ? { formatted_phone_number: place.formattedPhoneNumber } : {}),
    ...(place.internationalPhoneNumber ? { international_phone_number: place.internationalPhoneNumber } : {}),
    ...(place.website ? { website: place.website } : {}),
  };
}

/** Only the requested fields, as Google answers (`geometry/location` asks for the geometry's location). */
function pick(place: Record<string, unknown>, fields: string | undefined): Record<string, unknown> {
  if (fields === undefined) return place;
  const out: Record<string, unknown> = {};
  for (const field of fields.split(',').map((f) => f.trim())) {
    const top = field.split('/')[0]!;
    if (top in place) out[top] = place[top];
  }
  return out;
}
