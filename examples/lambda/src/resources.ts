import {
  registryOf,
  createS3ObjectStore,
  type FileQueue,
  type Logger,
  type ObjectStore,
  type PullStore,
  type Registry,
  type Sink,
} from '@provider-data/core';
import { createPlacesEnricher, type PlacesEnricher } from '@provider-data/enricher-places';
import { discoverPlugins } from '@provider-data/core/discover';
import {
  createDatabase,
  createPostgresEnrichmentCache,
  createPostgresFileQueue,
  createPostgresPullStore,
  createPostgresSink,
  type DatabaseHandle,
  type MigrateResult,
  migrate,
} from '@provider-data/sink-postgres';
import type { ResolvedConfig } from './config.js';
import { type ResolveResult, resolveIdentities } from '@provider-data/identity';

/** What a container keeps between invocations: one database pool, one S3 client, one enricher. */
export interface LambdaResources {
  registry: Registry;
  pullStore: PullStore;
  /** The files of pulls shared by several workers (`process_files`, `finalize`). */
  fileQueue: FileQueue;
  sink: Sink;
  store: ObjectStore;
  places: PlacesEnricher;
  /** Applies the migrations that the database lacks (the `migrate` action). */
  migrate(): Promise<MigrateResult>;
  /** Links the practitioners a processed pull inserted or changed into persons (incremental identity run). */
  resolveIdentities(pullId: string): Promise<ResolveResult>;
  close(): Promise<void>;
}

/**
 * The health systems this function processes: the installed plugin packages,
 * fixed when the bundle is built (scripts/package.mjs), `PDM_PLUGINS` narrowing them.
 */
export async function createLambdaRegistry(): Promise<Registry> {
  return registryOf(await discoverPlugins());
}

/**
 * Opens the database (and migrates it when `PDM_MIGRATE=true`, for local runs)
 * and makes the pull store, sink, S3 store and Places enricher over it. A
 * `database` given is used instead of opening `PDM_DATABASE_URL`, and left open.
 */
export async function openResources(
  config: ResolvedConfig,
  logger: Logger,
  given?: DatabaseHandle,
): Promise<LambdaResources> {
  const names = { schema: config.dbSchema, pullSchema: config.pullSchema };
  const database =
    given ??
    (await createDatabase(config.databaseUrl, {
      maxConnections: config.dbMaxConnections,
      applicationName: 'provider-data-lambda',
    }));
  const close = given ? async () => {} : () => database.close();
  try {
    if (config.migrate) {
      const { applied } = await migrate(database.db, names);
      logger.info({ applied, dialect: database.dialect, ...names }, 'database migrated');
    }
  } catch (error) {
    await close().catch(() => {});
    throw error;
  }
  const places = createPlacesEnricher({
    apiKey: config.placesApiKey,
    cache: createPostgresEnrichmentCache(database.db, names),
    concurrency: config.placesConcurrency,
    api: config.placesApi,
    details: config.placesDetails,
    ...(config.placesBaseUrl ? { baseUrl: config.placesBaseUrl } : {}),
  });
  if (!config.placesApiKey) logger.info({}, 'no PDM_PLACES_API_KEY: practices are not enriched (skipped)');
  return {
    registry: await createLambdaRegistry(),
    pullStore: createPostgresPullStore(database.db, names),
    fileQueue: createPostgresFileQueue(database.db, { schema: config.dbSchema }),
    sink: createPostgresSink(database.db, names),
    store: createS3ObjectStore({
      bucket: config.defaultBucket,
      region: config.region,
      endpoint: config.s3Endpoint,
      forcePathStyle: config.s3ForcePathStyle,
    }),
    places,
    migrate: () => migrate(database.db, names),
    resolveIdentities: (pullId) =>
      resolveIdentities(database.db, { schema: config.dbSchema, mode: 'incremental', pullId }),
    close,
  };
}
