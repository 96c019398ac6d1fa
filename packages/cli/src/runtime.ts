import path from 'node:path';
import {
  createLocalObjectStore,
  registryOf,
  createS3ObjectStore,
  type DataPull,
  type Enricher,
  type Logger,
  type ObjectStore,
  PdmError,
  type PullStore,
  type Registry,
  type Sink,
  SinkError,
  silentLogger,
} from '@provider-data/core';
import { createPlacesEnricher, type PlacesEnricher, scrubbingLogger } from '@provider-data/enricher-places';
import { discoverPlugins } from '@provider-data/core/discover';
import {
  createDatabase,
  createPostgresEnrichmentCache,
  createPostgresPullStore,
  createPostgresSink,
  type DatabaseHandle,
  listPulls,
  type PullRecord,
  type RegisterPullInput,
  registerPull,
  DEFAULT_PULL_SCHEMA,
  DEFAULT_SCHEMA,
  type MigrateResult,
  migrate,
  type SchemaNames,
} from '@provider-data/sink-postgres';
import { CliError, ExitCode } from './exit-codes.js';
import { displayPath } from './output.js';
import { scrubSecrets, urlPassword } from './scrub.js';

/** What {@link createRuntime} builds from: the CLI's common options, or your own. */
export interface RuntimeOptions {
  /** `postgres://…`, `memory://`, or a PGlite data directory (relative to `cwd`). */
  database: string;
  /** Schema of the canonical tables. Default `provider_data`. */
  schema?: string;
  /** Schema of `data_pulls`. Default `provider_connector`. */
  pullSchema?: string;
  /** A local folder laid out like the bucket (relative to `cwd`), or `s3://bucket`. Default `./.pdm/pulls`. */
  store?: string;
  /** An S3-compatible server for an `s3://` store; path-style addressing is used with it. */
  s3Endpoint?: string;
  /** Google Places API key. Absent: no enricher, practices are not enriched. */
  placesKey?: string;
  /** The Places service, a host or its full path; Google's by default. */
  placesUrl?: string;
  /** Which Places API. Default `new`. */
  placesApi?: 'new' | 'legacy';
  /** Also ask Place Details (phone, website) of each match. Default false. */
  placesDetails?: boolean;
  /** Where the library logs (the pipeline, the enricher); every line is scrubbed of the key and password. Default: nowhere. */
  logger?: Logger;
  /** Run the migrations first (they are idempotent). Default true. */
  migrate?: boolean;
  /** Where relative paths start. Default `process.cwd()`. */
  cwd?: string;
}

/** Everything a command works with, built in one place from {@link RuntimeOptions}. */
export interface Runtime {
  database: DatabaseHandle;
  schemas: SchemaNames;
  registry: Registry;
  pullStore: PullStore;
  sink: Sink;
  store: ObjectStore;
  /** The Places enricher when a key was given; empty otherwise. */
  enrichers: Enricher[];
  /** The library's logger, scrubbed of this runtime's secrets. */
  logger: Logger;
  places: PlacesEnricher | undefined;
  /** Adds a pending `data_pulls` row, as the connector does. */
  registerPull(input: RegisterPullInput): Promise<DataPull>;
  /** The most recent pulls, newest first. */
  listPulls(limit: number): Promise<PullRecord[]>;
  /** What migrations this runtime applied (empty when current or when not asked to migrate). */
  migrated: MigrateResult;
  /** The database as it may be shown: a URL with its password scrubbed, or a folder. */
  databaseLabel: string;
  /** Removes every secret of this runtime's options from a text. */
  scrub(text: string): string;
  close(): Promise<void>;
}

/** Resolves a PGlite folder against `cwd`; URLs pass through. */
export function resolveDatabaseUrl(database: string, cwd: string): string {
  if (/^postgres(ql)?:\/\//i.test(database) || database === 'memory://') return database;
  return path.resolve(cwd, database.replace(/^file:\/\//i, ''));
}

// Migrates, or only checks that the database answers, so that an unreachable
// server fails here with a message that names it.
async function prepare(
  database: DatabaseHandle,
  schemas: SchemaNames,
  migrating: boolean,
): Promise<MigrateResult> {
  if (migrating) return migrate(database.db, schemas);
  await database.db.selectNoFrom((eb) => eb.val(1).as('one')).execute();
  return { applied: [] };
}

function databaseLabel(url: string, cwd: string): string {
  if (/^postgres(ql)?:\/\//i.test(url) || url === 'memory://') return url;
  return displayPath(url, cwd);
}

/** The object store an option names: `s3://bucket` or a local folder. */
export function createStore(store: string, options: { s3Endpoint?: string; cwd?: string } = {}): ObjectStore {
  const s3 = /^s3:\/\/([^/]+)\/?$/i.exec(store);
  if (s3) {
    return createS3ObjectStore({
      bucket: s3[1],
      ...(options.s3Endpoint ? { endpoint: options.s3Endpoint, forcePathStyle: true } : {}),
    });
  }
  return createLocalObjectStore(path.resolve(options.cwd ?? process.cwd(), store));
}

/** The registry of the health systems this CLI knows: the installed plugin packages (`PDM_PLUGINS` narrows them). */
export async function createCliRegistry(): Promise<Registry> {
  return registryOf(await discoverPlugins());
}

/**
 * Builds the database, migrations, pull store, sink, object store, plugin
 * registry and (with a key) the Places enricher from one set of options: the
 * single place where the CLI turns options into parts. Close it when done.
 *
 * ### Examples
 * ```ts
 * import { processPull } from '@provider-data/core';
 * import { createRuntime } from '@provider-data/cli';
 *
 * const runtime = await createRuntime({ database: './.pdm/db', store: './.pdm/pulls' });
 * try {
 *   const { summary } = await processPull({
 *     pullId: 'f3e51f05-6517-4099-b216-d7850fd6a418',
 *     registry: runtime.registry, pullStore: runtime.pullStore, sink: runtime.sink,
 *     store: runtime.store, enrichers: runtime.enrichers,
 *   });
 *   console.log(summary.records);
 * } finally {
 *   await runtime.close();
 * }
 * ```
 */
export async function createRuntime(options: RuntimeOptions): Promise<Runtime> {
  const cwd = options.cwd ?? process.cwd();
  const secrets = [urlPassword(options.database), options.placesKey];
  const scrub = (text: string) => scrubSecrets(text, secrets);
  const logger = secrets.reduce<Logger>(
    (inner, secret) => (secret ? scrubbingLogger(inner, secret) : inner),
    options.logger ?? silentLogger,
  );
  const url = resolveDatabaseUrl(options.database, cwd);
  const schemas: SchemaNames = {
    schema: options.schema ?? DEFAULT_SCHEMA,
    pullSchema: options.pullSchema ?? DEFAULT_PULL_SCHEMA,
  };
  const label = scrub(databaseLabel(url, cwd));
  const database = await createDatabase(url, { applicationName: 'pdm' });
  try {
    const migrated = await prepare(database, schemas, options.migrate !== false).catch((error: unknown) => {
      if (PdmError.is(error) && !SinkError.is(error)) throw error;
      const message = error instanceof Error ? error.message : String(error);
      throw new CliError(
        `could not use the database ${label}: ${scrub(message)}`,
        ExitCode.failure,
        'database_error',
      );
    });
    const places = options.placesKey
      ? createPlacesEnricher({
          apiKey: options.placesKey,
          api: options.placesApi ?? 'new',
          details: options.placesDetails ?? false,
          ...(options.placesUrl ? { baseUrl: options.placesUrl } : {}),
          cache: createPostgresEnrichmentCache(database.db, { schema: schemas.schema }),
        })
      : undefined;
    return {
      database,
      schemas,
      registry: await createCliRegistry(),
      pullStore: createPostgresPullStore(database.db, { pullSchema: schemas.pullSchema }),
      sink: createPostgresSink(database.db, schemas),
      store: createStore(options.store ?? './.pdm/pulls', { s3Endpoint: options.s3Endpoint, cwd }),
      enrichers: places ? [places] : [],
      logger,
      registerPull: (input) => registerPull(database.db, input, { pullSchema: schemas.pullSchema }),
      listPulls: (limit) => listPulls(database.db, { limit, pullSchema: schemas.pullSchema }),
      places,
      migrated,
      databaseLabel: label,
      scrub,
      close: () => database.close(),
    };
  } catch (error) {
    await database.close().catch(() => {});
    throw error;
  }
}
