import { type Kysely, sql } from 'kysely';
import { compareFeatures } from './comparisons.js';
import type { PractitionerFeatures } from './features.js';
import { PairStore, PatternTable, hash32 } from './pair-store.js';
import { num, tableOf } from './tables.js';

/** The stored feature columns of one side of a pair. */
export const SIDE_COLUMNS = [
  'health_system',
  'registration_council',
  'registration_number',
  'hpr_id',
  'phone',
  'email',
  'name_tokens',
  'name_initials',
  'gender',
  'specialties',
  'qualifications',
  'cities',
  'practice_start_year',
] as const;

type SideRow = Record<string, unknown>;

/** Features from stored columns, prefixed `a_` or `b_`. */
export function featuresOfStored(row: SideRow, prefix = ''): PractitionerFeatures {
  const col = (name: string) => row[`${prefix}${name}`];
  return {
    healthSystem: col('health_system') as string,
    registrationCouncil: (col('registration_council') as string | null) ?? null,
    registrationNumber: (col('registration_number') as string | null) ?? null,
    hprId: (col('hpr_id') as string | null) ?? null,
    phone: (col('phone') as string | null) ?? null,
    email: (col('email') as string | null) ?? null,
    name: {
      tokens: (col('name_tokens') as string[]) ?? [],
      initials: (col('name_initials') as string[]) ?? [],
    },
    gender: (col('gender') as string | null) ?? null,
    specialties: (col('specialties') as string[]) ?? [],
    qualifications: (col('qualifications') as string[]) ?? [],
    cities: (col('cities') as string[]) ?? [],
    practiceStartYear: col('practice_start_year') === null ? null : num(col('practice_start_year')),
  };
}

/** What the guard knows of each node: hashed council, registration and HPR id (-1 when absent). */
export class NodeIdentifierTable {
  readonly council: Int32Array;
  readonly registration: Int32Array;
  readonly hpr: Int32Array;
  constructor(readonly size: number) {
    this.council = new Int32Array(size).fill(-1);
    this.registration = new Int32Array(size).fill(-1);
    this.hpr = new Int32Array(size).fill(-1);
  }
  record(node: number, f: PractitionerFeatures): void {
    if (f.registrationCouncil && f.registrationNumber) {
      this.council[node] = hash32(f.registrationCouncil);
      this.registration[node] = hash32(f.registrationNumber);
    }
    if (f.hprId) this.hpr[node] = hash32(f.hprId);
  }
}

/**
 * Streams the candidate pairs with both sides' features, page by page, and
 * stores each pair's comparison pattern; memory holds a few bytes a pair.
 * Each node's features and how many share its phone, e-mail and name are
 * gathered once, by hash joins, into the temp table `identity_side`, so a
 * page is the pairs' index range and two lookups per pair (the eight joins
 * of a page made this phase 77% of a run at 200,000 practitioners).
 */
export async function comparePairs(
  conn: Kysely<unknown>,
  schema: string,
  nodes: NodeIdentifierTable,
  tables: { pairs: string; side: string } = { pairs: 'identity_pairs', side: 'identity_side' },
  pageSize = 5000,
): Promise<{ pairs: PairStore; patterns: PatternTable }> {
  const pairsTable = sql.id(tables.pairs);
  const sideTable = sql.id(tables.side);
  const t = tableOf(schema);
  const pairs = new PairStore();
  const patterns = new PatternTable();
  const { rows: total } = await sql<{
    n: unknown;
  }>`SELECT count(*) AS n FROM ${t('identity_features')}`.execute(conn);
  const practitioners = Math.max(1, num(total[0]?.n));
  await sql`CREATE TEMP TABLE ${sideTable} AS
    SELECT f.node, ${sql.join(SIDE_COLUMNS.map((c) => sql.ref(`f.${c}`)))},
      coalesce(pc.n, 1) AS phone_n, coalesce(ec.n, 1) AS email_n, coalesce(nc.n, 1) AS name_n
    FROM ${t('identity_features')} f
    JOIN (SELECT a AS node FROM ${pairsTable} UNION SELECT b FROM ${pairsTable}) u ON u.node = f.node
    LEFT JOIN identity_phone_counts pc ON pc.phone = f.phone AND pc.health_system = f.health_system
    LEFT JOIN identity_email_counts ec ON ec.email = f.email AND ec.health_system = f.health_system
    LEFT JOIN identity_name_counts nc ON nc.name_key = f.name_key`.execute(conn);
  await sql`CREATE UNIQUE INDEX ON ${sideTable} (node)`.execute(conn);
  await sql`ANALYZE ${sideTable}`.execute(conn);
  const side = (alias: string, prefix: string) =>
    sql.join(
      [...SIDE_COLUMNS, 'phone_n', 'email_n', 'name_n'].map(
        (c) => sql`${sql.ref(`${alias}.${c}`)} AS ${sql.ref(`${prefix}${c}`)}`,
      ),
    );
  let afterA = -1;
  let afterB = -1;
  for (;;) {
    const { rows } = await sql<SideRow & { a: number; b: number }>`
      SELECT p.a, p.b, ${side('sa', 'a_')}, ${side('sb', 'b_')}
      FROM (SELECT a, b FROM ${pairsTable} WHERE (a, b) > (${afterA}, ${afterB}) ORDER BY a, b LIMIT ${pageSize}) p
      JOIN ${sideTable} sa ON sa.node = p.a
      JOIN ${sideTable} sb ON sb.node = p.b
      ORDER BY p.a, p.b`.execute(conn);
    if (rows.length === 0) break;
    for (const row of rows) {
      const a = featuresOfStored(row, 'a_');
      const b = featuresOfStored(row, 'b_');
      nodes.record(row.a, a);
      nodes.record(row.b, b);
      const nameFrequency = Math.min(num(row.a_name_n), num(row.b_name_n)) / practitioners;
      const vector = compareFeatures(a, b, {
        phoneSharedBy: Math.max(num(row.a_phone_n), num(row.b_phone_n)),
        emailSharedBy: Math.max(num(row.a_email_n), num(row.b_email_n)),
        nameFrequency,
      });
      pairs.push(row.a, row.b, patterns.add(vector), nameFrequency);
    }
    const last = rows[rows.length - 1] as { a: number; b: number };
    afterA = last.a;
    afterB = last.b;
  }
  return { pairs, patterns };
}

/**
 * Comparison patterns of pseudo-random pairs of practitioners (nearly all
 * non-matches), for `u`. The sample is ordered by a hash of the
 * practitioner ids, so the same data gives the same sample, and so the same model.
 */
export async function randomPatterns(
  conn: Kysely<unknown>,
  schema: string,
  pairs: number,
): Promise<Map<string, number>> {
  const t = tableOf(schema);
  const { rows } = await sql<SideRow>`
    SELECT ${sql.join(SIDE_COLUMNS.map((c) => sql.ref(c)))} FROM ${t('identity_features')}
    ORDER BY md5(practitioner_id::text) LIMIT ${pairs * 2}`.execute(conn);
  const patterns = new PatternTable();
  const half = Math.floor(rows.length / 2);
  for (let i = 0; i < half; i++) {
    // Pair row i with row i + half: neighbours in hash order are unrelated.
    const a = featuresOfStored(rows[i] as SideRow);
    const b = featuresOfStored(rows[i + half] as SideRow);
    patterns.add(compareFeatures(a, b, { phoneSharedBy: 1, emailSharedBy: 1, nameFrequency: 0 }));
  }
  return patterns.countsByKey();
}
