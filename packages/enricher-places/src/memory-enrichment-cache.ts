import type { CacheEntry, EnrichmentCache } from '@provider-data/core';

/**
 * An {@link EnrichmentCache} kept in process memory: the enricher's default,
 * good for one process and for tests. In production pass the PostgreSQL one,
 * so that answers outlive the process.
 *
 * ### Examples
 * ```ts
 * import { createMemoryEnrichmentCache } from '@provider-data/enricher-places';
 *
 * const cache = createMemoryEnrichmentCache();
 * await cache.set('places:findplace', [{ key: 'k', value: { candidates: [] }, fetchedAt: new Date() }]);
 * (await cache.get('places:findplace', ['k'])).size; // 1
 * ```
 */
export function createMemoryEnrichmentCache(): EnrichmentCache & { size(namespace?: string): number } {
  const namespaces = new Map<string, Map<string, CacheEntry>>();
  const space = (namespace: string) => {
    let entries = namespaces.get(namespace);
    if (!entries) {
      entries = new Map();
      namespaces.set(namespace, entries);
    }
    return entries;
  };
  return {
    async get(namespace, keys) {
      const entries = space(namespace);
      const found = new Map<string, CacheEntry>();
      for (const key of keys) {
        const entry = entries.get(key);
        if (entry) found.set(key, { ...entry });
      }
      return found;
    },
    async set(namespace, entries) {
      const target = space(namespace);
      for (const entry of entries) target.set(entry.key, { ...entry });
    },
    size(namespace) {
      if (namespace !== undefined) return namespaces.get(namespace)?.size ?? 0;
      let total = 0;
      for (const entries of namespaces.values()) total += entries.size;
      return total;
    },
  };
}
