import { Metadata } from 'libphonenumber-js/core';
import { parsePhoneNumberFromString, type PhoneNumber } from 'libphonenumber-js/max';
import maxMetadata from 'libphonenumber-js/max/metadata';
import { standardized, type Standardized } from './standardized.js';
import { BoundedCache, cleanString, describe, isBlank } from './text.js';

// Full ("max") metadata: the smaller sets accept any ten digits as an Indian
// number (`+91 5555555555`), and a number we cannot validate is not kept.

/** Where one field holds several numbers: `044-2829 3333 / 2829 4444`, `0124 4962200, 0124 7162200`. */
const SEPARATORS = /\s*(?:[/,;|\n]|\bor\b|&)\s*/i;
const DIGITS = /\d/g;

interface Parsed {
  e164: string;
  /** The national significant number of an Indian fixed line, for carrying its STD code forward. */
  fixedLine: string | null;
}

/** The subset of libphonenumber's numbering plan that the fast path reads. */
interface PlanType {
  pattern(): string;
  possibleLengths(): number[] | undefined;
}
interface IndianPlan {
  nationalNumberPattern(): string;
  type(type: 'FIXED_LINE' | 'MOBILE'): PlanType | undefined;
}

/**
 * Ten-digit Indian numbers written plainly (`+91 98400 12345`,
 * `09840012345`) are checked against libphonenumber's own Indian fixed-line
 * and mobile patterns, the test its `isValid()` and `getType()` make, without
 * the cost of a full parse (about 20 µs); anything else takes the full parse.
 */
const FAST = (() => {
  const metadata = new Metadata(maxMetadata);
  metadata.selectNumberingPlan('IN');
  const plan = metadata.numberingPlan as unknown as IndianPlan | undefined;
  const compile = (type: PlanType | undefined) =>
    type === undefined
      ? null
      : { pattern: new RegExp(`^(?:${type.pattern()})$`), lengths: type.possibleLengths() };
  if (plan === undefined) return null;
  return {
    general: new RegExp(`^(?:${plan.nationalNumberPattern()})$`),
    fixed: compile(plan.type('FIXED_LINE')),
    mobile: compile(plan.type('MOBILE')),
  };
})();
const PLAIN_INDIAN = /^(?:\+91|0091|91|0)?([1-9]\d{9})$/;
const PUNCTUATION = /[\s\-().]/g;

function matches(type: { pattern: RegExp; lengths: number[] | undefined } | null, nsn: string): boolean {
  return (
    type !== null &&
    (type.lengths === undefined || type.lengths.includes(nsn.length)) &&
    type.pattern.test(nsn)
  );
}

/** The fast path's verdict: a parsed number, or undefined to defer to the full parse. */
function parsePlainIndian(text: string): Parsed | undefined {
  if (FAST === null) return undefined;
  const plain = PLAIN_INDIAN.exec(text.replace(PUNCTUATION, ''));
  const nsn = plain?.[1];
  if (nsn === undefined || !FAST.general.test(nsn)) return undefined;
  if (matches(FAST.fixed, nsn)) return { e164: `+91${nsn}`, fixedLine: nsn };
  if (matches(FAST.mobile, nsn)) return { e164: `+91${nsn}`, fixedLine: null };
  return undefined;
}

// Hospital switchboards recur across many records of a pull; mobiles mostly
// do not, so the memo stays small.
const CACHE = new BoundedCache<Parsed | null>(2048);

function parse(text: string): Parsed | null {
  const fast = parsePlainIndian(text);
  if (fast !== undefined) return fast;
  const cached = CACHE.get(text);
  if (cached !== undefined) return cached;
  let result: Parsed | null = null;
  let phone: PhoneNumber | undefined;
  try {
    phone = parsePhoneNumberFromString(text, 'IN');
  } catch {
    phone = undefined;
  }
  if (phone?.isValid()) {
    const type = phone.getType();
    const fixed =
      phone.countryCallingCode === '91' && (type === 'FIXED_LINE' || type === 'FIXED_LINE_OR_MOBILE');
    result = { e164: phone.number, fixedLine: fixed ? phone.nationalNumber : null };
  }
  CACHE.set(text, result);
  return result;
}

/**
 * `2829 4444` after `044-2829 3333`: a local number without its STD code
 * takes the previous fixed line's code, so long as the result is valid.
 */
function withCarriedCode(piece: string, previous: Parsed | null): Parsed | null {
  if (previous?.fixedLine == null || piece.startsWith('+') || piece.startsWith('0')) return null;
  const digits = piece.match(DIGITS)?.join('') ?? '';
  if (digits.length < 6 || digits.length > 8) return null;
  const codeLength = previous.fixedLine.length - digits.length;
  if (codeLength < 2 || codeLength > 4) return null;
  return parse(`0${previous.fixedLine.slice(0, codeLength)}${digits}`);
}

function collect(raw: unknown, value: Set<string>, unmapped: string[]): void {
  if (typeof raw === 'number') {
    collect(Number.isSafeInteger(raw) && raw > 0 ? String(raw) : describe(raw), value, unmapped);
    return;
  }
  if (typeof raw !== 'string') {
    if (!isBlank(raw)) unmapped.push(describe(raw));
    return;
  }
  const text = cleanString(raw);
  if (text === null) return;
  if (!/\d/.test(text)) {
    unmapped.push(text);
    return;
  }
  let previous: Parsed | null = null;
  for (const part of text.split(SEPARATORS)) {
    const piece = part.trim();
    if (piece === '' || !/\d/.test(piece)) {
      if (piece !== '') unmapped.push(piece);
      continue;
    }
    const parsed: Parsed | null = parse(piece) ?? withCarriedCode(piece, previous);
    if (parsed === null) {
      unmapped.push(piece);
      continue;
    }
    previous = parsed;
    value.add(parsed.e164);
  }
}

/**
 * Reads every phone number of a field as E.164, de-duplicated: a string
 * holding several numbers (`044-2829 3333 / 2829 4444` is two, the second
 * taking the STD code 044), or an array of such strings. Indian numbers
 * need no country code; numbers that libphonenumber does not hold valid go
 * to `unmapped`, never guessed.
 *
 * ### Examples
 * ```ts
 * import { standardizePhones } from '@provider-data/core';
 *
 * standardizePhones('044-2829 3333 / 2829 4444').value; // ['+914428293333', '+914428294444']
 * standardizePhones(['1860-500-1066']).value; // ['+9118605001066']
 * ```
 */
export function standardizePhones(raw: unknown): Standardized<string[]> {
  // A set keeps first-seen order and finds repeats in constant time.
  const value = new Set<string>();
  const unmapped: string[] = [];
  if (Array.isArray(raw)) for (const item of raw) collect(item, value, unmapped);
  else collect(raw, value, unmapped);
  return standardized([...value], unmapped);
}

/**
 * Reads one phone number as E.164, or null. When the field holds several
 * numbers the first valid one is kept, with the warning `multiple_phones`.
 *
 * ### Examples
 * ```ts
 * import { standardizePhone } from '@provider-data/core';
 *
 * standardizePhone('098400 12345').value; // '+919840012345'
 * standardizePhone('12345').value; // null, with '12345' in unmapped
 * ```
 */
export function standardizePhone(raw: unknown): Standardized<string | null> {
  const all = standardizePhones(raw);
  const first = all.value[0] ?? null;
  return standardized(first, all.unmapped, all.value.length > 1 ? ['multiple_phones'] : []);
}
