import { randomBytes } from 'node:crypto';
import {
  committedFileResult,
  withUnencodable,
  type CanonicalBatch,
  type CanonicalRecord,
  type ChangedFields,
  compactChangedFields,
  ConfigError,
  type DataPull,
  type FileLoadCounts,
  type FileResult,
  type OpenFileOptions,
  type LoadCounts,
  type Practice,
  type Provider,
  keyInPull,
  type QuarantineRecord,
  type Sink,
  type SinkFileWriter,
  type SourceFile,
  unencodableRecordRow,
  copyJson,
  PRACTICE_COLUMNS,
  PRACTITIONER_COLUMNS,
  practiceCodec,
  practitionerCodec,
  providerCodec,
  type RowCodec,
  type SharedRows,
  rowHash,
  storableJson,
} from '@provider-data/core';
import { CompiledQuery, type Kysely, type RawBuilder, sql } from 'kysely';
import type pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';
import { canonicalLine, providerLine, QUARANTINE_COLUMNS, quarantineLine } from './canonical-rows.js';
import { type RawAccess, rawAccessOf } from './database.js';
import { assertFenceHeld } from './fence-check.js';
import type { Database } from './database-types.js';
import { type FileSession, openFileSession, type RunQuery } from './file-session.js';
import {
  changedFieldCounts,
  comparedColumns,
  createStageStatement,
  LOOKUP_JOINS,
  latestPerKey,
  seenInFile,
  sharedRowsStatement,
  toCount,
  upsertStatement,
} from './merge-statements.js';
import { keepStoredEnrichment, type StoredEnrichmentRow } from './practice-enrichment.js';
import { finishPull } from './finish-pull.js';
import { repeatUnchangedFile } from './repeat-unchanged-file.js';
import {
  fileProviderCounts,
  mergeFileProvidersStatement,
  type ProviderTables,
  sharedProvidersStatement,
  STAGED_PROVIDER_COLUMNS,
  supersedePendingStatement,
} from './provider-merge.js';
import { type SchemaNames, qualified, schemaNames } from './schema-names.js';
import { skippedIds, storedProbe, storedRowsStatement } from './stored-probe.js';
import { sinkError } from './sink-error.js';

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

/** A file writer that can also name its server process (PostgreSQL), for diagnostics and tests. */
export interface PostgresSinkFileWriter extends SinkFileWriter {
  backendPid(): Promise<number | undefined>;
}

/** A {@link Sink} that also returns {@link PostgresSinkFileWriter}s. */
export interface PostgresSink extends Sink {
  openFile(pull: DataPull, file: SourceFile, options?: OpenFileOptions): Promise<PostgresSinkFileWriter>;
}

type Entity = 'practitioners' | 'practices' | 'providers' | 'quarantine';
type Canonical = { id: string; healthSystem: string; sourceId: string; active: boolean };

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
 * Groups encoded lines into chunks, lazily, so a batch is never held twice.
 * Chunks stay under ~64 KB: larger strings go to V8's large-object space and
 * are only freed by a full GC, which made the process's memory balloon.
 */
function* chunked<T>(
  records: Iterable<T>,
  maxRows: number,
  encode: (record: T) => string,
): Generator<string> {
  let chunk = '';
  let rows = 0;
  for (const record of records) {
    chunk += encode(record);
    if (++rows === maxRows || chunk.length > 64_000) {
      yield chunk;
      chunk = '';
      rows = 0;
    }
  }
  if (chunk) yield chunk;
}

/** Sets {@link LOOKUP_JOINS} for the statements that follow, in this transaction only. */
async function lookupJoins(query: RunQuery): Promise<void> {
  for (const setting of LOOKUP_JOINS) await query(CompiledQuery.raw(`SET LOCAL ${setting}`));
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
  const table = (name: string) => qualified(names.schema, name);
  const compile = <R>(query: RawBuilder<R>) => query.compile(db);
  const providerTables: ProviderTables = {
    practitioners: table('practitioners'),
    practices: table('practices'),
    pendingProviders: table('pending_providers'),
    providers: table('providers'),
  };

  async function openFile(
    pull: DataPull,
    file: SourceFile,
    fencing: OpenFileOptions = {},
  ): Promise<PostgresSinkFileWriter> {
    const token = randomBytes(6).toString('hex');
    // `last_seen_file` of the rows this file writes (see repeatUnchangedFile).
    const seenIn = keyInPull(pull, file.key) ?? file.key;
    const stage = (entity: Entity) => `pdm_${token}_${entity}`;
    const stageSpecs = [
      ['practitioners', table('practitioners'), [...PRACTITIONER_COLUMNS, 'content_hash']],
      ['practices', table('practices'), [...PRACTICE_COLUMNS, 'content_hash']],
      ['providers', table('pending_providers'), STAGED_PROVIDER_COLUMNS],
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
    const staged = {
      practitioners: 0,
      practices: 0,
      providers: 0,
      quarantine: 0,
      positions: { practitioners: 0, practices: 0, providers: 0 },
    };
    const staging: Record<Entity, boolean> = {
      practitioners: false,
      practices: false,
      providers: false,
      quarantine: false,
    };
    const lookupStored =
      (entity: 'practitioners' | 'practices' | 'providers') =>
      async (batch: { ids: string; hashes: string; active: string }) => {
        const [row] = await session.query(
          compile(storedRowsStatement(table(entity), batch, pull.pullId, seenIn)),
        );
        return row ?? { own: [], shared: [] };
      };
    // Filled by the commit's merges: which columns the file's updated rows changed.
    const changedFields: ChangedFields = {};
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
      staging[entity] = true;
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
                   enrichment_evidence, latitude, longitude, geo_source
            FROM ${table('practices')}
            WHERE id = ANY(${ids}::uuid[]) AND enrichment_status IN ('matched', 'no_match')`,
        ),
      );
      return new Map(rows.map((r) => [r.id, r]));
    }

    const probes = {
      practitioners: storedProbe(lookupStored('practitioners')),
      practices: storedProbe(lookupStored('practices')),
      providers: storedProbe(lookupStored('providers')),
    };
    /** The file's records an earlier file of the pull stored first (see SharedRows), by id. */
    const sharedRows = {
      practitioners: probes.practitioners.shared,
      practices: probes.practices.shared,
      providers: probes.providers.shared,
    };
    const providerSkips = skippedIds();

    /** Records left out of this file because they could not be encoded, by entity. */
    const unencodable = { practitioner: 0, practice: 0, provider: 0 };
    /** Their quarantine rows, staged with the next batch's. */
    let rejected: QuarantineRecord[] = [];
    /** Runs `encode` on one record; a record it throws on is quarantined instead (see the Sink contract). */
    function encoded<R>(entry: CanonicalRecord, encode: () => R): R | undefined {
      try {
        return encode();
      } catch (error) {
        unencodable[entry.entity]++;
        rejected.push(unencodableRecordRow(pull, file, entry, error));
        return undefined;
      }
    }

    /**
     * The records' content texts and hashes, built once: for the probe, and for the
     * lines of the records sent. A record that cannot be encoded is left out (see `encoded`).
     */
    function contentsOf<T>(
      incoming: readonly T[],
      entry: (record: T) => CanonicalRecord,
      codec: RowCodec<T>,
    ) {
      const records: T[] = [];
      const contents: string[] = [];
      const hashes: string[] = [];
      for (const record of incoming) {
        const content = encoded(entry(record), () => codec.content(record));
        if (content === undefined) continue;
        records.push(record);
        contents.push(content);
        hashes.push(rowHash(content));
      }
      return { records, contents, hashes };
    }

    async function stageCanonical<T extends Canonical & { raw?: unknown }>(
      entity: 'practitioners' | 'practices',
      codec: RowCodec<T>,
      incoming: readonly T[],
    ) {
      if (incoming.length === 0) return;
      const entry = (record: T) =>
        ({
          entity: entity === 'practitioners' ? 'practitioner' : 'practice',
          record,
        }) as unknown as CanonicalRecord;
      const { records, contents, hashes } = contentsOf(incoming, entry, codec);
      const skip = await probes[entity].unchanged(records, hashes);
      const keys = seen[entity];
      const send: { position: number; content: string; raw: string; hash: string }[] = [];
      records.forEach((r, i) => {
        const key = `${r.healthSystem}\u001f${r.sourceId}`;
        // A repeated key is always sent: it must replace an earlier entry staged in this file.
        if (skip.has(i) && !keys.has(key)) {
          staged.positions[entity]++;
        } else {
          // `raw` only for what is sent: an unchanged rerun sends almost nothing.
          const raw = encoded(entry(r), () => copyJson(r.raw));
          if (raw === undefined) return;
          send.push({ position: ++staged.positions[entity], content: contents[i]!, raw, hash: hashes[i]! });
        }
        keys.add(key);
        staged[entity]++;
      });
      await stageCopy(entity, [...codec.columns, 'content_hash'], send, (line) =>
        canonicalLine(line.position, line.content, line.raw, line.hash),
      );
    }

    async function stageProviders(incoming: readonly Provider[]) {
      const entry = (record: Provider): CanonicalRecord => ({ entity: 'provider', record });
      const { records, contents, hashes } = contentsOf(incoming, entry, providerCodec);
      const probe = probes.providers;
      const skip = await probe.unchanged(records, hashes);
      const send: { content: string; hash: string }[] = [];
      records.forEach((r, i) => {
        staged.providers++;
        if (!providerSkips.skip(r.id, skip.has(i), probe.probing))
          send.push({ content: contents[i]!, hash: hashes[i]! });
      });
      await stageCopy('providers', STAGED_PROVIDER_COLUMNS, send, (line) =>
        providerLine(++staged.positions.providers, pull.pullId, file.key, line.content, line.hash),
      );
    }

    async function write(batch: CanonicalBatch): Promise<void> {
      if (state !== 'open')
        throw sinkError(`write ${file.key}`, new Error('the file writer is closed'), file.key);
      try {
        await stageCanonical('practitioners', practitionerCodec, batch.practitioners);
        if (batch.practices.length > 0) {
          const stored = await storedEnrichment(batch.practices);
          const practices = batch.practices.map((p) => keepStoredEnrichment(p, stored.get(p.id)));
          await stageCanonical('practices', practiceCodec, practices);
        }
        await stageProviders(batch.providers);
        const quarantine = rejected.length === 0 ? batch.quarantine : [...batch.quarantine, ...rejected];
        rejected = [];
        await stageCopy(
          'quarantine',
          QUARANTINE_COLUMNS,
          quarantine,
          (q) => `${++staged.quarantine}\t${quarantineLine(q)}`,
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
      if (!staging[entity])
        return { inserted: 0, updated: 0, unchanged: distinct, superseded: total - distinct };
      const key = ['health_system', 'source_id'];
      const statement = upsertStatement({
        target: table(entity),
        incoming: latestPerKey(stage(entity), columns, key, distinct < total),
        columns,
        conflict: key,
        match: ['id'],
        pullId: pull.pullId,
        seenIn: seenInFile(seenIn),
        countChanges: comparedColumns(columns, key),
      });
      const [row] = await query(compile(statement));
      const inserted = toCount(row?.inserted);
      const updated = toCount(row?.updated);
      // Rows the pre-filter left as stored: this pull wrote them already, from this file or another.
      if (distinct - toCount(row?.written) > sharedRows[entity].size) {
        const shared = await query(
          compile(
            sharedRowsStatement({ target: table(entity), stage: stage(entity), pullId: pull.pullId, seenIn }),
          ),
        );
        for (const r of shared) sharedRows[entity].set(r.id, [r.id, r.content_hash, r.active]);
      }
      changedFields[entity === 'practitioners' ? 'practitioner' : 'practice'] = changedFieldCounts(row);
      return { inserted, updated, unchanged: distinct - inserted - updated, superseded: total - distinct };
    }

    /**
     * The file's providers whose practitioner and practice are now stored are
     * merged (replacing what earlier files left pending under the same id);
     * the rest are parked until the pull finishes.
     */
    async function mergeProviders(query: RunQuery): Promise<LoadCounts> {
      const skipped = providerSkips.standing;
      if (!staging.providers)
        return { inserted: 0, updated: 0, unchanged: skipped, superseded: staged.providers - skipped };
      const [pending] = await query(
        compile(sql<{ any: boolean }>`SELECT EXISTS (
          SELECT 1 FROM ${table('pending_providers')} WHERE pull_id = ${pull.pullId}::uuid) AS any`),
      );
      let supersededPending = 0;
      if (pending?.any) {
        const [row] = await query(
          compile(supersedePendingStatement(providerTables, stage('providers'), pull.pullId)),
        );
        supersededPending = toCount(row?.superseded);
      }
      const [row] = await query(
        compile(
          mergeFileProvidersStatement(providerTables, stage('providers'), pull.pullId, seenInFile(seenIn)),
        ),
      );
      // Providers the pre-filter left as stored: this pull wrote them already, from this file or another.
      if (toCount(row?.distinct_ids) > toCount(row?.written)) {
        const shared = await query(
          compile(sharedProvidersStatement(providerTables, stage('providers'), pull.pullId, seenIn)),
        );
        for (const r of shared) sharedRows.providers.set(r.id, [r.id, r.content_hash, r.active]);
      }
      changedFields.provider = changedFieldCounts(row);
      return fileProviderCounts(staged.providers, row, supersededPending, skipped);
    }

    async function commit(result: FileResult): Promise<FileLoadCounts> {
      if (state !== 'open')
        throw sinkError(`commit ${file.key}`, new Error('the file writer is closed'), file.key);
      try {
        const counts = await session.commit(async (query) => {
          // First, so that a worker that lost its claim does no merge work either; the row stays
          // locked against a takeover until the commit.
          await assertFenceHeld(db, query, names, fencing.fence, `the commit of ${file.key}`);
          await lookupJoins(query);
          const practitioner = await mergeEntity(query, 'practitioners', PRACTITIONER_COLUMNS);
          const practice = await mergeEntity(query, 'practices', PRACTICE_COLUMNS);
          const provider = await mergeProviders(query);
          const quarantineIds = sql.join(QUARANTINE_COLUMNS.map((c) => sql.id(c)));
          if (staging.quarantine) {
            await query(
              compile(sql`INSERT INTO ${table('quarantine')} (${quarantineIds})
                SELECT ${quarantineIds} FROM ${sql.id(stage('quarantine'))} ORDER BY pos`),
            );
          }
          const loadCounts: FileLoadCounts = {
            practitioner: withUnencodable(practitioner, unencodable.practitioner),
            practice: withUnencodable(practice, unencodable.practice),
            provider: withUnencodable(provider, unencodable.provider),
          };
          const changed = compactChangedFields(changedFields);
          if (changed) loadCounts.changedFields = changed;
          const shared: SharedRows = {};
          if (sharedRows.practitioners.size > 0) shared.practitioner = [...sharedRows.practitioners.values()];
          if (sharedRows.practices.size > 0) shared.practice = [...sharedRows.practices.values()];
          if (sharedRows.providers.size > 0) shared.provider = [...sharedRows.providers.values()];
          if (shared.practitioner || shared.practice || shared.provider) loadCounts.sharedRows = shared;
          const stored = committedFileResult(result, loadCounts);
          if (fencing.checkpoint !== false)
            await query(
              compile(sql`INSERT INTO ${table('file_checkpoints')} (pull_id, object_key, result)
              VALUES (${pull.pullId}::uuid, ${file.key}, ${storableJson(stored)}::jsonb)
              ON CONFLICT (pull_id, object_key) DO UPDATE SET result = EXCLUDED.result, finished_at = now()`),
            );
          // And last: a lease that ran out while the merge ran (a worker stalled mid-commit) keeps nothing.
          await assertFenceHeld(db, query, names, fencing.fence, `the commit of ${file.key}`);
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
