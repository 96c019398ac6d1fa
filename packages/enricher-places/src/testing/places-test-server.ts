import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { KnownPlace } from './known-places.js';
import { answerLegacy } from './legacy-answers.js';
import { answerNew, notFoundPage } from './new-answers.js';
import type { PlacesEndpoint, PlacesExchange, PlacesTestMode } from './places-exchange.js';

export type { KnownPlace } from './known-places.js';
export type { PlacesEndpoint, PlacesTestMode } from './places-exchange.js';

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
  /** The most candidates a legacy Find Place answers (Google ranks them). Default 5. */
  findPlaceCandidates?: number;
}

/** What the server saw. */
export interface PlacesTestCalls {
  total: number;
  byEndpoint: Record<PlacesEndpoint | 'other', number>;
  /** Searches and details calls of either API; `other` for paths no API serves. */
  byKind: { search: number; details: number; other: number };
  /** The most requests in flight at once. */
  maxConcurrent: number;
  inFlight: number;
}

/** One request as the server saw it, its key reduced to whether there was one. */
export interface PlacesTestRequest {
  api: 'legacy' | 'new' | 'other';
  endpoint: PlacesEndpoint | 'other';
  path: string;
  /** The query parameters (legacy), without the key. */
  params: Record<string, string>;
  /** The JSON body (new Text Search). */
  body: unknown;
  /** The `X-Goog-FieldMask` header (new). */
  fieldMask: string | null;
  hadKey: boolean;
}

/** A running test server. */
export interface PlacesTestServer {
  /** The host root (`http://127.0.0.1:PORT`): pass it as the enricher's `baseUrl`, for either API. */
  url: string;
  /** The full service roots: `…/maps/api/place` and `…/v1`. */
  legacyUrl: string;
  newUrl: string;
  calls: PlacesTestCalls;
  requests: PlacesTestRequest[];
  setMode(mode: PlacesTestMode, options?: PlacesTestModeOptions): void;
  /** Zeroes the counters and the request log. */
  resetCalls(): void;
  close(): Promise<void>;
}

const LEGACY_PATH = /\/maps\/api\/place\/(findplacefromtext|textsearch|details)\/json$/;
const NEW_SEARCH_PATH = /\/v1\/places:searchText$/;
const NEW_DETAILS_PATH = /\/v1\/places\/([^/:]+)$/;

function route(
  method: string,
  path: string,
): { api: PlacesTestRequest['api']; endpoint: PlacesEndpoint | 'other'; placeId?: string } {
  const legacy = LEGACY_PATH.exec(path);
  if (legacy && method === 'GET') return { api: 'legacy', endpoint: legacy[1] as PlacesEndpoint };
  if (NEW_SEARCH_PATH.test(path) && method === 'POST') return { api: 'new', endpoint: 'searchText' };
  const details = NEW_DETAILS_PATH.exec(path);
  if (details && method === 'GET') {
    return { api: 'new', endpoint: 'placeDetails', placeId: decodeURIComponent(details[1]!) };
  }
  return { api: 'other', endpoint: 'other' };
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  if (req.method !== 'POST') return null;
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return null;
  }
}

/**
 * Starts a loopback HTTP server that speaks both Google Places web
 * services from a table of known places: the Places API (Legacy) at
 * `/maps/api/place/{findplacefromtext,textsearch,details}/json` and the
 * Places API (New) at `POST /v1/places:searchText` and `GET /v1/places/{id}`
 * (field masks honoured, a missing mask refused, the key read from
 * `X-Goog-Api-Key`). Any other path answers Google's 404 page. Tests run
 * the real clients against it. It counts calls and the most in flight at
 * once, and can be switched to answer with rate limits, errors or delays.
 *
 * ### Examples
 * ```ts
 * import { startPlacesTestServer } from '@provider-data/enricher-places/testing';
 * import { createPlacesEnricher } from '@provider-data/enricher-places';
 *
 * const server = await startPlacesTestServer({
 *   places: [{ placeId: 'p1', name: 'Apollo Hospitals', formattedAddress: 'Greams Lane, Chennai 600006', lat: 13.06, lng: 80.25 }],
 * });
 * const places = createPlacesEnricher({ apiKey: 'test-key', baseUrl: server.url }); // the new API, at server.newUrl
 * server.setMode('over_query_limit', { times: 2 });
 * // … enrich, then:
 * server.calls.byKind.search;
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
    byEndpoint: { findplacefromtext: 0, textsearch: 0, details: 0, searchText: 0, placeDetails: 0, other: 0 },
    byKind: { search: 0, details: 0, other: 0 },
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
    const { api, endpoint, placeId } = route(req.method ?? 'GET', url.pathname);
    calls.byEndpoint[endpoint]++;
    calls.byKind[endpoint === 'other' ? 'other' : /details/i.test(endpoint) ? 'details' : 'search']++;
    const params = Object.fromEntries(url.searchParams);
    const headerKey = req.headers['x-goog-api-key'];
    const key = api === 'new' ? (typeof headerKey === 'string' ? headerKey : undefined) : params.key;
    delete params.key;
    const body = await readBody(req);
    const maskHeader = req.headers['x-goog-fieldmask'];
    const fieldMask = typeof maskHeader === 'string' ? maskHeader : null;
    requests.push({ api, endpoint, path: url.pathname, params, body, fieldMask, hadKey: Boolean(key) });

    const answerMode = currentMode();
    const sendJson = (httpStatus: number, json: object, withRetryAfter = false) => {
      const headers: Record<string, string> = { 'content-type': 'application/json; charset=UTF-8' };
      if (withRetryAfter && retryAfterSeconds !== undefined)
        headers['retry-after'] = String(retryAfterSeconds);
      res.writeHead(httpStatus, headers).end(JSON.stringify(json));
    };
    const sendHtml = (httpStatus: number, html: string) =>
      res.writeHead(httpStatus, { 'content-type': 'text/html; charset=UTF-8' }).end(html);

    if (answerMode === 'slow') await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (answerMode === 'not_found_page' || api === 'other') return sendHtml(404, notFoundPage(url.pathname));
    if (answerMode === 'html_page')
      return sendHtml(200, '<html><body><h1>Sign in to continue</h1></body></html>');
    const exchange: PlacesExchange = {
      endpoint: endpoint as PlacesEndpoint,
      mode: answerMode,
      params,
      body,
      key,
      fieldMask,
      placeId,
      places,
      findPlaceCandidates: options.findPlaceCandidates ?? 5,
      send: sendJson,
      echo: (text) => (options.echoKeyInErrors ? `${text} (request ${req.url} key ${key})` : text),
    };
    return api === 'legacy' ? answerLegacy(exchange) : answerNew(exchange);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const root = `http://127.0.0.1:${port}`;

  return {
    url: root,
    legacyUrl: `${root}/maps/api/place`,
    newUrl: `${root}/v1`,
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
      calls.byKind = { search: 0, details: 0, other: 0 };
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
