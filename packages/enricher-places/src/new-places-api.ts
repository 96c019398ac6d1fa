import type { CachedFindPlace } from './cached-answer.js';
import type { PlacesApi } from './places-api.js';
import { notPlacesApi, retryAfter } from './places-client.js';
import { PlacesError, type PlacesErrorCode } from './places-error.js';
import { type PlaceCandidate, toContact } from './place-candidate.js';
import { scrubSecret } from './secret-scrub.js';

/** The `fetch` the new API calls with: the global one, or any with its signature (a proxy agent's). */
export type PlacesFetch = (input: string, init: RequestInit) => Promise<Response>;

/** What {@link createNewPlacesApi} needs. */
export interface NewPlacesApiOptions {
  apiKey: string;
  serviceUrl: string;
  /** The Text Search field mask: `places.id,places.displayName,…`. */
  fieldMask: readonly string[];
  /** The Place Details field mask: `internationalPhoneNumber,…`. */
  detailsFields: readonly string[];
  timeoutMs: number;
  /** The region results are formatted for and biased to: `IN`. */
  regionCode: string;
  /** Candidates asked per search (1–20). */
  pageSize: number;
  fetch?: PlacesFetch;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The Places API (New) over plain `fetch`: `POST places:searchText` and
 * `GET places/{id}`, the key in `X-Goog-Api-Key` (never in a URL) and the
 * fields in `X-Goog-FieldMask`, which decides the billed SKU. The enricher
 * builds one from its options; use it directly to ask Google yourself.
 *
 * ### Examples
 * ```ts
 * import { createNewPlacesApi, GOOGLE_PLACES_NEW_BASE_URL, TEXT_SEARCH_FIELD_MASK } from '@provider-data/enricher-places';
 *
 * const api = createNewPlacesApi({
 *   apiKey: process.env.GOOGLE_MAPS_API_KEY ?? '',
 *   serviceUrl: GOOGLE_PLACES_NEW_BASE_URL,
 *   fieldMask: TEXT_SEARCH_FIELD_MASK,
 *   detailsFields: [],
 *   timeoutMs: 10_000,
 *   regionCode: 'IN',
 *   pageSize: 5,
 * });
 * const { candidates } = await api.search({ query: 'Apollo Hospitals, Greams Road, Chennai', bias: null }, undefined);
 * ```
 */
export function createNewPlacesApi(options: NewPlacesApiOptions): PlacesApi {
  const { apiKey, serviceUrl } = options;
  const send = options.fetch ?? ((input, init) => fetch(input, init));

  const request = async (path: string, init: RequestInit, mask: readonly string[], signal?: AbortSignal) => {
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    const headers = { 'X-Goog-Api-Key': apiKey, 'X-Goog-FieldMask': mask.join(','), ...init.headers };
    let response: Response;
    let text: string;
    try {
      response = await send(`${serviceUrl}${path}`, { ...init, headers, signal: combined });
      text = await response.text();
    } catch (error) {
      throw fetchError(error, signal, timeout);
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (!response.ok) throw httpError(response, body, apiKey, serviceUrl);
    if (!isObject(body)) throw notPlacesApi(response.status, serviceUrl, 'new');
    return { response, body };
  };

  return {
    name: 'new',
    serviceUrl,
    async search({ query, bias }, signal) {
      const payload = {
        textQuery: query,
        regionCode: options.regionCode,
        pageSize: options.pageSize,
        ...(bias
          ? {
              locationBias: {
                circle: {
                  center: { latitude: bias.lat, longitude: bias.lng },
                  radius: Math.min(50_000, Math.round(bias.radiusMeters)),
                },
              },
            }
          : {}),
      };
      const { response, body } = await request(
        '/places:searchText',
        { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(payload) },
        options.fieldMask,
        signal,
      );
      // No match is `{}`; anything else without a `places` list is not this API.
      if (body.places !== undefined && !Array.isArray(body.places)) {
        throw notPlacesApi(response.status, serviceUrl, 'new');
      }
      if (body.places === undefined && Object.keys(body).some((k) => k !== 'nextPageToken')) {
        throw notPlacesApi(response.status, serviceUrl, 'new');
      }
      const candidates = ((body.places as unknown[] | undefined) ?? [])
        .map(toNewCandidate)
        .filter((c) => c !== null);
      return { status: candidates.length > 0 ? 'OK' : 'ZERO_RESULTS', candidates } satisfies CachedFindPlace;
    },
    async details(placeId, signal) {
      const { body } = await request(
        `/places/${encodeURIComponent(placeId)}`,
        { method: 'GET' },
        options.detailsFields,
        signal,
      );
      return toContact(body.internationalPhoneNumber, body.nationalPhoneNumber, body.websiteUri);
    },
  };
}

/** Reads a place of a Text Search (New) answer; `null` when it has no id. */
export function toNewCandidate(raw: unknown): PlaceCandidate | null {
  if (!isObject(raw) || typeof raw.id !== 'string' || raw.id === '') return null;
  const name = isObject(raw.displayName) ? raw.displayName.text : undefined;
  const location = isObject(raw.location) ? raw.location : undefined;
  const hasLocation = typeof location?.latitude === 'number' && typeof location?.longitude === 'number';
  return {
    placeId: raw.id,
    name: typeof name === 'string' ? name : null,
    formattedAddress: typeof raw.formattedAddress === 'string' ? raw.formattedAddress : null,
    location: hasLocation ? { lat: location.latitude as number, lng: location.longitude as number } : null,
    businessStatus: typeof raw.businessStatus === 'string' ? raw.businessStatus : null,
  };
}

/** A failed `fetch`: the pull's abort, the per-call timeout, or a connection that could not be made. */
function fetchError(error: unknown, signal: AbortSignal | undefined, timeout: AbortSignal): PlacesError {
  if (signal?.aborted) return new PlacesError({ code: 'places_aborted' });
  if (timeout.aborted) return new PlacesError({ code: 'places_timeout' });
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  if (code && /^(E[A-Z_]+|UND_ERR_[A-Z_]+)$/.test(code)) {
    return new PlacesError({ code: 'places_connection_error', googleStatus: code });
  }
  return new PlacesError({ code: 'places_unexpected' });
}

/**
 * An HTTP error answer. Google's is `{ error: { code, message, status,
 * details } }`; a body without it (a 404 page) is not the Places API, unless
 * it is a 429 or 5xx, which are worth a retry.
 */
function httpError(response: Response, body: unknown, apiKey: string, serviceUrl: string): PlacesError {
  const status = response.status;
  const error = isObject(body) && isObject(body.error) ? body.error : null;
  const googleStatus = typeof error?.status === 'string' ? error.status.slice(0, 40) : undefined;
  const extra = retryAfter(response.headers.get('retry-after') ?? undefined);
  if (!googleStatus) {
    if (status === 429)
      return new PlacesError({ code: 'places_over_query_limit', httpStatus: status, ...extra });
    if (status >= 500) return new PlacesError({ code: 'places_server_error', httpStatus: status, ...extra });
    return notPlacesApi(status, serviceUrl, 'new');
  }
  const message = typeof error?.message === 'string' ? scrubSecret(error.message, apiKey) : undefined;
  const reasons = Array.isArray(error?.details)
    ? error.details.map((d) => (isObject(d) && typeof d.reason === 'string' ? d.reason : '')).filter(Boolean)
    : [];
  return new PlacesError({
    code: codeFor(status, reasons, message),
    httpStatus: status,
    googleStatus,
    ...(message ? { googleMessage: message } : {}),
    ...extra,
  });
}

function codeFor(status: number, reasons: string[], message: string | undefined): PlacesErrorCode {
  // A bad key is a 400 INVALID_ARGUMENT with reason API_KEY_INVALID; a key without the API enabled a 403.
  if (status === 401 || status === 403) return 'places_request_denied';
  if (status === 400 && (reasons.includes('API_KEY_INVALID') || /api key/i.test(message ?? ''))) {
    return 'places_request_denied';
  }
  if (status === 400) return 'places_invalid_request';
  if (status === 404) return 'places_not_found';
  if (status === 429) return 'places_over_query_limit';
  if (status >= 500) return 'places_server_error';
  return 'places_unexpected';
}
