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
 * lineage, top-level keys in sorted order, nested values (qualifications,
 * schedules, place details) as the standardizers build them. Two records with
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
    text += `${key}\u0000${JSON.stringify(value)}\u0001`;
  }
  return createHash('sha1').update(text).digest('hex');
}
