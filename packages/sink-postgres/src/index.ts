export type {
  CreateDatabaseOptions,
  DatabaseDialect,
  DatabaseHandle,
} from './database.js';
export { type CopyIn, postgresCopyIn } from './copy-in.js';
export { createDatabase, databaseFromPGlite, databaseFromPool } from './database.js';
export type {
  Database,
  DataPullsTable,
  EnrichmentCacheTable,
  FileCheckpointsTable,
  PendingProvidersTable,
  PullFilesTable,
  PullFinishesTable,
  PracticesTable,
  PractitionersTable,
  ProvidersTable,
  QuarantineReplaysTable,
  QuarantineTable,
} from './database-types.js';
export type { MigrateOptions, MigrateResult } from './migrations.js';
export { migrate } from './migrations.js';
export type { SchemaNames } from './schema-names.js';
export { DEFAULT_PULL_SCHEMA, DEFAULT_SCHEMA } from './schema-names.js';
export type { PullRecord, PullStoreOptions, RegisterPullInput } from './pull-store.js';
export { createPostgresPullStore, listPulls, registerPull } from './pull-store.js';
export type { PostgresSink, PostgresSinkFileWriter, PostgresSinkOptions } from './postgres-sink.js';
export { createPostgresSink } from './postgres-sink.js';
export type { EnrichmentCacheOptions } from './enrichment-cache.js';
export { createPostgresEnrichmentCache } from './enrichment-cache.js';
export { REPLACEMENT, storableJson, storableText } from '@provider-data/core';
export { redactSecrets } from './redact.js';
export type { FileQueueOptions } from './file-queue.js';
export { createPostgresFileQueue } from './file-queue.js';
export { createPostgresReplayStore } from './replay-store.js';
