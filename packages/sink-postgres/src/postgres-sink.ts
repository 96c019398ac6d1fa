import { randomBytes } from 'node:crypto';
import {
  type CanonicalBatch,
  ConfigError,
  contentHash,
  type DataPull,
  type FileLoadCounts,
  type FileResult,
  type Practice,
  type Sink,
  type SinkFileWriter,
  type SourceFile,
} from '@provider-data/core';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';
import {
  PRACTICE_COLUMNS,
  PRACTITIONER_COLUMNS,
  PROVIDER_COLUMNS,
  practiceCodec,
  practitionerCodec,
  providerLine,
  QUARANTINE_COLUMNS,
  quarantineLine,
} from './canonical-rows.js';
import { storableJson } from './copy-text.js';
import { type RawAccess, rawAccessOf } from './database.js';
import type { Database } from './database-types.js';
import { type FileSession, openFileSession, type RunQuery } from './file-session.js';
import { createStageStatement, latestPerKey, upsertStatement } from './merge-statements.js';
import { keepStoredEnrichment, type StoredEnrichmentRow } from './practice-enrichment.js';
import { finishPull } from './finish-pull.js';
import { type SchemaNames, qualified, schemaNames } from './schema-names.js';
import { sinkError } from './sink-error.js';

/** Options of {@link createPostgresSink}. */
export interface PostgresSinkOptions extends Partial<SchemaNames> {
  /** Most rows of one COPY chunk sent at a time. Default 1000. */
  batchSize?: number;
  /** The pg pool behind `db`, when `db` was not made by `createDatabase`. */
  pool?: pg.Pool;
  /** The PGlite instance behind `db`, when `db` was not made by `createDatabase`. */
  pglite?: PGlite;
}

/** A file writer that can also name its server process (PostgreSQL), for diagnostics and tests. */
export interface PostgresSinkFileWriter extends SinkFileWriter {
  backendPid(): Promise<number | undefined>;
}

/** A {@link Sink} that also returns {@link PostgresSinkFileWriter}s. */
export interface PostgresSink extends Sink {
  openFile(pull: DataPull, file: SourceFile): Promise<PostgresSinkFileWriter>;
}

type Entity = 'practitioners' | 'practices' | 'providers' | 'quarantine';

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

/** Groups encoded lines into chunks of `size` rows, lazily, so a batch is never held twice. */
function* chunked<T>(records: readonly T[], size: number, encode: (record: T) => string): Generator<string> {
  let chunk = '';
  let rows = 0;
  for (const record of records) {
    chunk += encode(record);
    if (++rows === size) {
      yield chunk;
      chunk = '';
      rows = 0;
    }
  }
  if (chunk) yield chunk;
}

const toCount = (value: number | string | undefined | null) => Number(value ?? 0);

/**
 * Creates the PostgreSQL (and PGlite) {@link Sink}. A file's rows stream with
 * `COPY` into staging tables; its commit merges them into the canonical tables
 * in a few set-based statements, with its quarantine rows, its providers
 * (pending until {@link Sink.finishPull}) and its checkpoint, in one
 * transaction.
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
  const table = (name: string) => qualified(names.schema, name);
  const compile = <R>(query: RawBuilder<R>) => query.compile(db);

  async function openFile(pull: DataPull, file: SourceFile): Promise<PostgresSinkFileWriter> {
    const token = randomBytes(6).toString('hex');
    const stage = (entity: Entity) => `pdm_${token}_${entity}`;
    const stageSpecs = [
      ['practitioners', table('practitioners'), [...PRACTITIONER_COLUMNS, 'content_hash']],
      ['practices', table('practices'), [...PRACTICE_COLUMNS, 'content_hash']],
      [
        'providers',
        table('pending_providers'),
        ['pull_id', 'object_key', ...PROVIDER_COLUMNS, 'content_hash'],
      ],
      ['quarantine', table('quarantine'), QUARANTINE_COLUMNS],
    ] as const;
    const setup = (onCommitDrop: boolean) =>
      stageSpecs.map(
        ([entity, source, columns]) =>
          compile(createStageStatement(stage(entity), source, columns, onCommitDrop)).sql,
      );
    let session: FileSession;
    try {
      session = await openFileSession(db, access, {
        // The merge sorts and hashes a file's rows: give it memory for that, this transaction only.
        postgresSetup: [`SET LOCAL work_mem = '64MB'`, ...setup(true)],
        pgliteSetup: setup(false),
        teardown: stageSpecs.map(
          ([entity]) => compile(sql`DROP TABLE IF EXISTS ${sql.id(stage(entity))}`).sql,
        ),
      });
    } catch (error) {
      throw sinkError(`open ${file.key}`, error, file.key);
    }

    const seen = { practitioners: new Set<string>(), practices: new Set<string>() };
    const staged = { practitioners: 0, practices: 0, providers: 0 };
    let state: 'open' | 'failed' | 'closed' = 'open';

    const fail = async (action: string, error: unknown) => {
      state = 'failed';
      await session.rollback();
      return sinkError(`${action} ${file.key}`, error, file.key);
    };

    async function stageCopy<T>(
      entity: Entity,
      columns: readonly string[],
      records: readonly T[],
      encode: (r: T) => string,
    ) {
      if (records.length === 0) return;
      await session.copyIn(stage(entity), ['pos', ...columns], chunked(records, batchSize, encode));
    }

    async function storedEnrichment(
      practices: readonly Practice[],
    ): Promise<Map<string, StoredEnrichmentRow>> {
      const ids = practices
        .filter((p) => p.enrichmentStatus === 'skipped' || p.enrichmentStatus === 'pending')
        .map((p) => p.id);
      if (ids.length === 0) return new Map();
      const rows = await session.query(
        compile(
          sql<StoredEnrichmentRow>`SELECT id, google_place_id, enrichment_status, enriched_at, place_details,
                   latitude, longitude, geo_source
            FROM ${table('practices')}
            WHERE id = ANY(${ids}::uuid[]) AND enrichment_status IN ('matched', 'no_match')`,
        ),
      );
      return new Map(rows.map((r) => [r.id, r]));
    }

    async function write(batch: CanonicalBatch): Promise<void> {
      if (state !== 'open')
        throw sinkError(`write ${file.key}`, new Error('the file writer is closed'), file.key);
      try {
        const keyed = (set: Set<string>, healthSystem: string, sourceId: string) =>
          set.add(`${healthSystem}\u001f${sourceId}`);
        await stageCopy(
          'practitioners',
          [...PRACTITIONER_COLUMNS, 'content_hash'],
          batch.practitioners,
          (p) => {
            keyed(seen.practitioners, p.healthSystem, p.sourceId);
            return practitionerCodec.line(p, contentHash(p), ++staged.practitioners);
          },
        );
        if (batch.practices.length > 0) {
          const stored = await storedEnrichment(batch.practices);
          await stageCopy('practices', [...PRACTICE_COLUMNS, 'content_hash'], batch.practices, (incoming) => {
            const p = keepStoredEnrichment(incoming, stored.get(incoming.id));
            keyed(seen.practices, p.healthSystem, p.sourceId);
            return practiceCodec.line(p, contentHash(p), ++staged.practices);
          });
        }
        await stageCopy(
          'providers',
          ['pull_id', 'object_key', ...PROVIDER_COLUMNS, 'content_hash'],
          batch.providers,
          (p) => providerLine(++staged.providers, pull.pullId, file.key, p, contentHash(p)),
        );
        let position = 0;
        await stageCopy(
          'quarantine',
          QUARANTINE_COLUMNS,
          batch.quarantine,
          (q) => `${++position}\t${quarantineLine(q)}`,
        );
      } catch (error) {
        throw await fail('write', error);
      }
    }

    async function mergeEntity(
      query: RunQuery,
      entity: 'practitioners' | 'practices',
      columns: readonly string[],
    ): Promise<FileLoadCounts['practitioner']> {
      const total = staged[entity];
      const distinct = seen[entity].size;
      if (total === 0) return { inserted: 0, updated: 0, unchanged: 0, superseded: 0 };
      const key = ['health_system', 'source_id'];
      const statement = upsertStatement({
        target: table(entity),
        incoming: latestPerKey(stage(entity), columns, key, distinct < total),
        columns,
        conflict: key,
        pullId: pull.pullId,
      });
      const [row] = await query(compile(statement));
      const inserted = toCount(row?.inserted);
      const updated = toCount(row?.updated);
      return { inserted, updated, unchanged: distinct - inserted - updated, superseded: total - distinct };
    }

    async function commit(result: FileResult): Promise<FileLoadCounts> {
      if (state !== 'open')
        throw sinkError(`commit ${file.key}`, new Error('the file writer is closed'), file.key);
      try {
        const counts = await session.commit(async (query) => {
          const practitioner = await mergeEntity(query, 'practitioners', PRACTITIONER_COLUMNS);
          const practice = await mergeEntity(query, 'practices', PRACTICE_COLUMNS);
          const providerColumns = ['pull_id', 'object_key', ...PROVIDER_COLUMNS, 'content_hash'];
          const providerIds = sql.join(providerColumns.map((c) => sql.id(c)));
          await query(
            compile(sql`INSERT INTO ${table('pending_providers')} (${providerIds})
              SELECT ${providerIds} FROM ${sql.id(stage('providers'))} ORDER BY pos`),
          );
          const quarantineIds = sql.join(QUARANTINE_COLUMNS.map((c) => sql.id(c)));
          await query(
            compile(sql`INSERT INTO ${table('quarantine')} (${quarantineIds})
              SELECT ${quarantineIds} FROM ${sql.id(stage('quarantine'))} ORDER BY pos`),
          );
          const loadCounts: FileLoadCounts = { practitioner, practice };
          const stored: FileResult = structuredClone(result);
          Object.assign(stored.entities.practitioner, practitioner);
          Object.assign(stored.entities.practice, practice);
          await query(
            compile(sql`INSERT INTO ${table('file_checkpoints')} (pull_id, object_key, result)
              VALUES (${pull.pullId}::uuid, ${file.key}, ${storableJson(stored)}::jsonb)
              ON CONFLICT (pull_id, object_key) DO UPDATE SET result = EXCLUDED.result, finished_at = now()`),
          );
          return loadCounts;
        });
        state = 'closed';
        return counts;
      } catch (error) {
        throw await fail('commit', error);
      }
    }

    return {
      write,
      commit,
      async abort() {
        if (state !== 'open') return;
        state = 'closed';
        await session.rollback();
      },
      backendPid: () => session.backendPid(),
    };
  }

  return {
    name: 'postgres',

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

    async resetPull(pull) {
      try {
        await db.transaction().execute(async (trx) => {
          const scoped = trx.withSchema(names.schema);
          await scoped.deleteFrom('file_checkpoints').where('pull_id', '=', pull.pullId).execute();
          await scoped.deleteFrom('pending_providers').where('pull_id', '=', pull.pullId).execute();
          await scoped.deleteFrom('quarantine').where('pull_id', '=', pull.pullId).execute();
        });
      } catch (error) {
        throw sinkError(`reset pull ${pull.pullId}`, error);
      }
    },
  };
}
