import { type KnownPlace, searchPlaces } from './known-places.js';
import type { PlacesExchange, PlacesTestMode } from './places-exchange.js';

/** A known place as the Places API (New) writes it, every field. */
export function newPlaceJson(place: KnownPlace): Record<string, unknown> {
  return {
    id: place.placeId,
    name: `places/${place.placeId}`,
    displayName: { text: place.name, languageCode: 'en' },
    formattedAddress: place.formattedAddress,
    location: { latitude: place.lat, longitude: place.lng },
    businessStatus: place.businessStatus ?? 'OPERATIONAL',
    ...(place.internationalPhoneNumber ? { internationalPhoneNumber: place.internationalPhoneNumber } : {}),
    ...(place.formattedPhoneNumber ? { nationalPhoneNumber: place.formattedPhoneNumber } : {}),
    ...(place.website ? { websiteUri: place.website } : {}),
  };
}

/** Only the fields of the mask (`places.displayName` in a search, `displayName` in details; `*` for all). */
export function pickMask(
  place: Record<string, unknown>,
  mask: string,
  prefix: string,
): Record<string, unknown> {
  const paths = mask.split(',').map((p) => p.trim());
  if (paths.includes('*') || paths.includes(`${prefix}*`)) return place;
  const out: Record<string, unknown> = {};
  for (const path of paths) {
    if (!path.startsWith(prefix)) continue;
    const top = path.slice(prefix.length).split('.')[0]!;
    if (top in place) out[top] = place[top];
  }
  return out;
}

/** A Google API error body: `{ error: { code, message, status, details } }`. */
export function newErrorBody(code: number, status: string, message: string, reason?: string): object {
  return {
    error: {
      code,
      message,
      status,
      ...(reason
        ? {
            details: [
              {
                '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
                reason,
                domain: 'googleapis.com',
                metadata: { service: 'places.googleapis.com' },
              },
            ],
          }
        : {}),
    },
  };
}

/** Google front end's page for a path no API serves. */
export function notFoundPage(path: string): string {
  return `<!DOCTYPE html>\n<html lang=en><meta charset=utf-8><title>Error 404 (Not Found)!!1</title><p><b>404.</b> <ins>That’s an error.</ins><p>The requested URL <code>${path.replace(/[<>&]/g, '')}</code> was not found on this server. <ins>That’s all we know.</ins>\n`;
}

// Google's own error texts of the Places API (New), by mode.
const NEW_ERRORS: Partial<Record<PlacesTestMode, [number, string, string, string?]>> = {
  over_query_limit: [
    429,
    'RESOURCE_EXHAUSTED',
    'Resource has been exhausted (e.g. check quota).',
    'RATE_LIMIT_EXCEEDED',
  ],
  server_error: [500, 'INTERNAL', 'Internal error encountered.'],
  request_denied: [
    403,
    'PERMISSION_DENIED',
    'Places API (New) has not been used in this project or it is disabled.',
    'SERVICE_DISABLED',
  ],
  key_invalid: [
    400,
    'INVALID_ARGUMENT',
    'API key not valid. Please pass a valid API key.',
    'API_KEY_INVALID',
  ],
  invalid_request: [400, 'INVALID_ARGUMENT', 'Invalid request.'],
};

/** Answers a request of the Places API (New) as Google does: the key and field mask required, only the mask's fields. */
export function answerNew(x: PlacesExchange) {
  const error = (code: number, status: string, message: string, reason?: string) =>
    x.send(code, newErrorBody(code, status, x.echo(message), reason), true);
  const planned = NEW_ERRORS[x.mode];
  if (planned) return error(...planned);
  if (!x.key) return error(403, 'PERMISSION_DENIED', 'The request is missing a valid API key.');
  if (!x.fieldMask) {
    return error(
      400,
      'INVALID_ARGUMENT',
      'FieldMask is a required parameter. See https://cloud.google.com/apis/docs/system-parameters on how to provide it.',
    );
  }
  if (x.endpoint === 'placeDetails') {
    const place = x.places.find((p) => p.placeId === x.placeId);
    if (!place) return error(404, 'NOT_FOUND', 'Requested entity was not found.');
    return x.send(200, pickMask(newPlaceJson(place), x.fieldMask, ''));
  }
  const request = (typeof x.body === 'object' && x.body !== null ? x.body : {}) as {
    textQuery?: unknown;
    pageSize?: unknown;
    maxResultCount?: unknown;
  };
  if (typeof request.textQuery !== 'string' || !request.textQuery) {
    return error(400, 'INVALID_ARGUMENT', 'Empty text_query.');
  }
  const size = Number(request.pageSize ?? request.maxResultCount ?? 20);
  const found = x.mode === 'zero_results' ? [] : searchPlaces(x.places, request.textQuery);
  const shown = found.slice(0, Math.max(1, Math.min(20, size)));
  if (shown.length === 0) return x.send(200, {});
  const mask = x.fieldMask;
  return x.send(200, { places: shown.map((p) => pickMask(newPlaceJson(p), mask, 'places.')) });
}
