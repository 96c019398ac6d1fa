import { type Kysely, sql } from 'kysely';
import { num, tableOf } from './tables.js';

/**
 * Fills the temp table `identity_affected` with the nodes a run decides
 * again. Full: every practitioner. Incremental: the changed ones, those
 * sharing a blocking key with them, the other side of their overrides, and
 * every member of the persons of all of these, so that persons are redone
 * whole.
 */
export async function selectAffected(
  conn: Kysely<unknown>,
  schema: string,
  mode: 'full' | 'incremental',
): Promise<number> {
  const t = tableOf(schema);
  await sql`CREATE TEMP TABLE identity_affected (node integer PRIMARY KEY)`.execute(conn);
  if (mode === 'full') {
    await sql`INSERT INTO identity_affected SELECT node FROM ${t('identity_features')}`.execute(conn);
  } else {
    await sql`INSERT INTO identity_affected SELECT node FROM identity_changed`.execute(conn);
    // Overrides entered since the last run count as changes of both practitioners.
    await sql`INSERT INTO identity_affected
      SELECT f.node FROM ${t('identity_overrides')} o
      JOIN ${t('identity_features')} f ON f.practitioner_id IN (o.practitioner_a, o.practitioner_b)
      WHERE o.created_at >= coalesce((SELECT max(finished_at) FROM ${t('identity_runs')}), '-infinity')
      ON CONFLICT DO NOTHING`.execute(conn);
    // Neighbours: one scan of every row's keys against those of the changed rows (a hash join), without
    // the specialty keys: a node that shares a specialty key (`s:`) shares its name key (`n:`) too.
    // (One GIN `&&` with all the keys of 10,000 changed rows took 36 s at 1,000,000; a GIN lookup a
    // key 2.8 s, this 3.3 s, and no GIN index to build in a full run or to keep in an incremental one.)
    await sql`CREATE TEMP TABLE identity_changed_keys AS
      SELECT DISTINCT k.key FROM ${t('identity_features')} c JOIN identity_changed ch ON ch.node = c.node
      CROSS JOIN LATERAL unnest(c.block_keys) AS k(key) WHERE k.key NOT LIKE 's:%'`.execute(conn);
    await sql`ANALYZE identity_changed_keys`.execute(conn);
    await sql`INSERT INTO identity_affected
      SELECT DISTINCT f.node FROM ${t('identity_features')} f CROSS JOIN LATERAL unnest(f.block_keys) AS k(key)
      WHERE k.key NOT LIKE 's:%' AND k.key IN (SELECT key FROM identity_changed_keys)
      ON CONFLICT DO NOTHING`.execute(conn);
    await sql`INSERT INTO identity_affected
      SELECT fo.node FROM identity_affected a
      JOIN ${t('identity_features')} f ON f.node = a.node
      JOIN ${t('identity_overrides')} o ON f.practitioner_id IN (o.practitioner_a, o.practitioner_b)
      JOIN ${t('identity_features')} fo ON fo.practitioner_id IN (o.practitioner_a, o.practitioner_b)
      ON CONFLICT DO NOTHING`.execute(conn);
    await sql`INSERT INTO identity_affected
      SELECT f2.node FROM identity_affected a
      JOIN ${t('identity_features')} f ON f.node = a.node
      JOIN ${t('person_links')} l ON l.practitioner_id = f.practitioner_id
      JOIN ${t('person_links')} l2 ON l2.person_id = l.person_id
      JOIN ${t('identity_features')} f2 ON f2.practitioner_id = l2.practitioner_id
      ON CONFLICT DO NOTHING`.execute(conn);
  }
  // Temp tables are never analyzed on their own; the joins over them are planned from these statistics.
  await sql`ANALYZE identity_affected`.execute(conn);
  const { rows } = await sql<{ n: unknown }>`SELECT count(*) AS n FROM identity_affected`.execute(conn);
  return num(rows[0]?.n);
}

/** Block size limits of {@link candidatePairs}. */
export interface BlockLimits {
  /** A key shared by more practitioners makes no pairs (a switchboard phone). */
  blockSizeLimit: number;
  /** A name key (`n:`) shared by more practitioners gives way to its finer keys with a specialty (`s:`). */
  nameBlockSizeLimit: number;
  /** Every node is affected (a full run): the counts of shared values need no filter. */
  everyNode?: boolean;
}

/**
 * Fills the temp table `identity_pairs` with the candidate pairs among the
 * affected nodes: two nodes that share a blocking key of at most
 * `blockSizeLimit` members (a larger block, such as a switchboard phone,
 * makes no pairs). A name key over `nameBlockSizeLimit` makes no pairs
 * itself; its keys with a specialty do. The work grows with the pairs in
 * blocks, not with n².
 */
export async function candidatePairs(
  conn: Kysely<unknown>,
  schema: string,
  limits: BlockLimits,
): Promise<number> {
  const t = tableOf(schema);
  const { blockSizeLimit, nameBlockSizeLimit } = limits;
  await sql`CREATE TEMP TABLE identity_keys AS
    SELECT f.node, k.key FROM ${t('identity_features')} f JOIN identity_affected a ON a.node = f.node
    CROSS JOIN LATERAL unnest(f.block_keys) AS k(key)`.execute(conn);
  await sql`ANALYZE identity_keys`.execute(conn);
  await sql`CREATE TEMP TABLE identity_key_sizes AS
    SELECT key, count(*) AS n FROM identity_keys GROUP BY key HAVING count(*) >= 2`.execute(conn);
  await sql`ANALYZE identity_key_sizes`.execute(conn);
  await sql`CREATE TEMP TABLE identity_blocks AS
    SELECT s.key FROM identity_key_sizes s
    LEFT JOIN identity_key_sizes c ON s.key LIKE 's:%' AND c.key = 'n:' || split_part(substr(s.key, 3), '|', 1)
    WHERE s.n <= ${blockSizeLimit} AND CASE left(s.key, 2)
      WHEN 'n:' THEN s.n <= ${nameBlockSizeLimit}
      WHEN 's:' THEN coalesce(c.n, 0) > ${nameBlockSizeLimit}
      ELSE true END`.execute(conn);
  await sql`CREATE TEMP TABLE identity_pairs AS
    SELECT DISTINCT x.node AS a, y.node AS b
    FROM identity_keys x JOIN identity_blocks s ON s.key = x.key
    JOIN identity_keys y ON y.key = x.key AND y.node > x.node`.execute(conn);
  await sql`CREATE INDEX ON identity_pairs (a, b)`.execute(conn);
  await sql`ANALYZE identity_pairs`.execute(conn);
  // How many practitioners of one system share each phone and email, and how common each name is.
  const ofAffected = (column: 'phone' | 'email' | 'name_key') =>
    limits.everyNode
      ? sql`${sql.ref(`f.${column}`)} IS NOT NULL`
      : sql`${sql.ref(`f.${column}`)} IN (SELECT ${sql.ref(`g.${column}`)} FROM ${t('identity_features')} g
          JOIN identity_affected a ON a.node = g.node)`;
  await sql`CREATE TEMP TABLE identity_phone_counts AS
    SELECT f.health_system, f.phone, count(*) AS n FROM ${t('identity_features')} f
    WHERE ${ofAffected('phone')} GROUP BY 1, 2 HAVING count(*) > 1`.execute(conn);
  await sql`CREATE TEMP TABLE identity_email_counts AS
    SELECT f.health_system, f.email, count(*) AS n FROM ${t('identity_features')} f
    WHERE ${ofAffected('email')} GROUP BY 1, 2 HAVING count(*) > 1`.execute(conn);
  await sql`CREATE TEMP TABLE identity_name_counts AS
    SELECT f.name_key, count(*) AS n FROM ${t('identity_features')} f
    WHERE ${ofAffected('name_key')} GROUP BY 1`.execute(conn);
  await sql`CREATE INDEX ON identity_phone_counts (phone)`.execute(conn);
  await sql`CREATE INDEX ON identity_email_counts (email)`.execute(conn);
  await sql`CREATE INDEX ON identity_name_counts (name_key)`.execute(conn);
  for (const name of ['identity_phone_counts', 'identity_email_counts', 'identity_name_counts']) {
    await sql`ANALYZE ${sql.id(name)}`.execute(conn);
  }
  const { rows } = await sql<{ n: unknown }>`SELECT count(*) AS n FROM identity_pairs`.execute(conn);
  return num(rows[0]?.n);
}

/** Drops the run's temp tables (a pooled connection outlives the run). */
export async function dropRunTables(conn: Kysely<unknown>): Promise<void> {
  for (const name of [
    'identity_changed',
    'identity_changed_keys',
    'identity_affected',
    'identity_keys',
    'identity_key_sizes',
    'identity_blocks',
    'identity_pairs',
    'identity_phone_counts',
    'identity_email_counts',
    'identity_name_counts',
    'identity_side',
    'identity_training_nodes',
    'identity_training_keys',
    'identity_training_pairs',
    'identity_training_side',
    'identity_result',
    'identity_members',
    'identity_claims',
    'identity_groups',
    'identity_review_new',
    'identity_evidence',
  ]) {
    await sql`DROP TABLE IF EXISTS ${sql.id(name)}`.execute(conn);
  }
}
