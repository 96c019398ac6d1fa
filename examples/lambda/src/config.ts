import { ConfigError } from '@provider-data/core';
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const SQL_IDENTIFIER = /^[a-z_][a-z0-9_$]{0,62}$/;

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value?.trim() ? value.trim() : undefined));

const flag = (fallback: boolean) =>
  optionalText.pipe(
    z
      .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
      .optional()
      .transform((value) => (value === undefined ? fallback : ['true', '1', 'yes'].includes(value))),
  );

const integer = (fallback: number, min: number, max: number) =>
  optionalText
    .transform((value) => (value === undefined ? undefined : Number(value)))
    .pipe(
      z
        .number({ message: 'expected a whole number' })
        .int({ message: 'expected a whole number' })
        .min(min, { message: `expected at least ${min}` })
        .max(max, { message: `expected at most ${max}` })
        .optional()
        .default(fallback),
    );

const url = optionalText.pipe(z.url({ message: 'expected a URL such as http://127.0.0.1:4569' }).optional());

const identifier = (fallback: string) =>
  optionalText.pipe(
    z
      .string()
      .regex(SQL_IDENTIFIER, { message: 'expected a lower-case SQL identifier of at most 63 characters' })
      .optional()
      .default(fallback),
  );

/**
 * The Lambda's environment variables, validated once per container. Secrets
 * (`PDM_DATABASE_URL`, `PDM_PLACES_API_KEY`) are never quoted in an error.
 */
export const LambdaEnv = z.object({
  PDM_DATABASE_URL: z
    .string({ message: 'is required: a postgres:// URL (or memory:// / a PGlite folder outside Lambda)' })
    .trim()
    .min(1, { message: 'is required: a postgres:// URL (or memory:// / a PGlite folder outside Lambda)' }),
  PDM_DB_SCHEMA: identifier('provider_data'),
  PDM_PULL_SCHEMA: identifier('provider_connector'),
  PDM_MIGRATE: flag(true),
  PDM_DB_MAX_CONNECTIONS: integer(4, 1, 100),
  PDM_DEFAULT_BUCKET: optionalText,
  PDM_S3_ENDPOINT: url,
  PDM_S3_FORCE_PATH_STYLE: flag(false),
  AWS_REGION: optionalText,
  PDM_PLACES_API_KEY: optionalText,
  PDM_PLACES_BASE_URL: url,
  PDM_PLACES_API: optionalText.pipe(
    z.enum(['new', 'legacy'], { message: 'expected new or legacy' }).optional().default('new'),
  ),
  PDM_PLACES_DETAILS: flag(false),
  PDM_PLACES_CONCURRENCY: integer(4, 1, 64),
  PDM_BATCH_SIZE: integer(2000, 1, 50_000),
  PDM_LEASE_MS: integer(300_000, 10_000, 3_600_000),
  PDM_TIME_RESERVE_MS: integer(60_000, 0, 900_000),
  PDM_LOG_LEVEL: optionalText.pipe(
    z
      .enum(LOG_LEVELS, { message: `expected one of ${LOG_LEVELS.join(', ')}` })
      .optional()
      .default('info'),
  ),
});

/** The Lambda's configuration, read from {@link LambdaEnv}. */
export interface LambdaConfig {
  /** A secret: never logged, never shown in a response. */
  databaseUrl: string;
  /** Schema of the canonical tables, quarantine, checkpoints and cache. */
  dbSchema: string;
  /** Schema of the connector's `data_pulls` table. */
  pullSchema: string;
  /** Run the migrations once per container before the first pull. */
  migrate: boolean;
  dbMaxConnections: number;
  /** The bucket of pulls whose `bucket` column is null. */
  defaultBucket: string | undefined;
  s3Endpoint: string | undefined;
  s3ForcePathStyle: boolean;
  region: string | undefined;
  /** A secret: never logged, never shown in a response. Absent: practices are not enriched. */
  placesApiKey: string | undefined;
  placesBaseUrl: string | undefined;
  /** The Places API (New), or the legacy one. */
  placesApi: 'new' | 'legacy';
  /** Also ask Place Details (phone, website) of each match. */
  placesDetails: boolean;
  placesConcurrency: number;
  batchSize: number;
  leaseMs: number;
  /** Remaining invocation time kept in reserve: below it, no further file is started. */
  timeReserveMs: number;
  logLevel: (typeof LOG_LEVELS)[number];
}

/**
 * Reads and validates the configuration from environment variables. Throws a
 * `ConfigError` that names every bad variable and why, never its value.
 */
export function loadConfig(env: Record<string, string | undefined>): LambdaConfig {
  const parsed = LambdaEnv.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
    throw new ConfigError(`invalid Lambda configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  return {
    databaseUrl: e.PDM_DATABASE_URL,
    dbSchema: e.PDM_DB_SCHEMA,
    pullSchema: e.PDM_PULL_SCHEMA,
    migrate: e.PDM_MIGRATE,
    dbMaxConnections: e.PDM_DB_MAX_CONNECTIONS,
    defaultBucket: e.PDM_DEFAULT_BUCKET,
    s3Endpoint: e.PDM_S3_ENDPOINT,
    s3ForcePathStyle: e.PDM_S3_FORCE_PATH_STYLE,
    region: e.AWS_REGION,
    placesApiKey: e.PDM_PLACES_API_KEY,
    placesBaseUrl: e.PDM_PLACES_BASE_URL,
    placesApi: e.PDM_PLACES_API,
    placesDetails: e.PDM_PLACES_DETAILS,
    placesConcurrency: e.PDM_PLACES_CONCURRENCY,
    batchSize: e.PDM_BATCH_SIZE,
    leaseMs: e.PDM_LEASE_MS,
    timeReserveMs: e.PDM_TIME_RESERVE_MS,
    logLevel: e.PDM_LOG_LEVEL,
  };
}

/** What is safe to log of a configuration: everything but the secrets, which are only said to be set. */
export function describeConfig(config: LambdaConfig): Record<string, unknown> {
  const { databaseUrl, placesApiKey, ...rest } = config;
  return { ...rest, databaseUrl: redactUrl(databaseUrl), placesApiKey: placesApiKey ? 'set' : 'not set' };
}

/** A connection URL with its user's password (in the authority or a `password=` parameter) replaced by `***`. */
export function redactUrl(url: string): string {
  return url
    .replace(/([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*):[^/?#\s]*@/gi, '$1:***@')
    .replace(/(password=)[^&\s]*/gi, '$1***');
}
