import { decodeHTML } from 'entities';

// Internal text helpers shared by the standardizers. Not re-exported from the
// package index except `cleanText`, which addresses.ts exposes.

const WHITESPACE = /[\s\u200B-\u200D\u2060\uFEFF]+/g;
// C0/C1 control characters other than whitespace: never part of a value.
const CONTROL = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F]/g;
const HAS_ENTITY = /&(?:#\d+|#x[\da-f]+|[a-z][a-z\d]*);?/i;

/**
 * Decodes HTML entities, folds whitespace and newlines, trims; null for
 * non-strings and for text that is empty once cleaned.
 */
export function cleanString(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
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

/**
 * A small bounded memo: the most recently inserted `capacity` entries. Used
 * for low-cardinality inputs (specialty and qualification wordings, cities)
 * that repeat across millions of records.
 */
export class BoundedCache<V> {
  readonly #map = new Map<string, V>();
  constructor(readonly capacity: number) {}
  get(key: string): V | undefined {
    return this.#map.get(key);
  }
  set(key: string, value: V): void {
    if (this.#map.size >= this.capacity) {
      const oldest = this.#map.keys().next();
      if (!oldest.done) this.#map.delete(oldest.value);
    }
    this.#map.set(key, value);
  }
}
