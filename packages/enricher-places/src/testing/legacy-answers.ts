import { type KnownPlace, searchPlaces } from './known-places.js';
import type { PlacesExchange } from './places-exchange.js';

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

/** Answers a legacy request as Google does: errors as a 200 (or 500) with a `status`, results with only the fields asked. */
export function answerLegacy(x: PlacesExchange) {
  const error = (status: string, httpStatus = 200) =>
    x.send(
      httpStatus,
      { ...legacyEmptyBody(x.endpoint), status, error_message: x.echo(LEGACY_ERROR_TEXT[status] ?? status) },
      true,
    );
  if (x.mode === 'over_query_limit') return error('OVER_QUERY_LIMIT');
  if (x.mode === 'server_error') return error('UNKNOWN_ERROR', 500);
  if (x.mode === 'request_denied' || x.mode === 'key_invalid') return error('REQUEST_DENIED');
  if (x.mode === 'invalid_request') return error('INVALID_REQUEST');
  if (!x.key) {
    return x.send(200, {
      ...legacyEmptyBody(x.endpoint),
      status: 'REQUEST_DENIED',
      error_message: 'You must use an API key to authenticate each request to Google Maps Platform APIs.',
    });
  }
  if (x.endpoint === 'details') {
    if (!x.params.place_id) return error('INVALID_REQUEST');
    const place = x.places.find((p) => p.placeId === x.params.place_id);
    if (!place) return x.send(200, { html_attributions: [], status: 'NOT_FOUND' });
    return x.send(200, {
      html_attributions: [],
      result: pickLegacyFields(legacyPlaceJson(place), x.params.fields),
      status: 'OK',
    });
  }
  const text = x.endpoint === 'findplacefromtext' ? x.params.input : x.params.query;
  if (!text) return error('INVALID_REQUEST');
  const found = x.mode === 'zero_results' ? [] : searchPlaces(x.places, text);
  if (x.endpoint === 'findplacefromtext') {
    const candidates = found
      .slice(0, x.findPlaceCandidates)
      .map((p) => pickLegacyFields(legacyPlaceJson(p), x.params.fields ?? 'place_id'));
    return x.send(200, { candidates, status: candidates.length ? 'OK' : 'ZERO_RESULTS' });
  }
  const results = found.map((p) => legacyPlaceJson(p));
  return x.send(200, { html_attributions: [], results, status: results.length ? 'OK' : 'ZERO_RESULTS' });
}
