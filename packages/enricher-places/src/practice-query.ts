import { cityArea, type Practice } from '@provider-data/core';
import type { LatLng } from '@provider-data/core';
import type { PlacesSearch } from './places-api.js';

/** The Find Place input for a practice: name, address, locality, city and pincode, as written. */
export function placesQueryInput(practice: Practice): string {
  return [practice.name, practice.addressLine, practice.locality, practice.city, practice.pincode]
    .map((part) => part?.trim())
    .filter((part): part is string => Boolean(part))
    .join(', ');
}

/**
 * The cache key of a practice's Find Place lookup: name, address, city and
 * pincode, lower-cased with whitespace folded, so that spacing and case do
 * not cost a second call.
 *
 * ### Examples
 * ```ts
 * import { placesQueryKey } from '@provider-data/enricher-places';
 * import type { Practice } from '@provider-data/core';
 *
 * declare const practice: Practice;
 * placesQueryKey(practice); // 'apollo hospitals | 21 greams lane | chennai | 600006'
 * ```
 */
export function placesQueryKey(practice: Practice): string {
  return [practice.name, practice.addressLine, practice.city, practice.pincode]
    .map((part) => (part ?? '').toLowerCase().replace(/\s+/g, ' ').trim())
    .join(' | ');
}

/** The practice's own coordinates; those Google gave an earlier enrichment do not count. */
export function sourceCoordinates(practice: Practice): LatLng | null {
  if (practice.latitude === null || practice.longitude === null) return null;
  if (practice.geoSource === 'google') return null;
  return { lat: practice.latitude, lng: practice.longitude };
}

/**
 * The circle a practice's search is biased to: `maxDistanceMeters` around
 * its own coordinates, else its city's radius around the city's centre (at
 * most 50 km, Google's limit), else none.
 *
 * ### Examples
 * ```ts
 * import { searchBias } from '@provider-data/enricher-places';
 * import type { Practice } from '@provider-data/core';
 *
 * declare const practice: Practice; // in Chennai, without coordinates
 * searchBias(practice, 2000); // { lat: 13.0827, lng: 80.2707, radiusMeters: 35000 }
 * ```
 */
export function searchBias(practice: Practice, maxDistanceMeters: number): PlacesSearch['bias'] {
  const own = sourceCoordinates(practice);
  if (own) return { ...own, radiusMeters: maxDistanceMeters };
  const area = practice.city ? cityArea(practice.city) : null;
  return area ? { lat: area.lat, lng: area.lng, radiusMeters: Math.min(50_000, area.radiusKm * 1000) } : null;
}
