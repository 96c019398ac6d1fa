import type { Client } from '@googlemaps/google-maps-services-js';
import { PlacesError, type PlacesErrorCode } from './places-error.js';
import { parseRetryAfter } from './retry-policy.js';
import { scrubSecret } from './secret-scrub.js';

/**
 * The part of the Google client (`Client` of
 * `@googlemaps/google-maps-services-js`) that the enricher uses: pass a
 * `Client`, or anything with these two methods.
 */
export type PlacesClient = Pick<Client, 'findPlaceFromText' | 'placeDetails'>;

/** A Find Place candidate, as much of it as the enricher keeps. */
export interface PlaceCandidate {
  placeId: string;
  name: string | null;
  formattedAddress: string | null;
  location: { lat: number; lng: number } | null;
  businessStatus: string | null;
}

/** Contact details from Place Details. */
export interface PlaceContact {
  phone: string | null;
  website: string | null;
}

interface AxiosLikeError {
  code?: unknown;
  message?: unknown;
  response?: { status?: unknown; headers?: Record<string, unknown>; data?: unknown };
}

/**
 * Turns whatever the client threw into a {@link PlacesError}, reading only
 * the HTTP status, the Retry-After header and Google's status text: the
 * axios error (with the key in its URL and parameters) goes no further.
 */
export function toPlacesError(error: unknown, apiKey: string | undefined): PlacesError {
  if (error instanceof PlacesError) return error;
  const e = (typeof error === 'object' && error !== null ? error : {}) as AxiosLikeError;
  const code = typeof e.code === 'string' ? e.code : undefined;
  const response = e.response;
  if (response && typeof response.status === 'number') {
    const data = (typeof response.data === 'object' && response.data !== null ? response.data : {}) as Record<
      string,
      unknown
    >;
    const googleStatus = typeof data.status === 'string' ? data.status.slice(0, 40) : undefined;
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

function retryAfter(header: unknown): { retryAfterSeconds?: number } {
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

/** Reads a candidate of a Find Place answer (or a cached one); `null` when it has no place id. */
export function toCandidate(raw: unknown): PlaceCandidate | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const place = raw as Record<string, unknown>;
  if (typeof place.place_id !== 'string' || place.place_id === '') return null;
  const location = (place.geometry as { location?: { lat?: unknown; lng?: unknown } } | undefined)?.location;
  const hasLocation = typeof location?.lat === 'number' && typeof location?.lng === 'number';
  return {
    placeId: place.place_id,
    name: typeof place.name === 'string' ? place.name : null,
    formattedAddress: typeof place.formatted_address === 'string' ? place.formatted_address : null,
    location: hasLocation ? { lat: location.lat as number, lng: location.lng as number } : null,
    businessStatus: typeof place.business_status === 'string' ? place.business_status : null,
  };
}

/** Reads the phone and website of a Place Details result; the phone in E.164 when Google gave an international one. */
export function toContact(raw: unknown): PlaceContact {
  const result = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const international =
    typeof result.international_phone_number === 'string' ? result.international_phone_number : null;
  const local = typeof result.formatted_phone_number === 'string' ? result.formatted_phone_number : null;
  const e164 = international ? `+${international.replace(/\D/g, '')}` : null;
  const phone = e164 && /^\+[1-9]\d{6,14}$/.test(e164) ? e164 : (international ?? local);
  return { phone, website: typeof result.website === 'string' ? result.website : null };
}
