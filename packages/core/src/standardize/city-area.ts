import { standardizeCity } from './addresses.js';
import { CITY_AREAS } from './india-city-areas.js';

/** Where a canonical city is: its centre, how far from it the city reaches, and the area it shares with a twin city. */
export interface CityArea {
  /** The canonical city name: `Bengaluru`. */
  city: string;
  lat: number;
  lng: number;
  /** How far from the centre a place can lie and still be in the city, suburbs included, in km. */
  radiusKm: number;
  /** The area the city shares with another canonical city (`Hyderabad` for Secunderabad); else its own name. */
  area: string;
}

const AREAS = new Map<string, CityArea>(
  CITY_AREAS.map(([city, lat, lng, radiusKm, area]) => [
    city,
    { city, lat, lng, radiusKm, area: area ?? city },
  ]),
);

/**
 * The centre and radius of a city, given by its canonical name or any name
 * {@link standardizeCity} knows (`Bangalore`); null for a city not in the
 * reference list. Every canonical city has one.
 *
 * ### Examples
 * ```ts
 * import { cityArea } from '@provider-data/core';
 *
 * cityArea('Bangalore'); // { city: 'Bengaluru', lat: 12.9716, lng: 77.5946, radiusKm: 35, area: 'Bengaluru' }
 * cityArea('Atlantis'); // null
 * ```
 */
export function cityArea(city: string): CityArea | null {
  const direct = AREAS.get(city);
  if (direct) return direct;
  const canonical = standardizeCity(city).value;
  return canonical === null ? null : (AREAS.get(canonical) ?? null);
}

/**
 * True when two city names are one city, or twin cities whose addresses use
 * either name (Hyderabad and Secunderabad, Delhi and New Delhi, Kochi and
 * Ernakulam). Names outside the reference list agree only when they are the
 * same name, case and spacing aside.
 *
 * ### Examples
 * ```ts
 * import { sameCityArea } from '@provider-data/core';
 *
 * sameCityArea('Secunderabad', 'Hyderabad'); // true
 * sameCityArea('Navi Mumbai', 'Mumbai'); // false
 * ```
 */
export function sameCityArea(a: string, b: string): boolean {
  const left = cityArea(a);
  const right = cityArea(b);
  if (left && right) return left.area === right.area;
  if (left || right) return false;
  const fold = (name: string) =>
    name
      .toLowerCase()
      .replace(/[\s_-]+/g, ' ')
      .trim();
  return fold(a) === fold(b);
}
