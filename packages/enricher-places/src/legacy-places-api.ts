import { PlaceInputType } from '@googlemaps/google-maps-services-js';
import type { CachedFindPlace } from './cached-answer.js';
import type { PlacesApi } from './places-api.js';
import { notPlacesApi, type PlacesClient, toPlacesError } from './places-client.js';
import { PlacesError } from './places-error.js';
import { type PlaceCandidate, toContact } from './place-candidate.js';

/** What {@link createLegacyPlacesApi} needs. */
export interface LegacyPlacesApiOptions {
  client: PlacesClient;
  apiKey: string;
  serviceUrl: string;
  /** Find Place fields. */
  fields: readonly string[];
  detailsFields: readonly string[];
  timeoutMs: number;
}

/**
 * The Places (Legacy) web service through Google's
 * `@googlemaps/google-maps-services-js` client: Find Place From Text and
 * Place Details, with the client's own retry switched off on every request.
 *
 * ### Examples
 * ```ts
 * import { Client } from '@googlemaps/google-maps-services-js';
 * import { createLegacyPlacesApi, GOOGLE_PLACES_BASE_URL, REQUIRED_FIND_PLACE_FIELDS } from '@provider-data/enricher-places';
 *
 * const api = createLegacyPlacesApi({
 *   client: new Client({}),
 *   apiKey: process.env.GOOGLE_MAPS_API_KEY ?? '',
 *   serviceUrl: GOOGLE_PLACES_BASE_URL,
 *   fields: REQUIRED_FIND_PLACE_FIELDS,
 *   detailsFields: [],
 *   timeoutMs: 10_000,
 * });
 * const { status } = await api.search({ query: 'Apollo Hospitals, Greams Road, Chennai', bias: null }, undefined);
 * ```
 */
export function createLegacyPlacesApi(options: LegacyPlacesApiOptions): PlacesApi {
  const { client, apiKey, serviceUrl } = options;
  const config = (signal: AbortSignal | undefined) => ({
    timeout: options.timeoutMs,
    raxConfig: { retry: 0, noResponseRetries: 0 },
    ...(signal ? { signal } : {}),
  });
  return {
    name: 'legacy',
    serviceUrl,
    async search({ query, bias }, signal) {
      const response = await client
        .findPlaceFromText({
          params: {
            input: query,
            inputtype: PlaceInputType.textQuery,
            fields: [...options.fields],
            key: apiKey,
            ...(bias
              ? { locationbias: `circle:${Math.round(bias.radiusMeters)}@${bias.lat},${bias.lng}` }
              : {}),
          },
          url: `${serviceUrl}/findplacefromtext/json`,
          ...config(signal),
        })
        .catch((error: unknown) => {
          throw toPlacesError(error, apiKey, serviceUrl);
        });
      const data: unknown = response.data;
      const status = isObject(data) ? data.status : undefined;
      if (status === 'OK' || status === 'ZERO_RESULTS') {
        const raw = Array.isArray((data as { candidates?: unknown }).candidates)
          ? ((data as { candidates: unknown[] }).candidates as unknown[])
          : [];
        return {
          status,
          candidates: raw.map(toLegacyCandidate).filter((c) => c !== null),
        } as CachedFindPlace;
      }
      if (typeof status === 'string') {
        throw new PlacesError({ code: 'places_unexpected', googleStatus: status.slice(0, 40) });
      }
      throw notPlacesApi(response.status, serviceUrl, 'legacy');
    },
    async details(placeId, signal) {
      const response = await client
        .placeDetails({
          params: { place_id: placeId, fields: [...options.detailsFields], key: apiKey },
          url: `${serviceUrl}/details/json`,
          ...config(signal),
        })
        .catch((error: unknown) => {
          throw toPlacesError(error, apiKey, serviceUrl);
        });
      const data: unknown = response.data;
      if (!isObject(data) || typeof data.status !== 'string') {
        throw notPlacesApi(response.status, serviceUrl, 'legacy');
      }
      if (data.status !== 'OK') {
        throw new PlacesError({ code: 'places_unexpected', googleStatus: data.status.slice(0, 40) });
      }
      const result = isObject(data.result) ? data.result : {};
      return toContact(result.international_phone_number, result.formatted_phone_number, result.website);
    },
  };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Reads a candidate of a legacy Find Place answer; `null` when it has no place id. */
export function toLegacyCandidate(raw: unknown): PlaceCandidate | null {
  if (!isObject(raw) || typeof raw.place_id !== 'string' || raw.place_id === '') return null;
  const location = (raw.geometry as { location?: { lat?: unknown; lng?: unknown } } | undefined)?.location;
  const hasLocation = typeof location?.lat === 'number' && typeof location?.lng === 'number';
  return {
    placeId: raw.place_id,
    name: typeof raw.name === 'string' ? raw.name : null,
    formattedAddress: typeof raw.formatted_address === 'string' ? raw.formatted_address : null,
    location: hasLocation ? { lat: location.lat as number, lng: location.lng as number } : null,
    businessStatus: typeof raw.business_status === 'string' ? raw.business_status : null,
  };
}
