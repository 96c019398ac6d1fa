/**
 * The row text of canonical records: values encoded as PostgreSQL's
 * `COPY … FROM STDIN` text format, which is both what the PostgreSQL sink
 * sends and what every sink hashes (see {@link contentHash}):
 * one line per row, columns separated by tabs, `\N` for null, and backslash,
 * tab, newline and carriage return escaped. Every value travels as data,
 * never as SQL.
 *
 * PostgreSQL text and jsonb cannot hold U+0000, and jsonb refuses a lone
 * UTF-16 surrogate. Rather than failing a file for one such character, both
 * become U+FFFD (the replacement character), in text and inside JSON alike.
 */

/**
 * The replacement character (U+FFFD) that stands in for U+0000 and lone surrogates.
 *
 * ### Examples
 * ```ts
 * import { REPLACEMENT, storableText } from '@provider-data/core';
 *
 * storableText('a\u0000b') === `a${REPLACEMENT}b`; // true
 * ```
 */
export const REPLACEMENT = '\uFFFD';

/** `\N`: a null column. */
export const COPY_NULL = '\\N';

const COPY_SPECIAL = /[\\\t\n\r]/g;
/** The same characters, for a test without the global flag's state. */
const COPY_ESCAPED = /[\\\t\n\r]/;
/** Any character that text must not hold as it is: most values have none, and are their own row text. */
const COPY_UNSAFE = /[\\\t\n\r\0]/;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/**
 * Text as the sink stores it: U+0000 becomes U+FFFD. (Lone surrogates become
 * U+FFFD when encoded as UTF-8.)
 *
 * ### Examples
 * ```ts
 * import { storableText } from '@provider-data/core';
 *
 * storableText('Dr.\u0000 Rao'); // 'Dr.\uFFFD Rao'
 * ```
 */
export function storableText(text: string): string {
  return text.includes('\0') ? text.replaceAll('\0', REPLACEMENT) : text;
}

function escapeCopy(text: string): string {
  return COPY_ESCAPED.test(text) ? text.replace(COPY_SPECIAL, (c) => COPY_ESCAPES[c] ?? c) : text;
}

/** A text column. */
export function copyText(value: string | null | undefined): string {
  if (value === null || value === undefined) return COPY_NULL;
  // One scan for the common case, a value with nothing to replace or escape.
  return COPY_UNSAFE.test(value) ? escapeCopy(storableText(value)) : value;
}

/** A `text[]` column: an array literal with every element quoted. */
export function copyTextArray(values: readonly string[] | null | undefined): string {
  if (values === null || values === undefined) return COPY_NULL;
  if (values.length === 0) return '{}';
  const elements = values.map((v) => `"${storableText(v).replace(/["\\]/g, '\\$&')}"`);
  return escapeCopy(`{${elements.join(',')}}`);
}

// A `\u0000` or lone-surrogate escape that JSON.stringify wrote, i.e. one not
// preceded by an odd number of backslashes.
const JSON_UNSTORABLE = /(?<=(?:^|[^\\])(?:\\\\)*)\\u(?:0000|d[89a-f][0-9a-f]{2})/gi;

/**
 * JSON text that jsonb accepts: `\u0000` and lone surrogate escapes become
 * U+FFFD; an escaped backslash before `u0000` is left alone.
 *
 * ### Examples
 * ```ts
 * import { storableJson } from '@provider-data/core';
 *
 * storableJson({ name: 'a\u0000b' }); // '{"name":"a\uFFFDb"}'
 * ```
 */
export function storableJson(value: unknown): string | null {
  if (value === undefined) return null;
  const json = JSON.stringify(value);
  if (json === undefined) return null;
  // JSON.stringify escapes only control characters and lone surrogates as \u….
  return json.includes('\\u') ? json.replace(JSON_UNSTORABLE, REPLACEMENT) : json;
}

/** A `jsonb` column. */
export function copyJson(value: unknown): string {
  const json = storableJson(value);
  return json === null ? COPY_NULL : escapeCopy(json);
}

/** A copy of `value` with object keys in sorted order at every depth. */
function withSortedKeys(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  if (Array.isArray(value)) return value.map(withSortedKeys);
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort())
    sorted[key] = withSortedKeys((value as Record<string, unknown>)[key]);
  return sorted;
}

/**
 * A `jsonb` column whose value may have been read back from jsonb (which
 * keeps its own key order): keys are sorted, so that the same value encodes
 * to the same text either way.
 */
export function copySortedJson(value: unknown): string {
  return copyJson(withSortedKeys(value));
}

/** An integer or double column; anything not finite is null. */
export function copyNumber(value: number | null | undefined): string {
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : COPY_NULL;
}

/** A boolean column. */
export function copyBoolean(value: boolean | null | undefined): string {
  if (value === null || value === undefined) return COPY_NULL;
  return value ? 't' : 'f';
}

/** A `timestamptz` column from a `Date` or ISO text. */
export function copyTimestamp(value: Date | string | null | undefined): string {
  if (value === null || value === undefined) return COPY_NULL;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? COPY_NULL : value.toISOString();
  return copyText(value);
}
