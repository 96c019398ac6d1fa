import { defineHealthSystem } from '@provider-data/core';
import { z } from 'zod';
import { createApolloSource } from './apollo-source.js';
import { createApolloTransformer } from './apollo-transformer.js';

/**
 * Options of the Apollo plugin.
 *
 * ### Examples
 *
 * ```ts
 * import { ApolloConfig } from '@provider-data/plugin-apollo';
 *
 * const config = ApolloConfig.parse({ maxRecordBytes: 4 * 1024 * 1024 });
 * console.log(config.fileSuffix); // '.json'
 * ```
 */
export const ApolloConfig = z.object({
  /** The suffix of the data files directly under `by_city/`. */
  fileSuffix: z.string().min(1).default('.json'),
  /** A single hospital or doctor larger than this (in characters of JSON, about bytes) is quarantined as `record_too_large` instead of being held in memory. */
  maxRecordBytes: z
    .number()
    .int()
    .positive()
    .default(16 * 1024 * 1024),
});
export type ApolloConfig = z.infer<typeof ApolloConfig>;

/**
 * The Apollo Hospitals health-system plugin: registry key `apollo`, reading
 * `apollo/datapulls/<timestamp>/by_city/<City>.json` city documents.
 *
 * ### Examples
 *
 * ```ts
 * import { createRegistry } from '@provider-data/core';
 * import { apolloPlugin } from '@provider-data/plugin-apollo';
 *
 * const registry = createRegistry().register(apolloPlugin, { maxRecordBytes: 8 * 1024 * 1024 });
 * ```
 */
export const apolloPlugin = defineHealthSystem({
  key: 'apollo',
  description: 'Apollo Hospitals: one JSON document per city with hospitals and doctors arrays',
  configSchema: ApolloConfig,
  // Bump when the same bytes would map to different records: an unchanged file is then read again.
  version: '1',
  create: (config) => ({
    source: createApolloSource({ fileSuffix: config.fileSuffix, maxRecordBytes: config.maxRecordBytes }),
    transformer: createApolloTransformer(),
  }),
});

export { type ApolloSourceOptions, createApolloSource } from './apollo-source.js';
export { createApolloTransformer } from './apollo-transformer.js';
export {
  ApolloCityMeta,
  ApolloDoctor,
  ApolloHospital,
  ApolloPracticeLocation,
} from './apollo-raw-schema.js';
export { designationOf } from './designation.js';
