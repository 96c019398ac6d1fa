/** A point in decimal degrees. */
export interface LatLng {
  lat: number;
  lng: number;
}

const EARTH_RADIUS_METERS = 6_371_008.8;

/**
 * The great-circle (haversine) distance between two points, in metres, on a
 * sphere of the Earth's mean radius: the one distance the enricher's match
 * rules and the report's coordinate checks both use.
 *
 * ### Examples
 * ```ts
 * import { distanceMeters } from '@provider-data/core';
 *
 * Math.round(distanceMeters({ lat: 13.0604, lng: 80.2496 }, { lat: 13.0827, lng: 80.2707 })); // about 3,400
 * ```
 */
export function distanceMeters(a: LatLng, b: LatLng): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(h)));
}
