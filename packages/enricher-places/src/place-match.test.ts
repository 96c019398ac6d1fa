import { describe, expect, it } from 'vitest';
import { addressFacts } from './candidate-address.js';
import type { PlaceCandidate } from './place-candidate.js';
import { decidePlace } from './place-match.js';
import { brandWords, hasAllWords, placeWords, splitName } from './place-words.js';
import { testPractice } from './testing/index.js';

const rule = { minNameSimilarity: 0.5, maxDistanceMeters: 2000, api: 'new' as const };
const candidate = (overrides: Partial<PlaceCandidate>): PlaceCandidate => ({
  placeId: 'p',
  name: 'Apollo Clinic',
  formattedAddress: null,
  location: null,
  businessStatus: 'OPERATIONAL',
  ...overrides,
});

// The two decoys that were accepted before these rules, as they were met.
const indiranagar = testPractice({
  name: 'Apollo Clinic, Indiranagar',
  addressLine: '100 Feet Road',
  locality: 'Indiranagar',
  city: 'Bengaluru',
  state: 'Karnataka',
  pincode: '560038',
});
const lucknow = candidate({
  placeId: 'ChIJ-lucknow',
  name: 'Apollo Clinic Indira Nagar',
  formattedAddress: 'B-1/12, Sector B, Indira Nagar, Lucknow, Uttar Pradesh 226016, India',
  location: { lat: 26.8868, lng: 81.0004 },
});
const rajouri = testPractice({
  name: 'Fortis Clinic, Rajouri Garden',
  locality: 'Rajouri Garden',
  city: 'New Delhi',
  state: 'Delhi',
  pincode: '110027',
});
const max = candidate({
  placeId: 'ChIJ-max',
  name: 'Max Multispeciality Clinic, Rajouri Garden',
  formattedAddress: 'J-12, Rajouri Garden, New Delhi, Delhi 110027, India',
  location: { lat: 28.6492, lng: 77.1227 },
});

describe('the matching rules', () => {
  it('reject "Apollo Clinic Indira Nagar, Lucknow" for the Bengaluru clinic: another city, PIN and 1,500 km', () => {
    const { match, evidence } = decidePlace(indiranagar, [lucknow], rule);
    expect(match).toBeNull();
    expect(evidence).toMatchObject({
      enricher: 'places',
      rule: 'city_mismatch',
      anchor: 'city_centre',
      practice: { city: 'Bengaluru', pincode: '560038', locality: ['indiranagar'], brand: ['apollo'] },
      accepted: null,
      rejected: [
        {
          placeId: 'ChIJ-lucknow',
          reason: 'city_mismatch',
          failed: ['city_mismatch', 'pincode_mismatch', 'outside_city'],
        },
      ],
    });
    // Measured from Bengaluru's centre.
    expect(evidence.rejected[0]!.distanceMeters! / 1000).toBeGreaterThan(1500);
  });

  it('reject "Max Multispeciality Clinic, Rajouri Garden" for the Fortis clinic there: the brand differs', () => {
    const { match, evidence } = decidePlace(rajouri, [max], rule);
    expect(match).toBeNull();
    expect(evidence.rejected[0]).toMatchObject({ reason: 'brand_mismatch', failed: ['brand_mismatch'] });
  });

  it('accept the right place when it comes second, and say why the first was not', () => {
    const right = candidate({
      placeId: 'ChIJ-right',
      name: 'Apollo Clinic Indiranagar',
      formattedAddress: '3011, 100 Feet Rd, HAL 2nd Stage, Indiranagar, Bengaluru, Karnataka 560038, India',
      location: { lat: 12.9719, lng: 77.6412 },
    });
    const { match, evidence } = decidePlace(indiranagar, [lucknow, right], rule);
    expect(match?.candidate.placeId).toBe('ChIJ-right');
    expect(evidence).toMatchObject({
      rule: 'matched',
      accepted: { placeId: 'ChIJ-right', reason: null, failed: [], score: 1 },
      rejected: [{ placeId: 'ChIJ-lucknow', reason: 'city_mismatch' }],
    });
    expect(evidence.accepted!.distanceMeters).toBeLessThan(6000);
  });

  it('reject a closed place, a place without an address, and a twin city only when it is not one', () => {
    const hyderabad = testPractice({ name: 'Care Hospitals, Banjara Hills', city: 'Hyderabad' });
    const care = candidate({
      name: 'CARE Hospitals Banjara Hills',
      formattedAddress: 'Road No. 1, Banjara Hills, Secunderabad, Telangana 500034, India',
      location: { lat: 17.4126, lng: 78.4482 },
    });
    expect(decidePlace(hyderabad, [care], rule).match).not.toBeNull();
    const closed = { ...care, businessStatus: 'CLOSED_PERMANENTLY' };
    expect(decidePlace(hyderabad, [closed], rule).evidence.rule).toBe('closed');
    expect(
      decidePlace(hyderabad, [{ ...care, formattedAddress: null }], rule).evidence.rejected[0]?.failed,
    ).toEqual(['no_address']);
  });

  it('keep the distance to the practice’s own coordinates, at most maxDistanceMeters', () => {
    const placed = { ...indiranagar, latitude: 12.9784, longitude: 77.6408, geoSource: 'source' as const };
    const near = candidate({
      name: 'Apollo Clinic Indiranagar',
      formattedAddress: '100 Feet Rd, Indiranagar, Bengaluru, Karnataka 560038, India',
      location: { lat: 12.9719, lng: 77.6412 },
    });
    expect(decidePlace(placed, [near], rule).evidence).toMatchObject({
      anchor: 'source_coordinates',
      accepted: { distanceMeters: 724 },
    });
    expect(decidePlace(placed, [near], { ...rule, maxDistanceMeters: 500 }).evidence.rule).toBe('too_far');
  });

  it('place a practice of an unknown city only by a PIN both share', () => {
    const town = testPractice({ name: 'Shanti Nursing Home', city: 'Smalltown', pincode: '431001' });
    const same = candidate({
      name: 'Shanti Nursing Home',
      formattedAddress: 'Station Road, Smalltown, Maharashtra 431001, India',
      location: { lat: 19.9, lng: 75.3 },
    });
    expect(decidePlace(town, [same], rule).evidence).toMatchObject({ anchor: 'pincode', rule: 'matched' });
    const noPin = { ...town, pincode: null };
    expect(decidePlace(noPin, [same], rule).evidence.rule).toBe('unverifiable_location');
  });
});

describe('brand and place words', () => {
  it('find the brand: the distinctive words of the name, not its kind or where it is', () => {
    expect(brandWords('Fortis Clinic, Rajouri Garden', [])).toEqual(['fortis']);
    expect(brandWords('Max Multispeciality Clinic Rajouri Garden', ['Rajouri Garden, New Delhi'])).toEqual([
      'max',
    ]);
    expect(brandWords('Apollo Sugar & Heart Clinic, Anna Nagar', [])).toEqual(['apollo', 'sugar', 'heart']);
    expect(brandWords('Apollo Clinic Indiranagar', ['Indira Nagar, Lucknow'])).toEqual(['apollo']);
    expect(brandWords('Sri Ramachandra Institute of Medical Sciences', [])).toEqual(['sri', 'ramachandra']);
  });

  it('read "Indira Nagar" and "Indiranagar" as one place, and plurals as singular', () => {
    expect(hasAllWords(placeWords('Indira Nagar'), placeWords('Indiranagar, Bengaluru'))).toBe(true);
    expect(hasAllWords(placeWords('Indiranagar'), placeWords('Indira Nagar, Lucknow'))).toBe(true);
    expect(hasAllWords(placeWords('Apollo Diagnostics'), placeWords('Apollo Diagnostic Centre'))).toBe(true);
    expect(hasAllWords(placeWords('Koramangala'), placeWords('Indiranagar, Bengaluru'))).toBe(false);
  });

  it('split a name at its locality, and read an address’s PIN and parts', () => {
    expect(splitName('Fortis Speciality Hospital - Koramangala')).toEqual({
      head: 'Fortis Speciality Hospital',
      tail: 'Koramangala',
    });
    expect(splitName('Apollo Hospitals (Greams Road)')).toEqual({
      head: 'Apollo Hospitals',
      tail: 'Greams Road',
    });
    expect(addressFacts('Indiranagar, Bengaluru, Karnataka 560 038, India')).toEqual({
      pincode: '560038',
      parts: ['Indiranagar', 'Bengaluru', 'Karnataka', 'India'],
    });
  });
});
