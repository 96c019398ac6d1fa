import { decodeHTML } from 'entities';
import type { Standardized } from './standardized.js';

// Internal text helpers shared by the standardizers. Not re-exported from the
// package index except `cleanText`, which addresses.ts exposes.

const WHITESPACE = /[\s\u200B-\u200D\u2060\uFEFF]+/g;
// C0/C1 control characters other than whitespace: never part of a value.
const CONTROL = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F]/g;
// Text with none of these is already clean: the common case skips two replaces.
const NEEDS_CLEANING =
  /^\s|\s$|\s\s|[\t\n\r\v\f\u0000-\u001F\u007F-\u00A0\u1680\u2000-\u200D\u2028\u2029\u202F\u205F\u2060\u3000\uFEFF&]/;
const HAS_ENTITY = /&(?:#\d+|#x[\da-f]+|[a-z][a-z\d]*);?/i;

/**
 * Decodes HTML entities, folds whitespace and newlines, trims; null for
 * non-strings and for text that is empty once cleaned.
 */
export function cleanString(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  if (!NEEDS_CLEANING.test(raw)) return raw === '' ? null : raw;
  let text = raw;
  if (text.includes('&') && HAS_ENTITY.test(text)) {
    // Twice: sources double-encode (`&amp;#39;`) often enough to matter.
    text = decodeHTML(text);
    if (text.includes('&') && HAS_ENTITY.test(text)) text = decodeHTML(text);
  }
  text = text.replace(CONTROL, '').replace(WHITESPACE, ' ').trim();
  return text === '' ? null : text;
}

/** A short, verbatim description of a raw value for `unmapped`. */
export function describe(raw: unknown): string {
  if (typeof raw === 'string') return raw.trim();
  if (typeof raw === 'number' || typeof raw === 'boolean' || typeof raw === 'bigint') return String(raw);
  if (raw === undefined) return 'undefined';
  try {
    const json = JSON.stringify(raw);
    if (json === undefined) return typeof raw;
    return json.length > 200 ? `${json.slice(0, 197)}...` : json;
  } catch {
    return typeof raw;
  }
}

/** True for values that mean "no value": null, undefined, blank strings. */
export function isBlank(raw: unknown): boolean {
  return raw === null || raw === undefined || (typeof raw === 'string' && cleanString(raw) === null);
}

/** Lower case, with runs of anything but letters and digits folded to one space. */
export function lookupKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** `RAMESH` and `ramesh` to `Ramesh`; hyphenated parts each. */
export function titleCase(word: string): string {
  return word
    .toLowerCase()
    .replace(/(^|[\s\-'’.(])(\p{L})/gu, (_m, sep: string, ch: string) => sep + ch.toUpperCase());
}

/** The UTF-16 length of the code point at `index` when it matches `char` (a one-character pattern), else 0. */
function matchedAt(text: string, index: number, char: RegExp): number {
  const length = (text.codePointAt(index) ?? 0) > 0xffff ? 2 : 1;
  return char.test(text.slice(index, index + length)) ? length : 0;
}

/**
 * `text` without its leading characters that match `lead` and its trailing
 * ones that match `trail` (each a one-character pattern, or null). A loop:
 * the regex `[…]+$` it replaces tries every start in a long run of such
 * characters inside the text, and took 1.5 s on 40,000 of them.
 */
export function trimWhere(text: string, lead: RegExp | null, trail: RegExp | null): string {
  let start = 0;
  while (lead !== null && start < text.length) {
    const length = matchedAt(text, start, lead);
    if (length === 0) break;
    start += length;
  }
  let end = text.length;
  if (trail !== null) {
    while (end > start) {
      // The last code point: a surrogate pair when the last unit is a low surrogate after a high one.
      const low = text.charCodeAt(end - 1);
      const pair = low >= 0xdc00 && low <= 0xdfff && end - 2 >= start && text.codePointAt(end - 2)! > 0xffff;
      const from = pair ? end - 2 : end - 1;
      if (!trail.test(text.slice(from, end))) break;
      end = from;
    }
  }
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/**
 * Keys longer than this are not memoized: a memo holds low-cardinality
 * wordings, and one 2 MB field kept as a key would stay in memory.
 */
const MAX_MEMO_KEY = 1024;

/**
 * A small bounded memo of at most `capacity` entries: low-cardinality inputs
 * (specialty and qualification wordings, cities) that repeat across millions
 * of records. Two generations: when the current one is full it becomes the
 * previous one and the one before is dropped; a hit in the previous one is
 * kept. Evicting the oldest entry of one Map instead walks past the holes
 * that its deletions leave, up to `capacity` steps a miss (measured: 100,000
 * distinct wordings took 0.5 s). Long keys are never kept.
 */
export class BoundedCache<V> {
  #current = new Map<string, V>();
  #previous = new Map<string, V>();
  readonly #generation: number;
  constructor(readonly capacity: number) {
    this.#generation = Math.max(1, Math.floor(capacity / 2));
  }
  get(key: string): V | undefined {
    const hit = this.#current.get(key);
    if (hit !== undefined) return hit;
    const old = this.#previous.get(key);
    if (old !== undefined) this.set(key, old);
    return old;
  }
  set(key: string, value: V): void {
    if (key.length > MAX_MEMO_KEY) return;
    if (this.#current.size >= this.#generation) {
      this.#previous = this.#current;
      this.#current = new Map();
    }
    this.#current.set(key, value);
  }
}

/**
 * The memo key of a raw value that is a string or an array of strings, or
 * undefined for anything else (which is not worth memoizing).
 */
export function memoKey(raw: unknown): string | undefined {
  if (typeof raw === 'string') return raw;
  if (!Array.isArray(raw) || raw.length > 32) return undefined;
  let key = '\u0001';
  for (const item of raw) {
    if (typeof item !== 'string') return undefined;
    key += `${item}\u0001`;
  }
  return key;
}

/**
 * Standardizes through a bounded memo keyed by the raw text: field values
 * such as `English, Tamil, Hindi` repeat across millions of records. Each
 * call gets its own copy of the result, so callers may mutate it.
 */
export function memoized<T>(
  cache: BoundedCache<Standardized<T>>,
  raw: unknown,
  compute: (raw: unknown) => Standardized<T>,
  copy: (value: T) => T,
): Standardized<T> {
  const key = memoKey(raw);
  if (key === undefined || key.length > MAX_MEMO_KEY) return compute(raw);
  let hit = cache.get(key);
  if (hit === undefined) {
    hit = compute(raw);
    cache.set(key, hit);
  }
  return {
    value: copy(hit.value),
    unmapped: hit.unmapped.length === 0 ? [] : [...hit.unmapped],
    warnings: hit.warnings.length === 0 ? [] : [...hit.warnings],
  };
}
