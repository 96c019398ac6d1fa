import type { Client } from '@googlemaps/google-maps-services-js';
import { PlacesError, type PlacesErrorCode } from './places-error.js';
import { parseRetryAfter } from './retry-policy.js';
import { scrubSecret } from './secret-scrub.js';

export type { PlaceCandidate, PlaceContact } from './place-candidate.js';

/**
 * The part of the Google client (`Client` of
 * `@googlemaps/google-maps-services-js`) that the enricher uses with the
 * legacy API: pass a `Client`, or anything with these two methods.
 */
export type PlacesClient = Pick<Client, 'findPlaceFromText' | 'placeDetails'>;

interface AxiosLikeError {
  code?: unknown;
  message?: unknown;
  response?: { status?: unknown; headers?: Record<string, unknown>; data?: unknown };
}

/**
 * Turns whatever the legacy client threw into a {@link PlacesError}, reading
 * only the HTTP status, the Retry-After header and Google's status text: the
 * axios error (with the key in its URL and parameters) goes no further. An
 * answer without Google's JSON (a 404 page, a proxy's login page) is
 * `places_not_places_api`, unless it is a 429 or 5xx, which are worth a retry.
 */
export function toPlacesError(error: unknown, apiKey: string | undefined, serviceUrl?: string): PlacesError {
  if (PlacesError.is(error)) return error;
  const e = (typeof error === 'object' && error !== null ? error : {}) as AxiosLikeError;
  const code = typeof e.code === 'string' ? e.code : undefined;
  const response = e.response;
  if (response && typeof response.status === 'number') {
    const data = (typeof response.data === 'object' && response.data !== null ? response.data : {}) as Record<
      string,
      unknown
    >;
    const googleStatus = typeof data.status === 'string' ? data.status.slice(0, 40) : undefined;
    if (!googleStatus && response.status !== 429 && response.status < 500) {
      return notPlacesApi(response.status, serviceUrl, 'legacy');
    }
    const googleMessage =
      typeof data.error_message === 'string' ? scrubSecret(data.error_message, apiKey) : undefined;
    return new PlacesError({
      code: codeForStatus(response.status, googleStatus),
      httpStatus: response.status,
      ...(googleStatus ? { googleStatus } : {}),
      ...(googleMessage ? { googleMessage } : {}),
      ...retryAfter(response.headers?.['retry-after']),
    });
  }
  if (code === 'ERR_CANCELED' || (error as { name?: unknown })?.name === 'AbortError') {
    return new PlacesError({ code: 'places_aborted' });
  }
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') return new PlacesError({ code: 'places_timeout' });
  if (code && /^(E[A-Z_]+)$/.test(code)) {
    return new PlacesError({ code: 'places_connection_error', googleStatus: code });
  }
  return new PlacesError({ code: 'places_unexpected' });
}

/** The error of an answer that is not the Places API: it stops the pull's calls. */
export function notPlacesApi(
  httpStatus: number | undefined,
  serviceUrl: string | undefined,
  api: 'new' | 'legacy',
): PlacesError {
  return new PlacesError({
    code: 'places_not_places_api',
    ...(httpStatus === undefined ? {} : { httpStatus }),
    ...(serviceUrl ? { serviceUrl } : {}),
    api,
  });
}

/** `retryAfterSeconds` from a `Retry-After` header, when it has one. */
export function retryAfter(header: unknown): { retryAfterSeconds?: number } {
  const seconds = parseRetryAfter(header);
  return seconds === undefined ? {} : { retryAfterSeconds: seconds };
}

function codeForStatus(httpStatus: number, googleStatus: string | undefined): PlacesErrorCode {
  if (googleStatus === 'OVER_DAILY_LIMIT') return 'places_over_daily_limit';
  if (httpStatus === 429) return 'places_over_query_limit';
  if (httpStatus === 403) return 'places_request_denied';
  if (httpStatus === 400) return 'places_invalid_request';
  if (httpStatus === 404) return 'places_not_found';
  if (httpStatus >= 500) return 'places_server_error';
  return 'places_unexpected';
}
