import type { KnownPlace } from './known-places.js';

/** Google's `error_message` of each legacy status. */
export const LEGACY_ERROR_TEXT: Record<string, string> = {
  OVER_QUERY_LIMIT: 'You have exceeded your rate-limit for this API.',
  REQUEST_DENIED: 'The provided API key is invalid.',
  INVALID_REQUEST: 'Invalid request. Missing the required parameter.',
  UNKNOWN_ERROR: 'An unknown error occurred.',
  NOT_FOUND: 'The place id was not found.',
};

/** A known place as the legacy API writes it. */
export function legacyPlaceJson(place: KnownPlace): Record<string, unknown> {
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
export function pickLegacyFields(
  place: Record<string, unknown>,
  fields: string | undefined,
): Record<string, unknown> {
  if (fields === undefined) return place;
  const out: Record<string, unknown> = {};
  for (const field of fields.split(',').map((f) => f.trim())) {
    const top = field.split('/')[0]!;
    if (top in place) out[top] = place[top];
  }
  return out;
}

/** The empty answer of an endpoint, which error answers extend. */
export function legacyEmptyBody(endpoint: string): object {
  if (endpoint === 'findplacefromtext') return { candidates: [] };
  if (endpoint === 'textsearch') return { html_attributions: [], results: [] };
  return { html_attributions: [] };
}
