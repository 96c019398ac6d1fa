import { standardized, type Standardized } from './standardized.js';
import { cleanString, describe, isBlank } from './text.js';

// Practical address syntax: dot-atom local part, a dotted domain of
// letter-digit-hyphen labels and an alphabetic top-level domain.
const EMAIL =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}$/;
const SEPARATORS = /[\s,;]+/;

/**
 * Trims and lower-cases an email address; null (with the input in
 * `unmapped`) when it is not a valid address. Of several addresses in one
 * field, the first valid one is kept with the warning `multiple_emails`.
 *
 * ### Examples
 * ```ts
 * import { standardizeEmail } from '@provider-data/core';
 *
 * standardizeEmail(' Dr.Priya@Apollo.COM ').value; // 'dr.priya@apollo.com'
 * standardizeEmail('not an email').value; // null
 * ```
 */
export function standardizeEmail(raw: unknown): Standardized<string | null> {
  if (isBlank(raw)) return standardized(null);
  // An address that is valid as written is taken as written: decoding entities could break it.
  if (typeof raw === 'string') {
    const plain = raw.trim().toLowerCase();
    if (plain.length <= 254 && EMAIL.test(plain)) return standardized(plain);
  }
  const text = typeof raw === 'string' ? cleanString(raw) : null;
  if (text === null) return standardized(null, [describe(raw)]);
  const candidates = text
    .toLowerCase()
    .replace(/^mailto:/, '')
    .split(SEPARATORS)
    .filter(Boolean);
  const valid = candidates.filter((c) => c.length <= 254 && EMAIL.test(c));
  if (valid.length === 0) return standardized(null, [text]);
  return standardized(valid[0]!, [], candidates.length > 1 ? ['multiple_emails'] : []);
}
