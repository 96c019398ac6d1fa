import { type CacheEntry, type EnrichmentCache, storableJson } from '@provider-data/core';
import type { Kysely } from 'kysely';
import type { Database } from './database-types.js';
import { type SchemaNames, schemaNames } from './schema-names.js';
import { sinkError } from './sink-error.js';

/** Options of {@link createPostgresEnrichmentCache}. */
export interface EnrichmentCacheOptions extends Partial<Pick<SchemaNames, 'schema'>> {
  /** Most keys looked up, or entries written, in one statement. Default 1000. */
  chunkSize?: number;
}

/**
 * Creates an {@link EnrichmentCache} in the `enrichment_cache` table: one
 * statement per chunk of keys (`= ANY`), and an upsert per chunk of entries
 * (the later answer replaces the earlier one).
 *
 * ### Examples
 * ```ts
 * import { createDatabase, createPostgresEnrichmentCache, migrate } from '@provider-data/sink-postgres';
 *
 * const { db, close } = await createDatabase('memory://');
 * await migrate(db);
 * const cache = createPostgresEnrichmentCache(db);
 * await cache.set('places', [{ key: 'apollo|AH-CHN-001', value: { placeId: 'ChIJ…' }, fetchedAt: new Date() }]);
 * const found = await cache.get('places', ['apollo|AH-CHN-001']);
 * console.log(found.get('apollo|AH-CHN-001')?.value);
 * await close();
 * ```
 */
export function createPostgresEnrichmentCache(
  db: Kysely<Database>,
  options: EnrichmentCacheOptions = {},
): EnrichmentCache {
  const { schema } = schemaNames(options);
  const chunkSize = options.chunkSize ?? 1000;
  const scoped = () => db.withSchema(schema);

  return {
    async get(namespace, keys) {
      const found = new Map<string, CacheEntry>();
      const unique = [...new Set(keys)];
      try {
        for (let i = 0; i < unique.length; i += chunkSize) {
          const rows = await scoped()
            .selectFrom('enrichment_cache')
            .select(['key', 'value', 'fetched_at'])
            .where('namespace', '=', namespace)
            .where('key', 'in', unique.slice(i, i + chunkSize))
            .execute();
          for (const row of rows) {
            found.set(row.key, { key: row.key, value: row.value, fetchedAt: new Date(row.fetched_at) });
          }
        }
      } catch (error) {
        throw sinkError(`read the enrichment cache (${namespace})`, error);
      }
      return found;
    },

    async set(namespace, entries) {
      // The last entry of a key wins, as one statement cannot upsert a key twice.
      const latest = new Map(entries.map((e) => [e.key, e]));
      const rows = [...latest.values()];
      try {
        for (let i = 0; i < rows.length; i += chunkSize) {
          await scoped()
            .insertInto('enrichment_cache')
            .values(
              rows.slice(i, i + chunkSize).map((e) => ({
                namespace,
                key: e.key,
                value: storableJson(e.value ?? null),
                fetched_at: e.fetchedAt,
              })),
            )
            .onConflict((oc) =>
              oc.columns(['namespace', 'key']).doUpdateSet((eb) => ({
                value: eb.ref('excluded.value'),
                fetched_at: eb.ref('excluded.fetched_at'),
              })),
            )
            .execute();
        }
      } catch (error) {
        throw sinkError(`write the enrichment cache (${namespace})`, error);
      }
    },
  };
}
