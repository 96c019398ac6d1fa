import { describe, expect, it } from 'vitest';
import { cityArea, sameCityArea } from './city-area.js';
import { CITY_AREAS } from './india-city-areas.js';
import { CITY_NAMES } from './india-places.js';

describe('cityArea', () => {
  it('has a centre and radius for every canonical city, and for no other name', () => {
    const canonical = CITY_NAMES.map(([city]) => city).sort();
    expect(CITY_AREAS.map(([city]) => city).sort()).toEqual(canonical);
    for (const city of canonical) expect(cityArea(city)?.city).toBe(city);
  });

  it('puts every centre in India, with a radius a city can have', () => {
    for (const [city, lat, lng, radiusKm] of CITY_AREAS) {
      expect({ city, inIndia: lat > 6 && lat < 37.5 && lng > 68 && lng < 97.5 }).toEqual({
        city,
        inIndia: true,
      });
      expect(radiusKm).toBeGreaterThanOrEqual(5);
      expect(radiusKm).toBeLessThanOrEqual(35);
    }
  });

  it('reads a former name, and knows no made-up city', () => {
    expect(cityArea('Bangalore')).toEqual({
      city: 'Bengaluru',
      lat: 12.9716,
      lng: 77.5946,
      radiusKm: 35,
      area: 'Bengaluru',
    });
    expect(cityArea('Gurgaon')?.city).toBe('Gurugram');
    expect(cityArea('Atlantis')).toBeNull();
  });
});

describe('sameCityArea', () => {
  it.each([
    ['Hyderabad', 'Secunderabad', true],
    ['Delhi', 'New Delhi', true],
    ['Kochi', 'Ernakulam', true],
    ['Bangalore', 'Bengaluru', true],
    ['Navi Mumbai', 'Mumbai', false],
    ['Gurugram', 'New Delhi', false],
    ['Kolkata', 'Howrah', false],
    ['Bengaluru', 'Lucknow', false],
    ['Smalltown', 'smalltown', true],
    ['Smalltown', 'Chennai', false],
  ])('%s and %s: %s', (a, b, same) => {
    expect(sameCityArea(a, b)).toBe(same);
  });
});
