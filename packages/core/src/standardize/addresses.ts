import { CITY_NAMES, STATE_NAMES } from './india-places.js';
import { standardized, type Standardized } from './standardized.js';
import { BoundedCache, cleanString, describe, isBlank, lookupKey, titleCase, trimWhere } from './text.js';

/** Lookup key of a place name: `New_Delhi`, `new-delhi` and `NEW DELHI` are one key; `&` is `and`. */
function placeKey(text: string): string {
  return lookupKey(text.replace(/&/g, ' and ').replace(/\./g, ''));
}

const STATES = new Map<string, string>();
for (const [name, aliases] of STATE_NAMES) {
  STATES.set(placeKey(name), name);
  for (const alias of aliases) STATES.set(placeKey(alias), name);
}

const CITIES = new Map<string, string>();
const CITY_STATE = new Map<string, string>();
for (const [name, state, aliases] of CITY_NAMES) {
  CITIES.set(placeKey(name), name);
  CITY_STATE.set(name, state);
  for (const alias of aliases) CITIES.set(placeKey(alias), name);
}

/**
 * Decodes HTML entities, folds whitespace and newlines and trims; null for
 * empty text and for non-strings.
 *
 * ### Examples
 * ```ts
 * import { cleanText } from '@provider-data/core';
 *
 * cleanText('  21, Greams Lane,\n Off Greams Road  '); // '21, Greams Lane, Off Greams Road'
 * cleanText(' '); // null
 * ```
 */
export function cleanText(raw: unknown): string | null {
  return cleanString(raw);
}

/**
 * Cleans an address line: {@link cleanText}, then doubled and trailing
 * separators removed.
 *
 * ### Examples
 * ```ts
 * import { standardizeAddressLine } from '@provider-data/core';
 *
 * standardizeAddressLine('21, Greams Lane,, Off Greams Road,').value; // '21, Greams Lane, Off Greams Road'
 * ```
 */
export function standardizeAddressLine(raw: unknown): Standardized<string | null> {
  if (isBlank(raw)) return standardized(null);
  const text = cleanString(raw);
  if (text === null) return standardized(null, [describe(raw)]);
  const line = text
    .replace(/\s+([,;])/g, '$1')
    .replace(/([,;])(?:\s*[,;])+/g, '$1')
    .replace(/([,;])(?=\S)/g, '$1 ');
  const trimmed = trimWhere(line, ADDRESS_LEAD, ADDRESS_TRAIL);
  return standardized(trimmed === '' ? null : trimmed);
}

/** Separators at the ends of an address line: `, 21 Greams Lane,` is `21 Greams Lane`. */
const ADDRESS_LEAD = /^[\s,;.\-–]$/u;
const ADDRESS_TRAIL = /^[\s,;\-–]$/u;

const CITY_CACHE = new BoundedCache<{ city: string; known: boolean }>(2048);

/**
 * Maps a city name to its canonical current name (`Bangalore` →
 * `Bengaluru`, `new-delhi` → `New Delhi`). Distinct cities stay distinct
 * (Navi Mumbai is not Mumbai, Gurugram is not Delhi). An unknown city is
 * kept, title-cased, and also reported in `unmapped`.
 *
 * ### Examples
 * ```ts
 * import { standardizeCity } from '@provider-data/core';
 *
 * standardizeCity('Gurgaon').value; // 'Gurugram'
 * standardizeCity('Navi_Mumbai').value; // 'Navi Mumbai'
 * ```
 */
export function standardizeCity(raw: unknown): Standardized<string | null> {
  if (isBlank(raw)) return standardized(null);
  const text = cleanString(raw);
  if (text === null) return standardized(null, [describe(raw)]);
  let hit = CITY_CACHE.get(text);
  if (hit === undefined) {
    const key = placeKey(text);
    const city = CITIES.get(key);
    hit =
      city !== undefined
        ? { city, known: true }
        : { city: titleCaseIfOneCase(text.replace(/[_]+/g, ' ').replace(/\s+/g, ' ').trim()), known: false };
    CITY_CACHE.set(text, hit);
  }
  if (hit.city === '') return standardized(null, [text]);
  return hit.known ? standardized(hit.city) : standardized(hit.city, [text]);
}

/** Slugs and shouting become title case; `Vasco da Gama` as written stays. */
function titleCaseIfOneCase(text: string): string {
  const slug = /^[\p{Ll}\d\s-]+$/u.test(text) && text.includes('-') ? text.replace(/-/g, ' ') : text;
  return slug === slug.toUpperCase() || slug === slug.toLowerCase() ? titleCase(slug) : slug;
}

/**
 * The state or union territory of a canonical city name, or null for a city
 * not in the reference list.
 *
 * ### Examples
 * ```ts
 * import { cityState } from '@provider-data/core';
 *
 * cityState('Gurugram'); // 'Haryana'
 * ```
 */
export function cityState(city: string): string | null {
  return CITY_STATE.get(city) ?? null;
}

/**
 * Maps a state or union territory to its canonical name: `Orissa` →
 * `Odisha`, `TN` → `Tamil Nadu`, `NCT of Delhi` → `Delhi`, `J&K` →
 * `Jammu and Kashmir`. Unknown text is null, with the input in `unmapped`.
 *
 * ### Examples
 * ```ts
 * import { standardizeState } from '@provider-data/core';
 *
 * standardizeState('Uttaranchal').value; // 'Uttarakhand'
 * ```
 */
export function standardizeState(raw: unknown): Standardized<string | null> {
  if (isBlank(raw)) return standardized(null);
  const text = cleanString(raw);
  if (text === null) return standardized(null, [describe(raw)]);
  const key = placeKey(text);
  const state =
    STATES.get(key) ?? STATES.get(key.replace(/^(?:state of|ut of) /, '').replace(/ (?:state|ut)$/, ''));
  return state === undefined ? standardized(null, [text]) : standardized(state);
}

// India Post's postal regions: the states a PIN's first two or three digits
// can belong to. A three-digit entry overrides its two-digit prefix.
const UP_UK = ['Uttar Pradesh', 'Uttarakhand'];
const NORTH_EAST = ['Arunachal Pradesh', 'Manipur', 'Meghalaya', 'Mizoram', 'Nagaland', 'Tripura', 'Assam'];
const PIN_REGIONS = new Map<string, readonly string[]>();
const region = (prefixes: string[], states: readonly string[]): void => {
  for (const p of prefixes) PIN_REGIONS.set(p, states);
};
const range = (from: number, to: number): string[] => {
  const out: string[] = [];
  for (let n = from; n <= to; n++) out.push(String(n));
  return out;
};
region(['11'], ['Delhi']);
region(['12', '13'], ['Haryana', 'Punjab', 'Chandigarh']);
region(['14', '15', '16'], ['Punjab', 'Chandigarh', 'Haryana', 'Himachal Pradesh']);
region(['17'], ['Himachal Pradesh']);
region(['18', '19'], ['Jammu and Kashmir', 'Ladakh']);
region(range(20, 28), UP_UK);
region(range(30, 34), ['Rajasthan']);
region(range(36, 39), ['Gujarat', 'Dadra and Nagar Haveli and Daman and Diu']);
region(range(40, 44), ['Maharashtra']);
region(['403'], ['Goa']);
region(range(45, 49), ['Madhya Pradesh', 'Chhattisgarh']);
region(range(50, 53), ['Telangana', 'Andhra Pradesh']);
region(['533'], ['Andhra Pradesh', 'Puducherry']);
region(range(56, 59), ['Karnataka']);
region(range(60, 66), ['Tamil Nadu']);
region(['605', '609'], ['Tamil Nadu', 'Puducherry']);
region(range(67, 69), ['Kerala']);
region(['673'], ['Kerala', 'Puducherry']);
region(['682'], ['Kerala', 'Lakshadweep']);
region(range(70, 74), ['West Bengal']);
region(['737'], ['Sikkim']);
region(['744'], ['Andaman and Nicobar Islands']);
region(range(75, 77), ['Odisha']);
region(['78'], ['Assam', 'Meghalaya', 'Arunachal Pradesh', 'Nagaland']);
region(['79'], NORTH_EAST);
region(range(80, 85), ['Bihar', 'Jharkhand']);

/** The states a PIN code's postal region covers, or null when the region is not a state (Army Post Office) or unknown. */
function pincodeStates(pin: string): readonly string[] | null {
  return PIN_REGIONS.get(pin.slice(0, 3)) ?? PIN_REGIONS.get(pin.slice(0, 2)) ?? null;
}

/**
 * Reads a PIN code as six digits, first digit 1–9 (`"600 006"`, `600006`).
 * Given the practice's state, a PIN from another postal region is kept but
 * flagged with the warning `pincode_state_mismatch`.
 *
 * ### Examples
 * ```ts
 * import { standardizePincode } from '@provider-data/core';
 *
 * standardizePincode('600 006').value; // '600006'
 * standardizePincode('600006', 'Karnataka').warnings; // ['pincode_state_mismatch']
 * ```
 */
export function standardizePincode(raw: unknown, state?: string | null): Standardized<string | null> {
  if (isBlank(raw)) return standardized(null);
  let text: string | null = null;
  if (typeof raw === 'number') text = Number.isInteger(raw) ? String(raw) : null;
  else if (typeof raw === 'string') text = cleanString(raw)?.replace(/[\s-]+/g, '') ?? null;
  if (text === null || !/^[1-9]\d{5}$/.test(text)) return standardized(null, [describe(raw)]);
  if (state !== undefined && state !== null) {
    const canonical = standardizeState(state).value;
    const states = pincodeStates(text);
    if (canonical !== null && states !== null && !states.includes(canonical)) {
      return standardized(text, [], ['pincode_state_mismatch']);
    }
  }
  return standardized(text);
}
