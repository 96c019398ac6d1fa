import {
  type CanonicalEntity,
  type EntityKind,
  type FinishPullResult,
  type PullSummary,
  type QuarantinedFile,
  type QuarantinedRow,
  type QuarantineFilter,
  type ReplayStore,
  type StoredLineage,
  storableJson,
} from '@provider-data/core';
import { type Kysely, sql } from 'kysely';
import type { Database } from './database-types.js';
import { type SchemaNames, qualified, schemaNames } from './schema-names.js';
import { sinkError } from './sink-error.js';

/** A jsonb value: PGlite may hand it back as text. */
function jsonOf<T>(value: unknown): T | undefined {
  if (value === null || value === undefined) return undefined;
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

const TABLES: Record<CanonicalEntity, string> = {
  practitioner: 'practitioners',
  practice: 'practices',
  provider: 'providers',
};

/**
 * Creates the PostgreSQL (and PGlite) {@link ReplayStore} that `replayPull`
 * reads a pull's quarantine from and records its outcome in: the columns
 * migration `0005_quarantine_replay` adds to `quarantine` and the
 * `quarantine_replays` table. Schema options as for the sink.
 *
 * ### Examples
 * ```ts
 * import { createDatabase, createPostgresReplayStore, migrate } from '@provider-data/sink-postgres';
 *
 * const { db, close } = await createDatabase('memory://');
 * await migrate(db);
 * const replayStore = createPostgresReplayStore(db);
 * // … replayPull({ pullId, replayStore, pullStore, sink, registry, store })
 * await close();
 * ```
 */
export function createPostgresReplayStore(
  db: Kysely<Database>,
  options: Partial<SchemaNames> = {},
): ReplayStore {
  const names = schemaNames(options);
  const t = (name: string) => qualified(names.schema, name);
  const pulls = qualified(names.pullSchema, 'data_pulls');
  const reasonMatches = (filter: QuarantineFilter) =>
    filter.reason === undefined
      ? sql`true`
      : sql`(q.reason = ${filter.reason} OR q.replay_reason = ${filter.reason})`;
  const guarded = async <T>(action: string, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw sinkError(action, error);
    }
  };

  return {
    summary: (pull) =>
      guarded(`read the summary of pull ${pull.pullId}`, async () => {
        const { rows } = await sql<{ stats: unknown }>`
          SELECT stats FROM ${pulls} WHERE pull_id = ${pull.pullId}::uuid`.execute(db);
        return jsonOf<PullSummary>(rows[0]?.stats);
      }),

    finishResult: (pull) =>
      guarded(`read the finish of pull ${pull.pullId}`, async () => {
        const { rows } = await sql<{ result: unknown }>`
          SELECT result FROM ${t('pull_finishes')} WHERE pull_id = ${pull.pullId}::uuid`.execute(db);
        return jsonOf<FinishPullResult>(rows[0]?.result);
      }),

    files: (pull, filter) =>
      guarded(`list the quarantined files of pull ${pull.pullId}`, async () => {
        const { rows } = await sql<{
          object_key: string;
          record_rows: string | number;
          file_rows: string | number;
        }>`
          SELECT q.object_key,
                 count(*) FILTER (WHERE q.raw IS NOT NULL) AS record_rows,
                 count(*) FILTER (WHERE q.entity = 'file' AND q.position IS NULL) AS file_rows
          FROM ${t('quarantine')} q
          WHERE q.pull_id = ${pull.pullId}::uuid AND q.resolved_at IS NULL AND ${reasonMatches(filter)}
          GROUP BY q.object_key ORDER BY q.object_key`.execute(db);
        return rows.map(
          (r): QuarantinedFile => ({
            objectKey: r.object_key,
            recordRows: Number(r.record_rows),
            fileRows: Number(r.file_rows),
          }),
        );
      }),

    rows: (pull, objectKey, filter) =>
      guarded(`read the quarantine of ${objectKey}`, async () => {
        const { rows } = await sql<{
          id: string | number;
          object_key: string;
          position: string | null;
          entity: string;
          source_id: string | null;
          record_type: string | null;
          reason: string;
          message: string;
          raw: string | null;
          replay_reason: string | null;
        }>`
          SELECT q.id, q.object_key, q.position, q.entity, q.source_id, q.record_type, q.reason,
                 q.message, q.raw, q.replay_reason
          FROM ${t('quarantine')} q
          WHERE q.pull_id = ${pull.pullId}::uuid AND q.object_key = ${objectKey}
            AND q.resolved_at IS NULL AND ${reasonMatches(filter)}
          ORDER BY q.id`.execute(db);
        return rows.map(
          (r): QuarantinedRow => ({
            id: String(r.id),
            objectKey: r.object_key,
            position: r.position,
            entity: r.entity as EntityKind,
            sourceId: r.source_id,
            recordType: r.record_type,
            reason: r.reason,
            message: r.message,
            raw: r.raw,
            replayReason: r.replay_reason,
          }),
        );
      }),

    lineage: (pull, ids) =>
      guarded(`look up the lineage of pull ${pull.pullId}'s records`, async () => {
        const lineage: StoredLineage = new Map();
        for (const entity of ['practitioner', 'practice', 'provider'] as const) {
          const list = ids[entity];
          if (list.length === 0) continue;
          // A later pull: a later pull timestamp, or the same one registered later.
          const { rows } = await sql<{ id: string; seen: 'this' | 'newer' | null }>`
            SELECT c.id,
              CASE WHEN c.last_seen_pull_id = ${pull.pullId}::uuid THEN 'this'
                   WHEN (d.pull_timestamp, d.created_at) > (me.pull_timestamp, me.created_at) THEN 'newer'
              END AS seen
            FROM ${t(TABLES[entity])} c
            JOIN ${pulls} me ON me.pull_id = ${pull.pullId}::uuid
            LEFT JOIN ${pulls} d ON d.pull_id = c.last_seen_pull_id
            WHERE c.id = ANY(${[...list]}::uuid[])`.execute(db);
          for (const row of rows) if (row.seen) lineage.set(row.id, row.seen);
        }
        return lineage;
      }),

    start: (run) =>
      guarded(`start replay ${run.replayId}`, async () => {
        await sql`INSERT INTO ${t('quarantine_replays')} (replay_id, pull_id, reason_filter, files, worker_id)
          VALUES (${run.replayId}::uuid, ${run.pull.pullId}::uuid, ${run.reason ?? null}, ${run.files},
                  ${run.workerId})`.execute(db);
      }),

    commitFile: (run, file) =>
      guarded(`record the replay of ${file.objectKey}`, async () => {
        const resolved = file.rows.filter((r) => r.status === 'resolved');
        const kept = file.rows.filter((r) => r.status === 'quarantined');
        await db.transaction().execute(async (trx) => {
          if (resolved.length > 0) {
            const rowIds = resolved.map((r) => r.rowId);
            const notes = resolved.map((r) => r.note ?? null);
            await sql`UPDATE ${t('quarantine')} q
              SET resolved_at = now(), resolved_by = ${run.replayId}::uuid,
                  replayed_by = ${run.replayId}::uuid, replayed_at = now(),
                  replay_reason = COALESCE(o.note, q.replay_reason)
              FROM unnest(${rowIds}::bigint[], ${notes}::text[]) AS o(id, note)
              WHERE q.id = o.id AND q.resolved_at IS NULL`.execute(trx);
          }
          if (kept.length > 0) {
            await sql`UPDATE ${t('quarantine')} q
              SET replay_reason = o.reason, replay_message = o.message,
                  replayed_by = ${run.replayId}::uuid, replayed_at = now()
              FROM unnest(${kept.map((r) => r.rowId)}::bigint[], ${kept.map((r) => r.reason)}::text[],
                          ${kept.map((r) => r.message)}::text[]) AS o(id, reason, message)
              WHERE q.id = o.id AND q.resolved_at IS NULL`.execute(trx);
          }
          if (file.checkpoint) {
            await sql`UPDATE ${t('file_checkpoints')} SET result = ${storableJson(file.checkpoint)}::jsonb
              WHERE pull_id = ${run.pull.pullId}::uuid AND object_key = ${file.objectKey}`.execute(trx);
          }
        });
      }),

    finish: (run, counts) =>
      guarded(`finish replay ${run.replayId}`, async () => {
        await sql`UPDATE ${t('quarantine_replays')}
          SET status = 'finished', counts = ${storableJson(counts)}::jsonb, finished_at = now()
          WHERE replay_id = ${run.replayId}::uuid`.execute(db);
      }),

    fail: (run, error) =>
      guarded(`record the failure of replay ${run.replayId}`, async () => {
        await sql`UPDATE ${t('quarantine_replays')}
          SET status = 'failed', error = ${storableJson(error)}::jsonb, finished_at = now()
          WHERE replay_id = ${run.replayId}::uuid`.execute(db);
      }),
  };
}
