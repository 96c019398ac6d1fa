import {
  ConfigError,
  type DataPull,
  type FileResult,
  type OpenFileOptions,
  type Sink,
  type SourceFile,
} from '@provider-data/core';
import type { CompiledQuery, Kysely } from 'kysely';
import type pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';
import { type RawAccess, rawAccessOf } from './database.js';
import { assertFenceHeld } from './fence-check.js';
import type { Database } from './database-types.js';
import { finishPull } from './finish-pull.js';
import { repeatUnchangedFile } from './repeat-unchanged-file.js';
import { type SchemaNames, schemaNames } from './schema-names.js';
import { sinkError } from './sink-error.js';
import { openFileWriter, type PostgresSinkFileWriter } from './file-writer.js';

/** Options of {@link createPostgresSink}. */
export interface PostgresSinkOptions extends Partial<SchemaNames> {
  /** Most rows of one COPY chunk sent at a time. Default 1000. */
  batchSize?: number;
  /**
   * Files written at once, each in its own transaction and connection.
   * Default 3 on PostgreSQL, but at most the pool's size less one; 1 on PGlite.
   */
  maxConcurrentFiles?: number;
  /** The pg pool behind `db`, when `db` was not made by `createDatabase`. */
  pool?: pg.Pool;
  /** The PGlite instance behind `db`, when `db` was not made by `createDatabase`. */
  pglite?: PGlite;
}

export type { PostgresSinkFileWriter } from './file-writer.js';

/** A {@link Sink} that also returns {@link PostgresSinkFileWriter}s. */
export interface PostgresSink extends Sink {
  openFile(pull: DataPull, file: SourceFile, options?: OpenFileOptions): Promise<PostgresSinkFileWriter>;
}

function accessOf(db: Kysely<Database>, options: PostgresSinkOptions): RawAccess {
  if (options.pool) return { kind: 'postgres', pool: options.pool };
  if (options.pglite) return { kind: 'pglite', pglite: options.pglite };
  const access = rawAccessOf(db);
  if (!access) {
    throw new ConfigError(
      'createPostgresSink needs the Kysely instance from createDatabase, or the pg `pool` or `pglite` behind it',
    );
  }
  return access;
}

/**
 * Each file in flight holds a pooled connection until its commit; one is left
 * for the rest (lease renewals, the pull store): with every connection taken,
 * a renewal waited for a commit and the lease ran out.
 */
function defaultConcurrentFiles(access: RawAccess): number {
  if (access.kind === 'pglite') return 1;
  const poolSize = (access.pool as { options?: { max?: number } }).options?.max ?? 10;
  return Math.max(1, Math.min(3, poolSize - 1));
}

/**
 * Creates the PostgreSQL (and PGlite) {@link Sink}. A file's rows stream with
 * `COPY` into staging tables; its commit merges them into the canonical tables
 * in a few set-based statements, with its quarantine rows, its providers
 * (those whose practice or practitioner is not stored yet wait for
 * {@link Sink.finishPull}) and its checkpoint, in one transaction.
 *
 * ### Examples
 * ```ts
 * import { createDatabase, createPostgresSink, migrate } from '@provider-data/sink-postgres';
 *
 * const { db, close } = await createDatabase('memory://');
 * await migrate(db);
 * const sink = createPostgresSink(db, { schema: 'provider_data' });
 * console.log(sink.name); // 'postgres'
 * await close();
 * ```
 */
export function createPostgresSink(db: Kysely<Database>, options: PostgresSinkOptions = {}): PostgresSink {
  const names = schemaNames(options);
  const access = accessOf(db, options);
  const batchSize = options.batchSize ?? 1000;

  const openFile = (pull: DataPull, file: SourceFile, fencing: OpenFileOptions = {}) =>
    openFileWriter({ db, access, names, batchSize }, pull, file, fencing);

  return {
    name: 'postgres',
    // PostgreSQL merges one file while the pipeline parses the next two; PGlite has one connection.
    maxConcurrentFiles: options.maxConcurrentFiles ?? defaultConcurrentFiles(access),

    async checkpoints(pull) {
      try {
        const rows = await db
          .withSchema(names.schema)
          .selectFrom('file_checkpoints')
          .select(['object_key', 'result'])
          .where('pull_id', '=', pull.pullId)
          .execute();
        return new Map(rows.map((r) => [r.object_key, r.result as unknown as FileResult]));
      } catch (error) {
        throw sinkError(`read the checkpoints of pull ${pull.pullId}`, error);
      }
    },

    openFile,

    async finishPull(pull, finishOptions) {
      try {
        return await finishPull(db, names, pull, finishOptions);
      } catch (error) {
        throw sinkError(`finish pull ${pull.pullId}`, error);
      }
    },

    async repeatUnchangedFile(pull, file, repeatOptions) {
      try {
        return await repeatUnchangedFile(db, names, pull, file, repeatOptions);
      } catch (error) {
        throw sinkError(`repeat the load of ${file.key}`, error, file.key);
      }
    },

    async resetPull(pull, fencing = {}) {
      try {
        await db.transaction().execute(async (trx) => {
          const run = async (query: CompiledQuery) => (await trx.executeQuery(query)).rows;
          await assertFenceHeld(db, run, names, fencing.fence, `the reset of pull ${pull.pullId}`);
          const scoped = trx.withSchema(names.schema);
          await scoped.deleteFrom('file_checkpoints').where('pull_id', '=', pull.pullId).execute();
          await scoped.deleteFrom('pending_providers').where('pull_id', '=', pull.pullId).execute();
          await scoped.deleteFrom('quarantine').where('pull_id', '=', pull.pullId).execute();
          await scoped.deleteFrom('pull_files').where('pull_id', '=', pull.pullId).execute();
          await scoped.deleteFrom('pull_finishes').where('pull_id', '=', pull.pullId).execute();
        });
      } catch (error) {
        throw sinkError(`reset pull ${pull.pullId}`, error);
      }
    },
  };
}
