import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cityState,
  cleanText,
  standardizeAddressLine,
  standardizeCity,
  standardizePincode,
  standardizeState,
} from './addresses.js';
import { CITY_NAMES, STATE_NAMES } from './india-places.js';

const anything = fc.oneof(fc.string({ unit: 'binary' }), fc.jsonValue());

describe('standardizeCity', () => {
  it.each([
    ['Bangalore', 'Bengaluru'],
    ['BANGALORE', 'Bengaluru'],
    ['Gurgaon', 'Gurugram'],
    ['gurgaon', 'Gurugram'],
    ['Bombay', 'Mumbai'],
    ['Calcutta', 'Kolkata'],
    ['Madras', 'Chennai'],
    ['Poona', 'Pune'],
    ['Baroda', 'Vadodara'],
    ['Trivandrum', 'Thiruvananthapuram'],
    ['Cochin', 'Kochi'],
    ['Calicut', 'Kozhikode'],
    ['Mysore', 'Mysuru'],
    ['Mangalore', 'Mangaluru'],
    ['Vizag', 'Visakhapatnam'],
    ['Allahabad', 'Prayagraj'],
    ['Pondicherry', 'Puducherry'],
    ['Belgaum', 'Belagavi'],
    ['Hubli', 'Hubballi'],
    ['Gauhati', 'Guwahati'],
    ['Banaras', 'Varanasi'],
    ['Benares', 'Varanasi'],
    ['Simla', 'Shimla'],
    ['Cawnpore', 'Kanpur'],
    ['New_Delhi', 'New Delhi'],
    ['new-delhi', 'New Delhi'],
    ['navi-mumbai', 'Navi Mumbai'],
    ['Navi_Mumbai', 'Navi Mumbai'],
    ['  Chennai ', 'Chennai'],
  ])('%s → %s', (raw, city) => {
    expect(standardizeCity(raw)).toEqual({ value: city, unmapped: [], warnings: [] });
  });

  it('never merges distinct cities', () => {
    const distinct = [
      'Navi Mumbai',
      'Mumbai',
      'Noida',
      'Greater Noida',
      'Gurugram',
      'Faridabad',
      'Ghaziabad',
    ];
    const more = ['Delhi', 'New Delhi', 'Secunderabad', 'Hyderabad', 'Thane'];
    const values = [...distinct, ...more].map((c) => standardizeCity(c).value);
    expect(new Set(values).size).toBe(distinct.length + more.length);
  });

  it('keeps an unknown city, title-cased, and reports it', () => {
    expect(standardizeCity('KUMBAKONAM')).toEqual({
      value: 'Kumbakonam',
      unmapped: ['KUMBAKONAM'],
      warnings: [],
    });
    expect(standardizeCity('sri-ganganagar')).toEqual({
      value: 'Sri Ganganagar',
      unmapped: ['sri-ganganagar'],
      warnings: [],
    });
    expect(standardizeCity('')).toEqual({ value: null, unmapped: [], warnings: [] });
    expect(standardizeCity(5)).toEqual({ value: null, unmapped: ['5'], warnings: [] });
  });

  it('knows the state of known cities', () => {
    expect(cityState('Gurugram')).toBe('Haryana');
    expect(cityState('Navi Mumbai')).toBe('Maharashtra');
    expect(cityState('Atlantis')).toBeNull();
    for (const [, state] of CITY_NAMES) expect(standardizeState(state).value).toBe(state);
  });

  it('is idempotent and never throws', () => {
    for (const [city] of CITY_NAMES) expect(standardizeCity(city).value).toBe(city);
    fc.assert(
      fc.property(anything, (raw) => {
        const once = standardizeCity(raw).value;
        if (once !== null) expect(standardizeCity(once).value).toBe(once);
      }),
      { numRuns: 500 },
    );
  });
});

describe('standardizeState', () => {
  it.each([
    ['Tamil Nadu', 'Tamil Nadu'],
    ['TN', 'Tamil Nadu'],
    ['tamilnadu', 'Tamil Nadu'],
    ['MH', 'Maharashtra'],
    ['KA', 'Karnataka'],
    ['DL', 'Delhi'],
    ['Delhi', 'Delhi'],
    ['NCT of Delhi', 'Delhi'],
    ['Orissa', 'Odisha'],
    ['Uttaranchal', 'Uttarakhand'],
    ['Pondicherry', 'Puducherry'],
    ['J&K', 'Jammu and Kashmir'],
    ['Jammu & Kashmir', 'Jammu and Kashmir'],
    ['WEST BENGAL', 'West Bengal'],
    ['Andaman & Nicobar Islands', 'Andaman and Nicobar Islands'],
    ['Daman and Diu', 'Dadra and Nagar Haveli and Daman and Diu'],
    ['Telangana State', 'Telangana'],
  ])('%s → %s', (raw, state) => {
    expect(standardizeState(raw)).toEqual({ value: state, unmapped: [], warnings: [] });
  });

  it('lists 28 states and 8 union territories', () => {
    expect(STATE_NAMES).toHaveLength(36);
    for (const [state] of STATE_NAMES) expect(standardizeState(state).value).toBe(state);
  });

  it('reports unknown text', () => {
    expect(standardizeState('Atlantis')).toEqual({ value: null, unmapped: ['Atlantis'], warnings: [] });
    expect(standardizeState(null)).toEqual({ value: null, unmapped: [], warnings: [] });
  });

  it('never throws', () => {
    fc.assert(
      fc.property(anything, (raw) => void standardizeState(raw)),
      { numRuns: 500 },
    );
  });
});

describe('standardizePincode', () => {
  it.each<[unknown, string | null, string | null, string[], string[]]>([
    ['600006', null, '600006', [], []],
    [600006, null, '600006', [], []],
    ['600 006', null, '600006', [], []],
    ['122002', 'Haryana', '122002', [], []],
    ['122 002', 'HR', '122002', [], []],
    ['403001', 'Goa', '403001', [], []],
    ['605001', 'Puducherry', '605001', [], []],
    ['560001', 'Karnataka', '560001', [], []],
    ['600006', 'Karnataka', '600006', [], ['pincode_state_mismatch']],
    ['403001', 'Maharashtra', '403001', [], ['pincode_state_mismatch']],
    ['110001', 'Delhi', '110001', [], []],
    ['560001', 'Atlantis', '560001', [], []],
    ['', null, null, [], []],
    [null, null, null, [], []],
    ['060006', null, null, ['060006'], []],
    ['60006', null, null, ['60006'], []],
    ['6000061', null, null, ['6000061'], []],
    ['abc', null, null, ['abc'], []],
  ])('%j in %j', (raw, state, value, unmapped, warnings) => {
    expect(standardizePincode(raw, state)).toEqual({ value, unmapped, warnings });
  });

  it('is idempotent and never throws', () => {
    fc.assert(
      fc.property(anything, fc.option(fc.string()), (raw, state) => {
        const once = standardizePincode(raw, state).value;
        if (once !== null) expect(standardizePincode(once).value).toBe(once);
      }),
      { numRuns: 500 },
    );
  });
});

describe('cleanText and standardizeAddressLine', () => {
  it('cleans', () => {
    expect(cleanText('  21, Greams Lane,\n  Off Greams Road  ')).toBe('21, Greams Lane, Off Greams Road');
    expect(cleanText('Apollo &amp; Co')).toBe('Apollo & Co');
    expect(cleanText(' \n ')).toBeNull();
    expect(cleanText(12)).toBeNull();
    expect(standardizeAddressLine('21, Greams Lane,, Off Greams Road,').value).toBe(
      '21, Greams Lane, Off Greams Road',
    );
    expect(standardizeAddressLine('Plot 5 ,Sector 44 , ,').value).toBe('Plot 5, Sector 44');
    expect(standardizeAddressLine(',').value).toBeNull();
  });

  it('never throws', () => {
    fc.assert(
      fc.property(anything, (raw) => {
        cleanText(raw);
        const once = standardizeAddressLine(raw).value;
        if (once !== null) expect(standardizeAddressLine(once).value).toBe(once);
      }),
      { numRuns: 500 },
    );
  });
});
