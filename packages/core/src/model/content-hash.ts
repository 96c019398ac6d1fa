import { hash } from 'node:crypto';

/** Fields that describe where and when a record was seen, not what it says. */
const NOT_CONTENT = new Set([
  'raw',
  'firstSeenPullId',
  'lastSeenPullId',
  'contentHash',
  'updatedAt',
  'createdAt',
]);

/** JSON with object keys sorted at every depth, so that a value read back from jsonb hashes the same. */
function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  let out = '{';
  for (const key of keys) {
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined) continue;
    out += `${out.length > 1 ? ',' : ''}${JSON.stringify(key)}:${canonicalJson(v)}`;
  }
  return `${out}}`;
}

function valueJson(value: unknown): string {
  // Most fields are strings, numbers or lists of strings: no sorting to do.
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null))
    return JSON.stringify(value);
  return canonicalJson(value);
}

// Records of one entity share their set of keys: sort each set once.
const sortedKeys = new Map<string, string[]>();

function contentKeys(record: object): string[] {
  const keys = Object.keys(record);
  const signature = keys.join(',');
  let sorted = sortedKeys.get(signature);
  if (!sorted) {
    sorted = keys.filter((key) => !NOT_CONTENT.has(key)).sort();
    if (sortedKeys.size < 1000) sortedKeys.set(signature, sorted);
  }
  return sorted;
}

/**
 * The hash of a canonical record's content: every field except `raw` and
 * lineage, with object keys in sorted order at every depth. Two records with
 * equal hashes say the same thing, so the sink need not rewrite one with the
 * other.
 *
 * ### Examples
 * ```ts
 * import { contentHash } from '@provider-data/core';
 *
 * contentHash({ a: 1, b: [2], raw: 'x' }) === contentHash({ b: [2], a: 1, raw: 'y' }); // true
 * ```
 */
export function contentHash(record: object): string {
  const values = record as Record<string, unknown>;
  let text = '';
  for (const key of contentKeys(record)) {
    const value = values[key];
    if (value === undefined) continue;
    text += `${key}\u0000${valueJson(value)}\u0001`;
  }
  // One-shot hashing: no Hash object per record.
  return hash('sha1', text, 'hex');
}
