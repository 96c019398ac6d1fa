import { ConfigError } from '@provider-data/core';
import { z } from 'zod';
import { parseSecretReference, type SecretReference } from './secret-reference.js';

// `fatal` (the name this function used before Powertools) is `critical`.
const LOG_LEVELS = ['critical', 'fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const INVOCATION_TYPES = ['RequestResponse', 'Event'] as const;
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

const secretReference = optionalText.transform((value, context) => {
  if (value === undefined) return undefined;
  const reference = parseSecretReference(value);
  if ('error' in reference) {
    context.addIssue({ code: 'custom', message: reference.error });
    return z.NEVER;
  }
  return reference;
});

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
 * (`PDM_DATABASE_URL`, `PDM_PLACES_API_KEY`) are never quoted in an error; in
 * AWS they are read from Secrets Manager or Parameter Store instead
 * (`PDM_DATABASE_URL_SECRET`, `PDM_PLACES_API_KEY_SECRET`).
 */
export const LambdaEnv = z
  .object({
    PDM_DATABASE_URL: optionalText,
    PDM_DATABASE_URL_SECRET: secretReference,
    PDM_DB_SCHEMA: identifier('provider_data'),
    PDM_PULL_SCHEMA: identifier('provider_connector'),
    PDM_MIGRATE: flag(false),
    PDM_IDENTITY_AFTER_PULL: flag(false),
    PDM_DB_MAX_CONNECTIONS: integer(4, 1, 100),
    PDM_DEFAULT_BUCKET: optionalText,
    PDM_S3_ENDPOINT: url,
    PDM_S3_FORCE_PATH_STYLE: flag(false),
    AWS_REGION: optionalText,
    PDM_PLACES_API_KEY: optionalText,
    PDM_PLACES_API_KEY_SECRET: secretReference,
    PDM_SECRETS_MAX_AGE_S: integer(300, 0, 86_400),
    // The SDK's own names for an endpoint override (a local test server, a VPC endpoint).
    AWS_ENDPOINT_URL_SECRETS_MANAGER: url,
    AWS_ENDPOINT_URL_SSM: url,
    PDM_PLACES_BASE_URL: url,
    PDM_PLACES_API: optionalText.pipe(
      z.enum(['new', 'legacy'], { message: 'expected new or legacy' }).optional().default('new'),
    ),
    PDM_PLACES_DETAILS: flag(false),
    PDM_PLACES_CONCURRENCY: integer(4, 1, 64),
    PDM_BATCH_SIZE: integer(1000, 1, 50_000),
    PDM_LEASE_MS: integer(300_000, 10_000, 3_600_000),
    PDM_TIME_RESERVE_MS: integer(60_000, 0, 900_000),
    PDM_LOG_LEVEL: optionalText.pipe(
      z
        .enum(LOG_LEVELS, { message: `expected one of ${LOG_LEVELS.join(', ')}` })
        .optional()
        .default('info'),
    ),
    PDM_INVOCATION_TYPE: optionalText.pipe(
      z
        .enum(INVOCATION_TYPES, { message: `expected ${INVOCATION_TYPES.join(' or ')}` })
        .optional()
        .default('RequestResponse'),
    ),
    PDM_METRICS_NAMESPACE: optionalText.pipe(z.string().max(255).optional().default('ProviderData')),
  })
  .superRefine((env, context) => {
    const pairs = [
      ['PDM_DATABASE_URL', 'PDM_DATABASE_URL_SECRET'],
      ['PDM_PLACES_API_KEY', 'PDM_PLACES_API_KEY_SECRET'],
    ] as const;
    for (const [plain, secret] of pairs) {
      if (env[plain] !== undefined && env[secret] !== undefined) {
        context.addIssue({ code: 'custom', path: [plain], message: `and ${secret} are both set: keep one` });
      }
    }
    if (env.PDM_DATABASE_URL === undefined && env.PDM_DATABASE_URL_SECRET === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['PDM_DATABASE_URL'],
        message:
          'or PDM_DATABASE_URL_SECRET is required: a postgres:// URL (or memory:// / a PGlite folder outside Lambda), or where the secret holding it is kept',
      });
    }
  });

/** How a failed invocation is reported when the event does not say: see `src/invocation.ts`. */
export type InvocationType = (typeof INVOCATION_TYPES)[number];

/** The Lambda's configuration, read from {@link LambdaEnv}. */
export interface LambdaConfig {
  /** A secret: never logged, never shown in a response. Absent when {@link databaseUrlSecret} is set. */
  databaseUrl: string | undefined;
  /** Where the database URL is kept, read at the first invocation and every `secretsMaxAgeS` after. */
  databaseUrlSecret: SecretReference | undefined;
  /** Schema of the canonical tables, quarantine, checkpoints and cache. */
  dbSchema: string;
  /** Schema of the connector's `data_pulls` table. */
  pullSchema: string;
  /** Run the migrations once per container before the first pull (local runs; in AWS, the `migrate` action). */
  migrate: boolean;
  dbMaxConnections: number;
  /** The bucket of pulls whose `bucket` column is null. */
  defaultBucket: string | undefined;
  s3Endpoint: string | undefined;
  s3ForcePathStyle: boolean;
  region: string | undefined;
  /** A secret: never logged, never shown in a response. Absent (and no secret): practices are not enriched. */
  placesApiKey: string | undefined;
  placesApiKeySecret: SecretReference | undefined;
  /** How long a secret read from AWS is used before it is read again (rotation). */
  secretsMaxAgeS: number;
  secretsManagerEndpoint: string | undefined;
  ssmEndpoint: string | undefined;
  placesBaseUrl: string | undefined;
  /** The Places API (New), or the legacy one. */
  placesApi: 'new' | 'legacy';
  /** Also ask Place Details (phone, website) of each match. */
  placesDetails: boolean;
  placesConcurrency: number;
  batchSize: number;
  leaseMs: number;
  /** Link the pull's practitioners into persons (`@provider-data/identity`, incremental) once it is processed. */
  identityAfterPull: boolean;
  /** Remaining invocation time kept in reserve: below it, no further file is started. */
  timeReserveMs: number;
  logLevel: (typeof LOG_LEVELS)[number];
  /** How a direct invocation whose event does not say is answered on failure. */
  invocationType: InvocationType;
  metricsNamespace: string;
}

/** A configuration whose secrets have been read: what the database, S3 and Places are opened with. */
export interface ResolvedConfig extends LambdaConfig {
  databaseUrl: string;
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
    databaseUrlSecret: e.PDM_DATABASE_URL_SECRET,
    dbSchema: e.PDM_DB_SCHEMA,
    pullSchema: e.PDM_PULL_SCHEMA,
    migrate: e.PDM_MIGRATE,
    dbMaxConnections: e.PDM_DB_MAX_CONNECTIONS,
    defaultBucket: e.PDM_DEFAULT_BUCKET,
    s3Endpoint: e.PDM_S3_ENDPOINT,
    s3ForcePathStyle: e.PDM_S3_FORCE_PATH_STYLE,
    region: e.AWS_REGION,
    placesApiKey: e.PDM_PLACES_API_KEY,
    placesApiKeySecret: e.PDM_PLACES_API_KEY_SECRET,
    secretsMaxAgeS: e.PDM_SECRETS_MAX_AGE_S,
    secretsManagerEndpoint: e.AWS_ENDPOINT_URL_SECRETS_MANAGER,
    ssmEndpoint: e.AWS_ENDPOINT_URL_SSM,
    placesBaseUrl: e.PDM_PLACES_BASE_URL,
    placesApi: e.PDM_PLACES_API,
    placesDetails: e.PDM_PLACES_DETAILS,
    placesConcurrency: e.PDM_PLACES_CONCURRENCY,
    batchSize: e.PDM_BATCH_SIZE,
    leaseMs: e.PDM_LEASE_MS,
    identityAfterPull: e.PDM_IDENTITY_AFTER_PULL,
    timeReserveMs: e.PDM_TIME_RESERVE_MS,
    logLevel: e.PDM_LOG_LEVEL,
    invocationType: e.PDM_INVOCATION_TYPE,
    metricsNamespace: e.PDM_METRICS_NAMESPACE,
  };
}

/**
 * What is safe to log of a configuration: everything but the secrets, which
 * are said to be set or read from their secret (under keys of their own, so
 * that the logger's censoring of `databaseUrl` and `placesApiKey` does not hide that).
 */
export function describeConfig(config: LambdaConfig): Record<string, unknown> {
  const { databaseUrl, placesApiKey, ...rest } = config;
  return {
    ...rest,
    database: databaseUrl === undefined ? 'from its secret' : redactUrl(databaseUrl),
    placesKey: placesApiKey ? 'set' : config.placesApiKeySecret ? 'from its secret' : 'not set',
  };
}

/** A connection URL with its user's password (in the authority or a `password=` parameter) replaced by `***`. */
export function redactUrl(url: string): string {
  return url
    .replace(/([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*):[^/?#\s]*@/gi, '$1:***@')
    .replace(/(password=)[^&\s]*/gi, '$1***');
}
