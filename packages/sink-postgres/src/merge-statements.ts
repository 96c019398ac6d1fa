import { type RawBuilder, sql } from 'kysely';

/** Counts returned by {@link upsertStatement}; pg returns them as text, PGlite as numbers. */
export interface UpsertCountsRow {
  inserted: number | string;
  updated: number | string;
}

/** A count as returned by the driver: pg gives `bigint` counts as text, PGlite as numbers. */
export const toCount = (value: number | string | undefined | null): number => Number(value ?? 0);

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
  pullId: string;
  /** Common table expressions placed before `incoming`, which may read them: `a AS (…), b AS (…)`. */
  prelude?: RawBuilder<unknown>;
  /** More output columns, e.g. `(SELECT count(*) FROM a) AS a`. */
  extraColumns?: RawBuilder<unknown>;
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
 */
export function upsertStatement(spec: UpsertSpec): RawBuilder<UpsertCountsRow> {
  const { target, incoming, columns, conflict, pullId, prelude, extraColumns } = spec;
  const matchKey = sql.join(
    conflict.map((c) => sql`${sql.ref(`t.${c}`)} = ${sql.ref(`i.${c}`)}`),
    sql` AND `,
  );
  const updatable = columns.filter((c) => c !== 'id' && !conflict.includes(c));
  const assignments = sql.join(updatable.map((c) => sql`${sql.id(c)} = EXCLUDED.${sql.id(c)}`));
  return sql<UpsertCountsRow>`
    WITH ${prelude ? sql`${prelude},` : sql``} incoming AS (${incoming}),
    candidates AS (
      SELECT i.* FROM incoming i
      WHERE NOT EXISTS (
        SELECT 1 FROM ${target} t
        WHERE ${matchKey}
          AND t.content_hash = i.content_hash
          AND t.active = i.active
          AND t.last_seen_pull_id = ${pullId}::uuid
      )
    ),
    written AS (
      INSERT INTO ${target} AS t (${ids(columns)}, content_hash, first_seen_pull_id, last_seen_pull_id)
      SELECT ${ids(columns)}, content_hash, ${pullId}::uuid, ${pullId}::uuid FROM candidates
      ON CONFLICT (${ids(conflict)}) DO UPDATE SET
        ${assignments},
        content_hash = EXCLUDED.content_hash,
        last_seen_pull_id = EXCLUDED.last_seen_pull_id,
        updated_at = CASE
          WHEN t.content_hash = EXCLUDED.content_hash AND t.active = EXCLUDED.active THEN t.updated_at
          ELSE now()
        END
      RETURNING (t.xmax = 0) AS inserted, (t.updated_at = now()) AS touched
    )
    SELECT count(*) FILTER (WHERE inserted) AS inserted,
           count(*) FILTER (WHERE NOT inserted AND touched) AS updated
           ${extraColumns ? sql`, ${extraColumns}` : sql``}
    FROM written`;
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
