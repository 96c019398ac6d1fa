import { defineHealthSystem } from '@provider-data/core';
import { z } from 'zod';
import { createSunriseSource } from './sunrise-source.js';
import { createSunriseTransformer, SUNRISE } from './sunrise-transformer.js';

/**
 * Options of the Sunrise plugin.
 *
 * ### Examples
 * ```ts
 * import { SunriseConfig } from '@provider-data/plugin-template';
 *
 * SunriseConfig.parse({}).maxRecordBytes; // 16777216
 * ```
 */
export const SunriseConfig = z
  .object({
    /** A CSV row longer than this many bytes stops its file as `record_too_large`. */
    maxRecordBytes: z
      .number()
      .int()
      .min(1024)
      .default(16 * 1024 * 1024),
  })
  .strict();
export type SunriseConfig = z.output<typeof SunriseConfig>;

/**
 * The Sunrise Clinics plugin (a made-up chain; the template of every new
 * plugin): reads `sunrise/datapulls/<timestamp>/by_city/<city-slug>/`
 * `clinics.csv` and `doctors.csv` and maps clinics to practices and doctors
 * to practitioners and providers.
 *
 * ### Examples
 * ```ts
 * import { createRegistry } from '@provider-data/core';
 * import { sunrisePlugin } from '@provider-data/plugin-template';
 *
 * const registry = createRegistry().register(sunrisePlugin, { maxRecordBytes: 1 << 20 });
 * ```
 */
export const sunrisePlugin = defineHealthSystem({
  key: SUNRISE,
  description: 'Sunrise Clinics: per-city clinics.csv and doctors.csv',
  configSchema: SunriseConfig,
  // Bump when the same bytes would map to different records: an unchanged file is then read again.
  version: '1',
  create: (config) => ({
    source: createSunriseSource({ maxRecordBytes: config.maxRecordBytes }),
    transformer: createSunriseTransformer(),
  }),
});

export { SunriseClinic, SunriseDoctor } from './sunrise-raw-schema.js';
export { createSunriseSource, type SunriseSourceOptions } from './sunrise-source.js';
export { createSunriseTransformer, SUNRISE } from './sunrise-transformer.js';
