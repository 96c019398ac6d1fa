import { type LoadCounts, PROVIDER_COLUMNS } from '@provider-data/core';
import { type RawBuilder, sql } from 'kysely';
import { comparedColumns, toCount, type UpsertCountsRow, upsertStatement } from './merge-statements.js';

/** The columns a file stages per provider, in `pending_providers` order. */
export const STAGED_PROVIDER_COLUMNS = [
  'pull_id',
  'object_key',
  ...PROVIDER_COLUMNS,
  'content_hash',
] as const;

const ids = (names: readonly string[]) => sql.join(names.map((n) => sql.id(n)));

/** Provider columns, with the stored practitioner and practice ids as the foreign keys. */
function resolvedColumns(alias: string): RawBuilder<unknown> {
  return sql.join(
    PROVIDER_COLUMNS.map((c) =>
      c === 'practitioner_id'
        ? sql`stored_practitioner_id AS practitioner_id`
        : c === 'practice_id'
          ? sql`stored_practice_id AS practice_id`
          : sql.ref(`${alias}.${c}`),
    ),
  );
}

/** The tables a provider's practitioner and practice are looked up in. */
export interface ProviderTables {
  practitioners: RawBuilder<unknown>;
  practices: RawBuilder<unknown>;
  pendingProviders: RawBuilder<unknown>;
  providers: RawBuilder<unknown>;
}

/**
 * `p` (staged or pending providers) with the stored ids of its practitioner
 * and practice, NULL when not stored. Looked up by id: the id of a
 * practitioner or practice is a function of its key (the canonical model's
 * stable id), and the primary key is the one index a lookup by id can take.
 * By `(health_system, source_id)`, the planner of a table without statistics
 * (a first load's) may take the `(health_system, active, last_seen_file)`
 * index, and every provider then walks all its health system's entries.
 */
function withStoredIds(tables: ProviderTables, from: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`SELECT p.*, pt.id AS stored_practitioner_id, pr.id AS stored_practice_id
    FROM ${from} p
    LEFT JOIN ${tables.practitioners} pt ON pt.id = p.practitioner_id
    LEFT JOIN ${tables.practices} pr ON pr.id = p.practice_id`;
}

/** Counts returned by {@link mergeFileProvidersStatement}. */
export interface FileProvidersRow extends UpsertCountsRow {
  parked: number | string;
  distinct_ids: number | string;
}

/**
 * One statement, at a file's commit, for the providers the file staged:
 * those whose practitioner and practice are stored (the file's own merge has
 * just run) are merged into `providers`, the latest staged entry per id
 * winning; the others are parked in `pending_providers` until the pull
 * finishes. Returns the upsert's counts, how many were parked, and how many
 * distinct ids were merged.
 */
export function mergeFileProvidersStatement(
  tables: ProviderTables,
  stage: string,
  pullId: string,
  seenIn: RawBuilder<unknown>,
): RawBuilder<FileProvidersRow> {
  const staged = ids(STAGED_PROVIDER_COLUMNS);
  return upsertStatement({
    target: tables.providers,
    prelude: sql`staged AS MATERIALIZED (${withStoredIds(tables, sql.id(stage))}),
      parked AS (
        INSERT INTO ${tables.pendingProviders} (${staged})
        SELECT ${staged} FROM staged
        WHERE stored_practitioner_id IS NULL OR stored_practice_id IS NULL
        ORDER BY pos
        RETURNING 1
      )`,
    incoming: sql`SELECT DISTINCT ON (s.id) ${resolvedColumns('s')}, s.content_hash
      FROM staged s
      WHERE stored_practitioner_id IS NOT NULL AND stored_practice_id IS NOT NULL
      ORDER BY s.id, s.pos DESC`,
    extraColumns: sql`(SELECT count(*) FROM parked) AS parked, (SELECT count(*) FROM incoming) AS distinct_ids`,
    columns: PROVIDER_COLUMNS,
    conflict: ['id'],
    pullId,
    seenIn,
    countChanges: comparedColumns(PROVIDER_COLUMNS, ['id']),
  }) as RawBuilder<FileProvidersRow>;
}

/**
 * Deletes the pull's pending providers (staged by earlier files) that a
 * provider of this file's stage replaces: it has the same id and is merged
 * now. Returns how many, counted as superseded. The file's resolved ids are
 * gathered first (each staged provider's practitioner and practice looked up
 * by primary key), then the pending rows are found by (`pull_id`, `id`), one
 * index descent per id: no plan of it reads a whole table.
 */
export function supersedePendingStatement(
  tables: ProviderTables,
  stage: string,
  pullId: string,
): RawBuilder<{ superseded: number | string }> {
  return sql<{ superseded: number | string }>`
    WITH gone AS (
      DELETE FROM ${tables.pendingProviders} pp
      WHERE pp.pull_id = ${pullId}::uuid AND pp.id = ANY(ARRAY(
        SELECT s.id FROM (${withStoredIds(tables, sql.id(stage))}) s
        WHERE stored_practitioner_id IS NOT NULL AND stored_practice_id IS NOT NULL
      ))
      RETURNING 1
    )
    SELECT count(*) AS superseded FROM gone`;
}

/**
 * The pending providers of a pull whose practitioner and practice are now
 * stored, the latest staged entry per id: what {@link finishPull} merges.
 */
export function resolvedPendingProviders(tables: ProviderTables, pullId: string): RawBuilder<unknown> {
  return sql`SELECT DISTINCT ON (s.id) ${resolvedColumns('s')}, s.content_hash, s.object_key
    FROM (${withStoredIds(tables, sql`(SELECT * FROM ${tables.pendingProviders} WHERE pull_id = ${pullId}::uuid)`)}) s
    WHERE stored_practitioner_id IS NOT NULL AND stored_practice_id IS NOT NULL
    ORDER BY s.id, s.seq DESC`;
}

/**
 * The providers of a file's stage that an earlier file of the same pull
 * stored first with the same content (the merge's pre-filter left them to it),
 * by id: what a later pull must find seen to repeat this file unread.
 */
export function sharedProvidersStatement(
  tables: ProviderTables,
  stage: string,
  pullId: string,
  seenIn: string,
): RawBuilder<{ id: string; content_hash: string; active: boolean }> {
  return sql<{ id: string; content_hash: string; active: boolean }>`
    SELECT t.id, t.content_hash, t.active
    FROM (SELECT DISTINCT ON (id) id, content_hash, active FROM ${sql.id(stage)} ORDER BY id, pos DESC) s
    JOIN ${tables.providers} t ON t.id = s.id
    WHERE t.last_seen_pull_id = ${pullId}::uuid AND t.last_seen_file IS DISTINCT FROM ${seenIn}
      AND t.content_hash = s.content_hash AND t.active = s.active
    ORDER BY t.id`;
}

/**
 * A file's provider load counts from the two statements' rows. `skipped`:
 * providers not sent at all, because this pull had stored them already with
 * the same content (see `StoredProbe`); each is one distinct id, unchanged.
 */
export function fileProviderCounts(
  staged: number,
  row: FileProvidersRow | undefined,
  supersededPending: number,
  skipped = 0,
): LoadCounts {
  const inserted = toCount(row?.inserted);
  const updated = toCount(row?.updated);
  const distinct = toCount(row?.distinct_ids) + skipped;
  const resolved = staged - toCount(row?.parked);
  return {
    inserted,
    updated,
    unchanged: distinct - inserted - updated,
    superseded: resolved - distinct + supersededPending,
  };
}
