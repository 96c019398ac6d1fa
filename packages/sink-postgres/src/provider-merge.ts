import { type LoadCounts, PROVIDER_COLUMNS } from '@provider-data/core';
import { type RawBuilder, sql } from 'kysely';
import {
  changedFieldCounts,
  comparedColumns,
  mergeSplittingNew,
  seenInFile,
  sharedRowsStatement,
  toCount,
  type UpsertCountsRow,
  upsertStatement,
} from './merge-statements.js';
import type { SharedRow } from './stored-probe.js';

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

/** The {@link ProviderTables} of a schema, `table` naming each qualified. */
export function providerTablesOf(table: (name: string) => RawBuilder<unknown>): ProviderTables {
  return {
    practitioners: table('practitioners'),
    practices: table('practices'),
    pendingProviders: table('pending_providers'),
    providers: table('providers'),
  };
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
  splitNew = false,
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
    splitNew,
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

/**
 * A file's staged providers at its commit, in its transaction (`run`): the
 * pull's pending providers they replace are deleted, then they are merged or
 * parked ({@link mergeFileProvidersStatement}); those the merge's pre-filter
 * left to an earlier file of the pull go in `shared`. `staged` counts every
 * provider of the file, `skipped` those the rerun probe did not send.
 */
export async function mergeStagedProviders(
  run: <R>(statement: RawBuilder<R>) => Promise<R[]>,
  file: {
    tables: ProviderTables;
    stage: string;
    pullId: string;
    seenIn: string;
    staged: number;
    skipped: number;
    shared: Map<string, SharedRow>;
  },
): Promise<{ counts: LoadCounts; changedFields: Record<string, number> }> {
  const { tables, stage, pullId } = file;
  const [pending] = await run(sql<{ any: boolean }>`SELECT EXISTS (
    SELECT 1 FROM ${tables.pendingProviders} WHERE pull_id = ${pullId}::uuid) AS any`);
  let supersededPending = 0;
  if (pending?.any) {
    const [row] = await run(supersedePendingStatement(tables, stage, pullId));
    supersededPending = toCount(row?.superseded);
  }
  const [row] = await mergeSplittingNew<FileProvidersRow>(run, (splitNew) =>
    mergeFileProvidersStatement(tables, stage, pullId, seenInFile(file.seenIn), splitNew),
  );
  // Providers the pre-filter left as stored: this pull wrote them already, from this file or another.
  if (toCount(row?.distinct_ids) > toCount(row?.written)) {
    const shared = await run(
      sharedRowsStatement({ target: tables.providers, stage, pullId, seenIn: file.seenIn, key: ['id'] }),
    );
    for (const r of shared) file.shared.set(r.id, [r.id, r.content_hash, r.active]);
  }
  return {
    counts: fileProviderCounts(file.staged, row, supersededPending, file.skipped),
    changedFields: changedFieldCounts(row),
  };
}
