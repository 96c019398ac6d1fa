import { standardized, type Standardized } from './standardized.js';
import { cleanString, describe, isBlank, trimWhere } from './text.js';

const CURRENCY = /₹|\binr\b|\brs\b\.?|\brupees?\b|\/-/gi;
const AMOUNT = /^\d{1,3}(?:,\d{2,3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$/;
/** `Rs.: 800`, `800.`: punctuation left around the amount once the currency is gone. */
const AMOUNT_LEAD = /^[:.]$/;
const AMOUNT_TRAIL = /^\.$/;
const FREE = /^(?:free|nil|no charges?|free of cost|complimentary|0)$/i;
const ABSENT = /^(?:n\/?a|-+|none|not applicable|not available|on request)$/i;

/**
 * Reads a consultation fee in rupees: `"₹ 1,200"`, `"Rs. 1200/-"`,
 * `"INR 800"`, `1200`. `Free` is 0; ranges (`800-1200`), negative and
 * unreadable amounts are null with the input in `unmapped`.
 *
 * ### Examples
 * ```ts
 * import { standardizeFee } from '@provider-data/core';
 *
 * standardizeFee('₹ 1,200').value; // 1200
 * standardizeFee('800-1200').value; // null
 * ```
 */
export function standardizeFee(raw: unknown): Standardized<number | null> {
  if (isBlank(raw)) return standardized(null);
  if (typeof raw === 'number') {
    return Number.isFinite(raw) && raw >= 0 ? standardized(raw) : standardized(null, [describe(raw)]);
  }
  const text = typeof raw === 'string' ? cleanString(raw) : null;
  if (text === null) return standardized(null, [describe(raw)]);
  const amount = trimWhere(text.replace(CURRENCY, ' ').replace(/\s+/g, ''), AMOUNT_LEAD, AMOUNT_TRAIL);
  if (AMOUNT.test(amount)) return standardized(Number(amount.replace(/,/g, '')));
  if (FREE.test(amount) || FREE.test(text)) return standardized(0);
  if (ABSENT.test(text)) return standardized(null);
  return standardized(null, [text]);
}
