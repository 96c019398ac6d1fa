import type { KnownPlace } from './known-places.js';

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
