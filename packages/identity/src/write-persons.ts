import { type Kysely, sql } from 'kysely';
import { num, tableOf } from './tables.js';

/**
 * A practitioner's place in a run's result: its group (a cluster of two or
 * more) and why it is there. `evidence` is the id of the comparison pattern
 * of the pair that tied it to its group (its words are written once per
 * pattern, see {@link RunResultWriter.evidence}), or an object of its own.
 */
export interface MemberRow {
  node: number;
  group: number;
  method: string;
  probability: number | null;
  /** The node it was matched with, or -1. */
  partner: number;
  evidence: number | object;
}

/** A pair for a reviewer; `evidence` is the id of its comparison pattern. */
export interface ReviewRow {
  a: number;
  b: number;
  probability: number;
  reason: string;
  evidence: number;
}

/** Rows sent per statement: each column is one array parameter. */
const BATCH = 20_000;

/** Rows of one temp table, held by column until a batch is full, then sent as one `unnest` of arrays. */
class ColumnBuffer {
  private columns: unknown[][];
  constructor(
    private readonly conn: Kysely<unknown>,
    private readonly table: string,
    /** Each column's array type, in the table's column order. */
    private readonly types: readonly string[],
  ) {
    this.columns = types.map(() => []);
  }

  async push(...values: unknown[]): Promise<void> {
    for (let i = 0; i < values.length; i++) this.columns[i]?.push(values[i]);
    if ((this.columns[0]?.length ?? 0) >= BATCH) await this.flush();
  }

  async flush(): Promise<void> {
    const columns = this.columns;
    if ((columns[0]?.length ?? 0) === 0) return;
    this.columns = this.types.map(() => []);
    const arrays = columns.map((values, i) => sql`${values}::${sql.raw(this.types[i] as string)}`);
    await sql`INSERT INTO ${sql.id(this.table)} SELECT * FROM unnest(${sql.join(arrays)})`.execute(this.conn);
  }
}

/**
 * Streams a run's result into its temp tables as it is decided, a batch at
 * a time, so that a run holds no list of its links or review pairs: each
 * member and review pair is a few numbers (its evidence a pattern id), and
 * the words of each comparison pattern go once to `identity_evidence`.
 */
export class RunResultWriter {
  private readonly patterns = new Set<number>();
  private readonly members: ColumnBuffer;
  private readonly reviews: ColumnBuffer;

  private constructor(private readonly conn: Kysely<unknown>) {
    this.members = new ColumnBuffer(conn, 'identity_result', [
      'integer[]',
      'integer[]',
      'text[]',
      'double precision[]',
      'integer[]',
      'integer[]',
      'jsonb[]',
    ]);
    this.reviews = new ColumnBuffer(conn, 'identity_review_new', [
      'integer[]',
      'integer[]',
      'double precision[]',
      'text[]',
      'integer[]',
    ]);
  }

  /** Creates the run's result tables on `conn`. */
  static async open(conn: Kysely<unknown>): Promise<RunResultWriter> {
    await sql`CREATE TEMP TABLE identity_result (node integer PRIMARY KEY, grp integer NOT NULL, method text NOT NULL,
      probability double precision, partner integer, pattern integer, evidence jsonb)`.execute(conn);
    await sql`CREATE TEMP TABLE identity_review_new (a integer, b integer, probability double precision, reason text,
      pattern integer NOT NULL)`.execute(conn);
    await sql`CREATE TEMP TABLE identity_evidence (pattern integer PRIMARY KEY, evidence jsonb NOT NULL)`.execute(
      conn,
    );
    return new RunResultWriter(conn);
  }

  async member(row: MemberRow): Promise<void> {
    const pattern = typeof row.evidence === 'number' ? row.evidence : null;
    if (pattern !== null) this.patterns.add(pattern);
    await this.members.push(
      row.node,
      row.group,
      row.method,
      row.probability,
      row.partner,
      pattern,
      pattern === null ? JSON.stringify(row.evidence) : null,
    );
  }

  async review(row: ReviewRow): Promise<void> {
    this.patterns.add(row.evidence);
    await this.reviews.push(row.a, row.b, row.probability, row.reason, row.evidence);
  }

  /** The words of each pattern the rows refer to, once each. */
  async evidence(describe: (pattern: number) => object): Promise<void> {
    const words = new ColumnBuffer(this.conn, 'identity_evidence', ['integer[]', 'jsonb[]']);
    for (const p of [...this.patterns].sort((x, y) => x - y))
      await words.push(p, JSON.stringify(describe(p)));
    await words.flush();
  }

  /** Writes what is still buffered. */
  async flush(): Promise<void> {
    await this.members.flush();
    await this.reviews.flush();
  }
}

/** What writing a run changed. */
export interface WriteResult {
  linksWritten: number;
  linksRemoved: number;
  personsCreated: number;
  personsMerged: number;
}

/**
 * Writes a run's groups as persons and links, in one transaction. Each group
 * keeps the oldest live person that most of its members already had; a
 * person that other groups' members had is merged into it (`merged_into`,
 * and a `person_merges` row). A group with no person gets a new one whose id
 * is derived from its members, so the same data gives the same ids.
 */
export async function writePersons(conn: Kysely<unknown>, schema: string): Promise<WriteResult> {
  const t = tableOf(schema);
  await sql`ANALYZE identity_result`.execute(conn);
  await sql`ANALYZE identity_review_new`.execute(conn);
  await sql`CREATE TEMP TABLE identity_members AS
    SELECT r.grp, f.practitioner_id, l.person_id AS old_person
    FROM identity_result r JOIN ${t('identity_features')} f ON f.node = r.node
    LEFT JOIN ${t('person_links')} l ON l.practitioner_id = f.practitioner_id`.execute(conn);
  // Each old person is claimed by the group holding most of its practitioners.
  await sql`CREATE TEMP TABLE identity_claims AS
    SELECT DISTINCT ON (old_person) old_person, grp FROM (
      SELECT old_person, grp, count(*) AS n FROM identity_members WHERE old_person IS NOT NULL GROUP BY 1, 2) c
    ORDER BY old_person, n DESC, grp`.execute(conn);
  await sql`CREATE INDEX ON identity_claims (grp)`.execute(conn);
  await sql`CREATE TEMP TABLE identity_groups AS
    SELECT g.grp, coalesce(chosen.id, md5('person:' || g.members)::uuid) AS person_id, chosen.id IS NULL AS is_new
    FROM (SELECT grp, string_agg(practitioner_id::text, ',' ORDER BY practitioner_id) AS members
          FROM identity_members GROUP BY grp) g
    LEFT JOIN LATERAL (
      SELECT p.id FROM identity_claims c JOIN ${t('persons')} p ON p.id = c.old_person
      WHERE c.grp = g.grp AND p.merged_into IS NULL ORDER BY p.created_at, p.id LIMIT 1) chosen ON true`.execute(
    conn,
  );
  await sql`CREATE INDEX ON identity_groups (grp)`.execute(conn);

  return conn.transaction().execute(async (tx) => {
    await sql`INSERT INTO ${t('persons')} (id) SELECT person_id FROM identity_groups WHERE is_new
      ON CONFLICT (id) DO UPDATE SET merged_into = NULL, updated_at = now()`.execute(tx);
    // A person revived with the same members is no longer merged.
    await sql`DELETE FROM ${t('person_merges')} m USING identity_groups g
      WHERE g.is_new AND m.person_id = g.person_id`.execute(tx);
    const merged = await sql`INSERT INTO ${t('person_merges')} (person_id, merged_into, reason)
      SELECT c.old_person, g.person_id, 'its practitioners were linked with those of an older person'
      FROM identity_claims c JOIN identity_groups g ON g.grp = c.grp WHERE c.old_person <> g.person_id
      ON CONFLICT (person_id) DO UPDATE SET merged_into = EXCLUDED.merged_into, reason = EXCLUDED.reason,
        merged_at = now()`.execute(tx);
    await sql`UPDATE ${t('persons')} p SET merged_into = g.person_id, updated_at = now()
      FROM identity_claims c JOIN identity_groups g ON g.grp = c.grp
      WHERE p.id = c.old_person AND c.old_person <> g.person_id`.execute(tx);
    const removed = await sql<{ person_id: string }>`
      WITH gone AS (
        DELETE FROM ${t('person_links')} l USING ${t('identity_features')} f, identity_affected a
        WHERE f.practitioner_id = l.practitioner_id AND a.node = f.node
          AND NOT EXISTS (SELECT 1 FROM identity_result r WHERE r.node = f.node)
        RETURNING l.person_id)
      UPDATE ${t('persons')} p SET updated_at = now() WHERE p.id IN (SELECT person_id FROM gone)
      RETURNING p.id AS person_id`.execute(tx);
    const written = await sql<{ person_id: string; n: unknown }>`
      WITH written AS (
        INSERT INTO ${t('person_links')} AS l (practitioner_id, person_id, method, match_probability, evidence, linked_at)
        SELECT f.practitioner_id, g.person_id, r.method, r.probability,
          coalesce(r.evidence, e.evidence) || jsonb_build_object('matched_with', fp.practitioner_id), now()
        FROM identity_result r JOIN ${t('identity_features')} f ON f.node = r.node
        JOIN identity_groups g ON g.grp = r.grp
        LEFT JOIN identity_evidence e ON e.pattern = r.pattern
        LEFT JOIN ${t('identity_features')} fp ON fp.node = r.partner
        ON CONFLICT (practitioner_id) DO UPDATE SET person_id = EXCLUDED.person_id, method = EXCLUDED.method,
          match_probability = EXCLUDED.match_probability, evidence = EXCLUDED.evidence,
          linked_at = CASE WHEN l.person_id = EXCLUDED.person_id THEN l.linked_at ELSE now() END
        WHERE (l.person_id, l.method, l.match_probability, l.evidence)
          IS DISTINCT FROM (EXCLUDED.person_id, EXCLUDED.method, EXCLUDED.match_probability, EXCLUDED.evidence)
        RETURNING l.person_id)
      SELECT person_id, count(*) AS n FROM written GROUP BY person_id`.execute(tx);
    await sql`UPDATE ${t('persons')} p SET updated_at = now() FROM identity_groups g
      WHERE p.id = g.person_id AND NOT g.is_new AND p.id IN (SELECT x FROM unnest(${written.rows.map((r) => r.person_id)}::uuid[]) x)`.execute(
      tx,
    );
    await sql`DELETE FROM ${t('identity_review')} r USING ${t('identity_features')} f, identity_affected a
      WHERE a.node = f.node AND r.practitioner_a = f.practitioner_id`.execute(tx);
    await sql`DELETE FROM ${t('identity_review')} r USING ${t('identity_features')} f, identity_affected a
      WHERE a.node = f.node AND r.practitioner_b = f.practitioner_id`.execute(tx);
    await sql`INSERT INTO ${t('identity_review')} (practitioner_a, practitioner_b, match_probability, reason, evidence)
      SELECT least(fa.practitioner_id, fb.practitioner_id), greatest(fa.practitioner_id, fb.practitioner_id),
        n.probability, n.reason, e.evidence
      FROM identity_review_new n JOIN identity_evidence e ON e.pattern = n.pattern JOIN ${t('identity_features')} fa ON fa.node = n.a
      JOIN ${t('identity_features')} fb ON fb.node = n.b
      ON CONFLICT DO NOTHING`.execute(tx);
    const count = (r: { numAffectedRows?: bigint }) => Number(r.numAffectedRows ?? 0);
    const { rows: fresh } = await sql<{
      n: unknown;
    }>`SELECT count(*) AS n FROM identity_groups WHERE is_new`.execute(tx);
    return {
      linksWritten: written.rows.reduce((sum, r) => sum + num(r.n), 0),
      linksRemoved: removed.rows.length,
      personsCreated: num(fresh[0]?.n),
      personsMerged: count(merged),
    };
  });
}
