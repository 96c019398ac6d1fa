import { defineHealthSystem } from '@provider-data/core';
import { z } from 'zod';
import { createFortisSource, DEFAULT_MAX_LINE_BYTES } from './fortis-source.js';
import { createFortisTransformer, FORTIS } from './fortis-transformer.js';

/**
 * Options of the Fortis plugin.
 *
 * ### Examples
 * ```ts
 * import { FortisConfig } from '@provider-data/plugin-fortis';
 *
 * FortisConfig.parse({}); // { maxLineBytes: 8388608 }
 * ```
 */
export const FortisConfig = z
  .object({
    /** A line longer than this many bytes is quarantined as `record_too_large`, never held whole. */
    maxLineBytes: z
      .number()
      .int()
      .min(1024)
      .default(DEFAULT_MAX_LINE_BYTES)
      .describe('Longest NDJSON line read, in bytes; a longer line is quarantined as record_too_large'),
  })
  .strict();
export type FortisConfig = z.output<typeof FortisConfig>;

/**
 * The Fortis Healthcare plugin: reads `fortis/datapulls/<timestamp>/by_city/<city-slug>/`
 * `facilities.ndjson` and `doctors.ndjson` (optionally `.gz`) and maps facilities to
 * practices and doctors to practitioners and providers.
 *
 * ### Examples
 * ```ts
 * import { createLocalObjectStore, createRegistry, runPull, type DataPull, type Sink } from '@provider-data/core';
 * import { fortisPlugin } from '@provider-data/plugin-fortis';
 *
 * declare const sink: Sink;
 * declare const pull: DataPull; // health_system 'fortis'
 *
 * const registry = createRegistry().register(fortisPlugin, { maxLineBytes: 4 * 1024 * 1024 });
 * const { summary } = await runPull({
 *   pull, healthSystem: registry.get('fortis'), store: createLocalObjectStore('./pulls'), sink,
 * });
 * console.log(summary.records, summary.files.failed);
 * ```
 */
export const fortisPlugin = defineHealthSystem({
  key: FORTIS,
  description: 'Fortis Healthcare: per-city NDJSON facilities and doctors files, optionally gzip-compressed',
  configSchema: FortisConfig,
  // Bump when the same bytes would map to different records: an unchanged file is then read again.
  version: '1',
  create: (config) => ({
    source: createFortisSource({ maxLineBytes: config.maxLineBytes }),
    transformer: createFortisTransformer(),
  }),
});

export { FortisDoctorLine, FortisFacilityLine } from './fortis-raw-schema.js';
export {
  createFortisSource,
  DEFAULT_MAX_LINE_BYTES,
  type FortisFileKey,
  type FortisFileKind,
  type FortisSourceOptions,
  parseFortisFileKey,
} from './fortis-source.js';
export { createFortisTransformer, FORTIS } from './fortis-transformer.js';
