import { createHash } from 'node:crypto';

/** Fields that describe where and when a record was seen, not what it says. */
const NOT_CONTENT = new Set([
  'raw',
  'firstSeenPullId',
  'lastSeenPullId',
  'contentHash',
  'updatedAt',
  'createdAt',
]);

function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The hash of a canonical record's content: every field except `raw` and
 * lineage, with keys in sorted order. Two records with equal hashes say the
 * same thing, so the sink need not rewrite one with the other.
 *
 * ### Examples
 * ```ts
 * import { contentHash } from '@provider-data/core';
 *
 * contentHash({ a: 1, b: [2], raw: 'x' }) === contentHash({ b: [2], a: 1, raw: 'y' }); // true
 * ```
 */
export function contentHash(record: object): string {
  const content: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) if (!NOT_CONTENT.has(key)) content[key] = value;
  return createHash('sha1').update(canonicalJson(content)).digest('hex');
}
