/**
 * The PostgreSQL sink's writer of one file: staging, the rerun probe, and
 * the commit's merges. {@link createPostgresSink} opens one per file.
 */
import { randomBytes } from 'node:crypto';
import {
  committedFileResult,
  withUnencodable,
  type CanonicalBatch,
  type CanonicalRecord,
  type ChangedFields,
  compactChangedFields,
  type DataPull,
  type FileLoadCounts,
  type FileResult,
  type OpenFileOptions,
  type LoadCounts,
  type Provider,
  keyInPull,
  type QuarantineRecord,
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
  rowHash,
  storableJson,
} from '@provider-data/core';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { RawAccess } from './database.js';
import { canonicalLine, providerLine, QUARANTINE_COLUMNS, quarantineLine } from './canonical-rows.js';
import { assertFenceHeld } from './fence-check.js';
import type { Database } from './database-types.js';
import { chunked, type FileSession, openFileSession, type RunQuery } from './file-session.js';
import {
  checkpointStatement,
  changedFieldCounts,
  lookupJoins,
  comparedColumns,
  createStageStatement,
  latestPerKey,
  mergeSplittingNew,
  seenInFile,
  sharedRowsStatement,
  toCount,
  type UpsertCountsRow,
  upsertStatement,
} from './merge-statements.js';
import { keepStoredEnrichment, storedEnrichment } from './practice-enrichment.js';
import { mergeStagedProviders, providerTablesOf, STAGED_PROVIDER_COLUMNS } from './provider-merge.js';
import { type SchemaNames, qualified } from './schema-names.js';
import { sharedRowsOf, skippedIds, storedProbe, storedRowsStatement } from './stored-probe.js';
import { sinkError } from './sink-error.js';

/** What a file writer needs of its sink. */
export interface FileWriterContext {
  db: Kysely<Database>;
  access: RawAccess;
  names: SchemaNames;
  /** Most rows of one COPY chunk. */
  batchSize: number;
}

/** A file writer that can also name its server process (PostgreSQL), for diagnostics and tests. */
export interface PostgresSinkFileWriter extends SinkFileWriter {
  backendPid(): Promise<number | undefined>;
}

type Entity = 'practitioners' | 'practices' | 'providers' | 'quarantine';
type Canonical = { id: string; healthSystem: string; sourceId: string; active: boolean };

/**
 * Opens the writer of one file (see {@link createPostgresSink}): its rows
 * stream with `COPY` into staging tables of its own transaction, and its
 * commit merges them into the canonical tables.
 */
export async function openFileWriter(
  context: FileWriterContext,
  pull: DataPull,
  file: SourceFile,
  fencing: OpenFileOptions = {},
): Promise<PostgresSinkFileWriter> {
  const { db, access, names, batchSize } = context;
  const table = (name: string) => qualified(names.schema, name);
  const compile = <R>(query: RawBuilder<R>) => query.compile(db);
  const providerTables = providerTablesOf(table);
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
      teardown: stageSpecs.map(([entity]) => compile(sql`DROP TABLE IF EXISTS ${sql.id(stage(entity))}`).sql),
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

  // Each probe's `shared`: the file's records an earlier file of the pull stored first (see SharedRows), by id.
  const probes = {
    practitioners: storedProbe(lookupStored('practitioners')),
    practices: storedProbe(lookupStored('practices')),
    providers: storedProbe(lookupStored('providers')),
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
  function contentsOf<T>(incoming: readonly T[], entry: (record: T) => CanonicalRecord, codec: RowCodec<T>) {
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
        const stored = await storedEnrichment(
          (statement) => session.query(compile(statement)),
          table('practices'),
          batch.practices,
        );
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
    const spec = {
      target: table(entity),
      incoming: latestPerKey(stage(entity), columns, key, distinct < total),
      columns,
      conflict: key,
      match: ['id'],
      pullId: pull.pullId,
      seenIn: seenInFile(seenIn),
      countChanges: comparedColumns(columns, key),
    };
    const run = (statement: RawBuilder<UpsertCountsRow>) => query(compile(statement));
    const [row] = await mergeSplittingNew(run, (splitNew) => upsertStatement({ ...spec, splitNew }));
    const inserted = toCount(row?.inserted);
    const updated = toCount(row?.updated);
    // Rows the pre-filter left as stored: this pull wrote them already, from this file or another.
    if (distinct - toCount(row?.written) > probes[entity].shared.size) {
      const shared = await query(
        compile(
          sharedRowsStatement({ target: table(entity), stage: stage(entity), pullId: pull.pullId, seenIn }),
        ),
      );
      for (const r of shared) probes[entity].shared.set(r.id, [r.id, r.content_hash, r.active]);
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
    const merged = await mergeStagedProviders((statement) => query(compile(statement)), {
      tables: providerTables,
      stage: stage('providers'),
      pullId: pull.pullId,
      seenIn,
      staged: staged.providers,
      skipped,
      shared: probes.providers.shared,
    });
    changedFields.provider = merged.changedFields;
    return merged.counts;
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
        const shared = sharedRowsOf({
          practitioner: probes.practitioners.shared,
          practice: probes.practices.shared,
          provider: probes.providers.shared,
        });
        if (shared) loadCounts.sharedRows = shared;
        const stored = committedFileResult(result, loadCounts);
        if (fencing.checkpoint !== false)
          await query(
            compile(
              checkpointStatement(table('file_checkpoints'), pull.pullId, file.key, storableJson(stored)),
            ),
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
