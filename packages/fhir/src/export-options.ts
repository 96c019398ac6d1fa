import { InvalidRequestError } from '@provider-data/core';
import { DEFAULT_PULL_SCHEMA, DEFAULT_SCHEMA } from '@provider-data/sink-postgres';
import type { MappingContextOptions } from './mapping-context.js';

/** Options of {@link exportFhirResources} and {@link exportFhir}. */
export interface FhirReadOptions extends MappingContextOptions {
  /** Schema of the canonical tables (and identity's). Default `provider_data`. */
  schema?: string;
  /** Schema of `data_pulls`. Default `provider_connector`. */
  pullSchema?: string;
  /** Only this health system's rows (a person is exported whole when any of its rows is of it). */
  healthSystem?: string;
  /** Incremental: only what changed after this pull finished (it must be `processed`), and what that references. */
  sincePullId?: string;
  /** `auto` (default): one Practitioner per person when identity's tables exist; `off`: one per practitioner row. */
  identity?: 'auto' | 'off';
  /** Keys of a practitioner's source record that may hold an HPR id. Default `['hprId', 'hpr_id']`; `[]` reads none. */
  hprIdFields?: string[];
  /** Rows per keyset page. Default 1000. */
  pageSize?: number;
}

/** The HPR id keys read by default. */
export const DEFAULT_HPR_ID_FIELDS: readonly string[] = ['hprId', 'hpr_id'];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A whole number in [min, max], or the default; a clear error naming the option otherwise. */
export function intSetting(name: string, value: number | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new InvalidRequestError(`${name} must be a whole number from 1 to ${max}, got ${value}`);
  }
  return value;
}

/** Read options with their defaults filled in, checked. */
export function readSettings(options: FhirReadOptions) {
  if (options.sincePullId !== undefined && !UUID.test(options.sincePullId)) {
    throw new InvalidRequestError(
      `the since pull id must be a UUID, got ${JSON.stringify(options.sincePullId)}`,
    );
  }
  if (options.healthSystem !== undefined && !/^[a-z0-9][a-z0-9_-]*$/.test(options.healthSystem)) {
    throw new InvalidRequestError(
      `the health system must be a registry key such as apollo, got ${JSON.stringify(options.healthSystem)}`,
    );
  }
  return {
    schema: options.schema ?? DEFAULT_SCHEMA,
    pullSchema: options.pullSchema ?? DEFAULT_PULL_SCHEMA,
    healthSystem: options.healthSystem,
    sincePullId: options.sincePullId,
    identity: options.identity ?? 'auto',
    hprIdFields: options.hprIdFields ?? DEFAULT_HPR_ID_FIELDS,
    pageSize: intSetting('pageSize', options.pageSize, 1000, 50_000),
  };
}
