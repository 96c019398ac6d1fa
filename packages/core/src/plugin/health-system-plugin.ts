import type { z } from 'zod';
import type { Source } from '../source/source.js';
import type { Transformer } from '../transformer/transformer.js';

/** The roles a health-system plugin creates from its validated config. */
export interface HealthSystemRoles {
  source: Source;
  transformer: Transformer;
}

/**
 * One health system: its registry key (the `health_system` of its pulls), a
 * zod schema of its options, and a factory of its source and transformer.
 *
 * ### Examples
 * ```ts
 * import { z } from 'zod';
 * import { defineHealthSystem, type Source, type Transformer } from '@provider-data/core';
 *
 * declare const source: Source;
 * declare const transformer: Transformer;
 *
 * export const acme = defineHealthSystem({
 *   key: 'acme',
 *   description: 'Acme Hospitals, one NDJSON file per city',
 *   configSchema: z.object({ strict: z.boolean().default(false) }),
 *   create: () => ({ source, transformer }),
 * });
 * ```
 */
export interface HealthSystemPlugin<Schema extends z.ZodType = z.ZodType> {
  /** The registry key: lower case, as in `data_pulls.health_system`. */
  key: string;
  description: string;
  configSchema: Schema;
  /**
   * The version of the plugin's reading and mapping. Bump it whenever the
   * same bytes would become different canonical records (a mapping fix, a new
   * field). With a version, a full pull's file that is byte-identical (same
   * object-store ETag) to the one the previous pull loaded, under the same
   * version, config and pull year, is not read again: its stored records are
   * marked seen (see {@link fileFingerprint}). Without one, every file is read.
   */
  version?: string;
  create(config: z.output<Schema>): HealthSystemRoles;
}

/** Identity helper that infers a plugin's config type from its schema. */
export function defineHealthSystem<Schema extends z.ZodType>(
  plugin: HealthSystemPlugin<Schema>,
): HealthSystemPlugin<Schema> {
  return plugin;
}
