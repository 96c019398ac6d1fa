import {
  type DataPull,
  type FileResult,
  keyInPull,
  QuarantineReason,
  type RepeatUnchangedFileOptions,
  repeatedFileResult,
  type SourceFile,
  storableJson,
} from '@provider-data/core';
import { type CompiledQuery, type Kysely, sql } from 'kysely';
import type { Database } from './database-types.js';
import { assertFenceHeld } from './fence-check.js';
import { checkpointStatement, toCount } from './merge-statements.js';
import { type SchemaNames, qualified } from './schema-names.js';

/** Thrown inside the transaction to roll the mark back: the stored rows are not what the earlier load left. */
class NotRepeatable extends Error {}

type Counted = 'practitioners' | 'practices' | 'providers' | 'quarantine';

/**
 * The PostgreSQL side of {@link Sink.repeatUnchangedFile}. The earlier load
 * is the health system's last finished pull (the latest `pull_finishes` row),
 * and only when that pull committed this file with the same fingerprint. Its
 * rows are found by `last_seen_file` and `last_seen_pull_id` (an index scan of
 * the file's rows); one statement moves their `last_seen_pull_id` and copies
 * the load's quarantine rows, and the counts must equal the earlier
 * checkpoint's to the row, or nothing is kept.
 */
export async function repeatUnchangedFile(
  db: Kysely<Database>,
  names: SchemaNames,
  pull: DataPull,
  file: SourceFile,
  options: RepeatUnchangedFileOptions,
): Promise<FileResult | undefined> {
  const started = Date.now();
  const t = (name: string) => qualified(names.schema, name);
  const seenIn = keyInPull(pull, file.key);
  if (pull.dataType !== 'full' || seenIn === undefined) return undefined;

  const found = await sql<{ pull_id: string; object_key: string; result: FileResult | string }>`
    WITH last AS (
      SELECT f.pull_id FROM ${t('pull_finishes')} f
      JOIN ${qualified(names.pullSchema, 'data_pulls')} d ON d.pull_id = f.pull_id
      WHERE d.health_system = ${pull.healthSystem} AND f.pull_id <> ${pull.pullId}::uuid
      ORDER BY f.finished_at DESC, f.pull_id
      LIMIT 1
    )
    SELECT c.pull_id, c.object_key, c.result
    FROM ${t('file_checkpoints')} c JOIN last ON last.pull_id = c.pull_id
    WHERE c.result->>'fingerprint' = ${options.fingerprint}`.execute(db);
  const earlierRow = found.rows[0];
  if (!earlierRow) return undefined;
  const earlier =
    typeof earlierRow.result === 'string' ? (JSON.parse(earlierRow.result) as FileResult) : earlierRow.result;
  const earlierPull = earlierRow.pull_id;
  // Providers of the file that the end of that pull quarantined (their practice was in no file).
  const unknown = await sql<{ n: number | string }>`SELECT count(*) AS n FROM ${t('quarantine')}
    WHERE pull_id = ${earlierPull}::uuid AND object_key = ${earlierRow.object_key}
      AND reason = ${QuarantineReason.unknownPractice}`.execute(db);
  const unknownPractice =
    toCount(unknown.rows[0]?.n) - (earlier.quarantineByReason[QuarantineReason.unknownPractice] ?? 0);
  const repeated = repeatedFileResult(earlier, {
    key: file.key,
    earlierPullId: earlierPull,
    unknownPractice: Math.max(0, unknownPractice),
  });
  if (!repeated) return undefined;

  await options.beforeWrite?.();
  const mark = (table: string) => sql`UPDATE ${t(table)} SET last_seen_pull_id = ${pull.pullId}::uuid
    WHERE health_system = ${pull.healthSystem} AND active IN (true, false) AND last_seen_file = ${seenIn}
      AND last_seen_pull_id = ${earlierPull}::uuid
    RETURNING 1`;
  try {
    return await db.transaction().execute(async (trx) => {
      const run = async (query: CompiledQuery) => (await trx.executeQuery(query)).rows;
      await assertFenceHeld(db, run, names, options.fence, `the repeat of ${file.key}`);
      // The file's rows are a few thousand of millions: find them in the index, never by reading the table.
      await sql`SET LOCAL enable_seqscan = off`.execute(trx);
      if (options.enriching) {
        // Practices still waiting for enrichment are read again, so that the enrichers see them.
        const waiting = await sql<{ any: boolean }>`SELECT EXISTS (
            SELECT 1 FROM ${t('practices')}
            WHERE health_system = ${pull.healthSystem} AND last_seen_file = ${seenIn}
              AND last_seen_pull_id = ${earlierPull}::uuid
              AND enrichment_status NOT IN ('matched', 'no_match')) AS any`.execute(trx);
        if (waiting.rows[0]?.any) throw new NotRepeatable();
      }
      const marked = await sql<Record<Counted, number | string>>`
        WITH pt AS (${mark('practitioners')}),
          pr AS (${mark('practices')}),
          pv AS (${mark('providers')}),
          q AS (
            INSERT INTO ${t('quarantine')}
              (pull_id, health_system, object_key, position, entity, source_id, reason, message, raw, record_type)
            SELECT ${pull.pullId}::uuid, health_system, ${file.key}, position, entity, source_id, reason,
              message, raw, record_type
            FROM ${t('quarantine')}
            WHERE pull_id = ${earlierPull}::uuid AND object_key = ${earlierRow.object_key}
            ORDER BY id
            RETURNING 1
          )
        SELECT (SELECT count(*) FROM pt) AS practitioners, (SELECT count(*) FROM pr) AS practices,
          (SELECT count(*) FROM pv) AS providers, (SELECT count(*) FROM q) AS quarantine`.execute(trx);
      const counts = marked.rows[0];
      const expected: Record<Counted, number> = {
        practitioners: repeated.rows.practitioner,
        practices: repeated.rows.practice,
        providers: repeated.rows.provider,
        quarantine: repeated.quarantineRows,
      };
      for (const [name, n] of Object.entries(expected)) {
        if (toCount(counts?.[name as Counted]) !== n) throw new NotRepeatable();
      }
      // Records another file stored first: this pull must have seen each of them, with this content.
      for (const [entity, table] of [
        ['practitioner', 'practitioners'],
        ['practice', 'practices'],
        ['provider', 'providers'],
      ] as const) {
        const shared = earlier.sharedRows?.[entity];
        if (!shared?.length) continue;
        const found = await sql<{ n: number | string }>`SELECT count(*) AS n
          FROM unnest(${shared.map((r) => r[0])}::uuid[], ${shared.map((r) => r[1])}::text[],
            ${shared.map((r) => r[2])}::boolean[]) AS s (id, content_hash, active)
          JOIN ${t(table)} r ON r.id = s.id AND r.content_hash = s.content_hash AND r.active = s.active
          WHERE r.last_seen_pull_id = ${pull.pullId}::uuid`.execute(trx);
        if (toCount(found.rows[0]?.n) !== shared.length) throw new NotRepeatable();
      }
      const result: FileResult = { ...repeated.result, durationMs: Date.now() - started };
      await checkpointStatement(t('file_checkpoints'), pull.pullId, file.key, storableJson(result)).execute(
        trx,
      );
      await assertFenceHeld(db, run, names, options.fence, `the repeat of ${file.key}`);
      return result;
    });
  } catch (error) {
    if (error instanceof NotRepeatable) return undefined;
    throw error;
  }
}
