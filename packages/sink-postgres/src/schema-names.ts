import { ConfigError } from '@provider-data/core';
import { type RawBuilder, sql } from 'kysely';

/** Where this package's tables live. */
export interface SchemaNames {
  /** The canonical tables, quarantine, checkpoints, cache, migrations. Default `provider_data`. */
  schema: string;
  /** The connector's `data_pulls` table. Default `provider_connector`. */
  pullSchema: string;
}

/**
 * The default schema of the canonical tables, quarantine, checkpoints and cache.
 *
 * ### Examples
 * ```ts
 * import { DEFAULT_SCHEMA } from '@provider-data/sink-postgres';
 *
 * console.log(`SELECT count(*) FROM ${DEFAULT_SCHEMA}.practitioners`);
 * ```
 */
export const DEFAULT_SCHEMA = 'provider_data';
/**
 * The default schema of the connector's `data_pulls` table.
 *
 * ### Examples
 * ```ts
 * import { DEFAULT_PULL_SCHEMA } from '@provider-data/sink-postgres';
 *
 * console.log(`${DEFAULT_PULL_SCHEMA}.data_pulls`); // 'provider_connector.data_pulls'
 * ```
 */
export const DEFAULT_PULL_SCHEMA = 'provider_connector';

/** Fills in defaults and refuses names that PostgreSQL would fold or truncate. */
export function schemaNames(options: Partial<SchemaNames> = {}): SchemaNames {
  const names = {
    schema: options.schema ?? DEFAULT_SCHEMA,
    pullSchema: options.pullSchema ?? DEFAULT_PULL_SCHEMA,
  };
  for (const [setting, value] of Object.entries(names)) {
    if (!/^[a-z_][a-z0-9_$]{0,62}$/.test(value)) {
      throw new ConfigError(
        `${setting} "${value}" is not a lower-case SQL identifier of at most 63 characters`,
      );
    }
  }
  return names;
}

/** A schema-qualified table name, quoted. */
export function qualified(schema: string, table: string): RawBuilder<unknown> {
  return sql.id(schema, table);
}
