import { CompiledQuery, type RawBuilder, sql } from 'kysely';

/** Counts returned by {@link upsertStatement}; pg returns them as text, PGlite as numbers. */
export interface UpsertCountsRow {
  inserted: number | string;
  updated: number | string;
  /** Rows the statement wrote: inserted, updated, or rewritten unchanged (a new pull's `last_seen_pull_id`). */
  written: number | string;
  /** With {@link UpsertSpec.countChanges}: per column, the updated rows whose value changed. */
  changed_fields?: Record<string, number | string> | null;
}

/** A count as returned by the driver: pg gives `bigint` counts as text, PGlite as numbers. */
export const toCount = (value: number | string | undefined | null): number => Number(value ?? 0);

/** The non-zero counts of an upsert's `changed_fields`. */
export function changedFieldCounts(row: UpsertCountsRow | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [column, count] of Object.entries(row?.changed_fields ?? {})) {
    if (toCount(count) > 0) out[column] = toCount(count);
  }
  return out;
}

/** The content columns whose changes an update counts: all but the key, `id` and `raw`. */
export function comparedColumns(columns: readonly string[], conflict: readonly string[]): string[] {
  return columns.filter((c) => c !== 'id' && c !== 'raw' && c !== 'health_system' && !conflict.includes(c));
}

/** What {@link upsertStatement} merges, and where. */
export interface UpsertSpec {
  /** The canonical table, qualified. */
  target: RawBuilder<unknown>;
  /** A query yielding one row per key: `columns` and `content_hash`. */
  incoming: RawBuilder<unknown>;
  /** Content columns, in the order `incoming` yields them. */
  columns: readonly string[];
  /** The unique key the upsert conflicts on. */
  conflict: readonly string[];
  /**
   * The columns that find a row's stored version for the pre-filter and the
   * change counts; `conflict` by default. The canonical tables pass `['id']`:
   * an id is a function of the key (the canonical model's stable id), and the
   * primary key is the one index a lookup by id can take. Looked up by
   * `(health_system, source_id)`, a table whose statistics say it is empty
   * (the first file of a first load) lets the planner take the
   * `(health_system, active, last_seen_file)` index instead, and every probe
   * then walks the entries of every row the statement has inserted so far:
   * quadratic in the file (15 s for 12,500 rows, 153 s for 25,000).
   */
  match?: readonly string[];
  pullId: string;
  /**
   * The file the rows come from, stored as `last_seen_file`: its key under
   * the pull's prefix, as text, or an expression over `incoming`'s columns
   * (a pull's finish merges providers of several files).
   */
  seenIn: RawBuilder<unknown>;
  /** Common table expressions placed before `incoming`, which may read them: `a AS (…), b AS (…)`. */
  prelude?: RawBuilder<unknown>;
  /** More output columns, e.g. `(SELECT count(*) FROM a) AS a`. */
  extraColumns?: RawBuilder<unknown>;
  /** Content columns whose changes to count in `changed_fields`, over the rows the statement updates. */
  countChanges?: readonly string[];
  /**
   * Insert the rows whose key is not stored with a plain `INSERT`, and merge
   * only the others with `INSERT … ON CONFLICT DO UPDATE`: a first load's rows
   * then cost about a sixth less in the merge (`scripts/bench/merge-cost.ts`). A key that
   * another transaction inserts meanwhile fails the statement with a unique
   * violation: run it with {@link mergeSplittingNew}, which then merges the
   * same rows the plain way.
   */
  splitNew?: boolean;
}

const ids = (names: readonly string[], prefix?: string) =>
  sql.join(names.map((n) => (prefix ? sql.ref(`${prefix}.${n}`) : sql.id(n))));

/**
 * One statement that merges `incoming` into a canonical table:
 *
 * 1. A `NOT EXISTS` pre-filter drops rows whose content hash and `active` are
 *    unchanged and whose `last_seen_pull_id` is already this pull: a rerun of
 *    a pull locks, writes and logs nothing.
 * 2. `INSERT … ON CONFLICT DO UPDATE` writes the rest. `updated_at` moves only
 *    when the content hash or `active` changes; a new pull with unchanged
 *    content only moves `last_seen_pull_id` (and refreshes `raw`).
 * 3. It counts inserted rows (`xmax = 0`) and updated ones (`updated_at` set
 *    by this transaction); the caller derives unchanged = distinct − both.
 * 4. With `countChanges`, it also counts per column the rows it updates whose
 *    stored value `IS DISTINCT FROM` the incoming one. Every CTE reads the
 *    snapshot from before the statement, so the join sees the old values.
 */
export function upsertStatement(spec: UpsertSpec): RawBuilder<UpsertCountsRow> {
  const { target, incoming, columns, conflict, pullId, seenIn, prelude, extraColumns, countChanges } = spec;
  const matchKey = sql.join(
    (spec.match ?? conflict).map((c) => sql`${sql.ref(`t.${c}`)} = ${sql.ref(`i.${c}`)}`),
    sql` AND `,
  );
  const updatable = columns.filter((c) => c !== 'id' && !conflict.includes(c));
  const assignments = sql.join(updatable.map((c) => sql`${sql.id(c)} = EXCLUDED.${sql.id(c)}`));
  const insertInto = sql`INSERT INTO ${target} AS t (${ids(columns)}, content_hash, first_seen_pull_id, last_seen_pull_id, last_seen_file)
      SELECT ${ids(columns)}, content_hash, ${pullId}::uuid, ${pullId}::uuid, ${seenIn} FROM candidates`;
  const split = spec.splitNew === true;
  // With `splitNew`, each candidate says whether its key is stored (one look-up by `match`, as the pre-filter's).
  const candidates = split
    ? sql`candidates AS (
      SELECT i.*, t.id IS NOT NULL AS stored FROM incoming i
      LEFT JOIN ${target} t ON ${matchKey}
      WHERE t.id IS NULL OR NOT (
        t.content_hash = i.content_hash AND t.active = i.active AND t.last_seen_pull_id = ${pullId}::uuid
      )
    ),
    fresh AS (${insertInto} WHERE NOT stored RETURNING 1),`
    : sql`candidates AS (
      SELECT i.* FROM incoming i
      WHERE NOT EXISTS (
        SELECT 1 FROM ${target} t
        WHERE ${matchKey}
          AND t.content_hash = i.content_hash
          AND t.active = i.active
          AND t.last_seen_pull_id = ${pullId}::uuid
      )
    ),`;
  const fresh = split ? sql`(SELECT count(*) FROM fresh) + ` : sql``;
  return sql<UpsertCountsRow>`
    WITH ${prelude ? sql`${prelude},` : sql``} incoming AS (${incoming}),
    ${candidates}
    written AS (
      ${insertInto}${split ? sql` WHERE stored` : sql``}
      ON CONFLICT (${ids(conflict)}) DO UPDATE SET
        ${assignments},
        content_hash = EXCLUDED.content_hash,
        last_seen_pull_id = EXCLUDED.last_seen_pull_id,
        last_seen_file = EXCLUDED.last_seen_file,
        updated_at = CASE
          WHEN t.content_hash = EXCLUDED.content_hash AND t.active = EXCLUDED.active THEN t.updated_at
          ELSE now()
        END
      RETURNING (t.xmax = 0) AS inserted, (t.updated_at = now()) AS touched
    )
    ${countChanges?.length ? sql`, ${changedCte(target, matchKey, countChanges, split)}` : sql``}
    SELECT ${fresh}count(*) FILTER (WHERE inserted) AS inserted,
           count(*) FILTER (WHERE NOT inserted AND touched) AS updated,
           ${fresh}count(*) AS written
           ${countChanges?.length ? sql`, (SELECT fields FROM changed) AS changed_fields` : sql``}
           ${extraColumns ? sql`, ${extraColumns}` : sql``}
    FROM written`;
}

/** `changed AS (…)`: per column, the candidates that update a stored row and change that column. */
function changedCte(
  target: RawBuilder<unknown>,
  matchKey: RawBuilder<unknown>,
  columns: readonly string[],
  split: boolean,
): RawBuilder<unknown> {
  const counts = sql.join(
    columns.map(
      (c) =>
        sql`${sql.lit(c)}, count(*) FILTER (WHERE ${sql.ref(`t.${c}`)} IS DISTINCT FROM ${sql.ref(`i.${c}`)})`,
    ),
  );
  // The same test as the upsert's `updated_at`: a row is updated when its hash or `active` differs.
  return sql`changed AS (
      SELECT jsonb_build_object(${counts}) AS fields
      FROM candidates i JOIN ${target} t ON ${matchKey}
      WHERE ${split ? sql`i.stored AND ` : sql``}(t.content_hash <> i.content_hash OR t.active <> i.active)
    )`;
}

/**
 * Runs a merge built with `splitNew` ({@link UpsertSpec.splitNew}) in a
 * savepoint of the caller's transaction. If another transaction inserted one
 * of its new keys meanwhile (a unique violation), it is rolled back to the
 * savepoint and run again without the split: the plain merge waits for that
 * transaction and updates the row.
 */
export async function mergeSplittingNew<R>(
  run: (statement: RawBuilder<R>) => Promise<R[]>,
  build: (splitNew: boolean) => RawBuilder<R>,
): Promise<R[]> {
  await run(sql<R>`SAVEPOINT pdm_merge`);
  try {
    const rows = await run(build(true));
    await run(sql<R>`RELEASE SAVEPOINT pdm_merge`);
    return rows;
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code !== '23505') throw error;
    await run(sql<R>`ROLLBACK TO SAVEPOINT pdm_merge`);
    return run(build(false));
  }
}

/**
 * The join methods of a file's merge statements, as `SET LOCAL` settings: a
 * file's merge joins a few thousand staged rows to tables that may hold
 * millions, so each staged row looks its match up in an index (nested loop);
 * a hash or merge join would read the whole table for every file, and the
 * planner, without statistics on the staging tables, picks one as the tables
 * grow.
 */
export const LOOKUP_JOINS: readonly string[] = [
  'enable_hashjoin = off',
  'enable_mergejoin = off',
  'enable_nestloop = on',
];

/** Sets {@link LOOKUP_JOINS} for the statements that follow, in this transaction only. */
export async function lookupJoins(query: (statement: CompiledQuery) => Promise<unknown>): Promise<void> {
  for (const setting of LOOKUP_JOINS) await query(CompiledQuery.raw(`SET LOCAL ${setting}`));
}

/** The latest staged row per key: within a file, a later record with the same key wins. */
export function latestPerKey(
  stage: string,
  columns: readonly string[],
  key: readonly string[],
  deduplicate: boolean,
): RawBuilder<unknown> {
  const select = sql`${ids(columns)}, content_hash`;
  if (!deduplicate) return sql`SELECT ${select} FROM ${sql.id(stage)}`;
  return sql`SELECT DISTINCT ON (${ids(key)}) ${select} FROM ${sql.id(stage)} ORDER BY ${ids(key)}, pos DESC`;
}

/** `CREATE TEMP TABLE <stage> AS SELECT <columns> FROM <target> WITH NO DATA`, with a leading `pos`. */
export function createStageStatement(
  stage: string,
  source: RawBuilder<unknown>,
  columns: readonly string[],
  onCommitDrop: boolean,
): RawBuilder<unknown> {
  const drop = onCommitDrop ? sql` ON COMMIT DROP` : sql``;
  return sql`CREATE TEMP TABLE ${sql.id(stage)}${drop} AS
    SELECT 0::integer AS pos, ${ids(columns)} FROM ${source} WITH NO DATA`;
}

/** `last_seen_file` of the rows one file writes: its key under the pull's prefix. */
export function seenInFile(relativeKey: string): RawBuilder<unknown> {
  return sql`${relativeKey}::text`;
}

/**
 * The rows of a file's stage that an earlier file of the same pull stored
 * first with the same content (the merge's pre-filter left them to it): what
 * a later pull must find seen to repeat this file unread. `key` is the
 * table's conflict key: `(health_system, source_id)` for practitioners and
 * practices (the default), `id` for providers.
 */
export function sharedRowsStatement(spec: {
  target: RawBuilder<unknown>;
  stage: string;
  pullId: string;
  seenIn: string;
  key?: readonly string[];
}): RawBuilder<{ id: string; content_hash: string; active: boolean }> {
  const key = spec.key ?? ['health_system', 'source_id'];
  const joined = sql.join(
    key.map((c) => sql`${sql.ref(`t.${c}`)} = ${sql.ref(`s.${c}`)}`),
    sql` AND `,
  );
  return sql<{ id: string; content_hash: string; active: boolean }>`
    SELECT t.id, t.content_hash, t.active
    FROM (SELECT DISTINCT ON (${ids(key)}) ${ids(key)}, content_hash, active
      FROM ${sql.id(spec.stage)} ORDER BY ${ids(key)}, pos DESC) s
    JOIN ${spec.target} t ON ${joined}
    WHERE t.last_seen_pull_id = ${spec.pullId}::uuid AND t.last_seen_file IS DISTINCT FROM ${spec.seenIn}
      AND t.content_hash = s.content_hash AND t.active = s.active
    ORDER BY t.id`;
}

/** Stores a file's result as its checkpoint in the pull, replacing an earlier one of the same file. */
export function checkpointStatement(
  checkpoints: RawBuilder<unknown>,
  pullId: string,
  objectKey: string,
  resultJson: string | null,
): RawBuilder<unknown> {
  return sql`INSERT INTO ${checkpoints} (pull_id, object_key, result)
    VALUES (${pullId}::uuid, ${objectKey}, ${resultJson}::jsonb)
    ON CONFLICT (pull_id, object_key) DO UPDATE SET result = EXCLUDED.result, finished_at = now()`;
}
