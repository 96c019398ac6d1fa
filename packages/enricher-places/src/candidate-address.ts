/** What a candidate's formatted address says about where it is. */
export interface AddressFacts {
  /** The six-digit PIN code, when the address has one. */
  pincode: string | null;
  /** The comma-separated parts, PIN and spacing removed: `['Indiranagar', 'Bengaluru', 'Karnataka', 'India']`. */
  parts: string[];
}

const PIN = /\b([1-9]\d{2})\s?(\d{3})\b/g;

/**
 * Reads a Google formatted address ("100 Feet Rd, Indiranagar, Bengaluru,
 * Karnataka 560038, India"): its PIN (the last six-digit group, `560 038`
 * too) and its comma-separated parts.
 *
 * ### Examples
 * ```ts
 * import { addressFacts } from '@provider-data/enricher-places';
 *
 * addressFacts('12 MG Rd, Indira Nagar, Lucknow, Uttar Pradesh 226016, India');
 * // { pincode: '226016', parts: ['12 MG Rd', 'Indira Nagar', 'Lucknow', 'Uttar Pradesh', 'India'] }
 * ```
 */
export function addressFacts(address: string | null): AddressFacts {
  if (!address) return { pincode: null, parts: [] };
  const last = [...address.matchAll(PIN)].at(-1);
  const parts = address
    .split(',')
    .map((part) => part.replace(PIN, '').replace(/\s+/g, ' ').trim())
    .filter(Boolean);
  return { pincode: last ? `${last[1]}${last[2]}` : null, parts };
}
