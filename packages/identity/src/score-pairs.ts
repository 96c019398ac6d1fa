import { type Kysely, sql } from 'kysely';
import { compareFeatures } from './comparisons.js';
import type { PractitionerFeatures } from './features.js';
import { PairStore, PatternTable, hash32 } from './pair-store.js';
import { num, tableOf } from './tables.js';

/** The stored feature columns of one side of a pair. */
const SIDE_COLUMNS = [
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
 */
export async function comparePairs(
  conn: Kysely<unknown>,
  schema: string,
  nodes: NodeIdentifierTable,
  pageSize = 5000,
): Promise<{ pairs: PairStore; patterns: PatternTable }> {
  const t = tableOf(schema);
  const pairs = new PairStore();
  const patterns = new PatternTable();
  const { rows: total } = await sql<{
    n: unknown;
  }>`SELECT count(*) AS n FROM ${t('identity_features')}`.execute(conn);
  const practitioners = Math.max(1, num(total[0]?.n));
  const side = (alias: string, prefix: string) =>
    sql.join(SIDE_COLUMNS.map((c) => sql`${sql.ref(`${alias}.${c}`)} AS ${sql.ref(`${prefix}${c}`)}`));
  let afterA = -1;
  let afterB = -1;
  for (;;) {
    const { rows } = await sql<
      SideRow & { a: number; b: number; phone_n: unknown; email_n: unknown; name_n: unknown }
    >`
      SELECT p.a, p.b, ${side('fa', 'a_')}, ${side('fb', 'b_')},
        greatest(coalesce(pa.n, 1), coalesce(pb.n, 1)) AS phone_n,
        greatest(coalesce(ea.n, 1), coalesce(eb.n, 1)) AS email_n,
        least(coalesce(na.n, 1), coalesce(nb.n, 1)) AS name_n
      FROM identity_pairs p
      JOIN ${t('identity_features')} fa ON fa.node = p.a
      JOIN ${t('identity_features')} fb ON fb.node = p.b
      LEFT JOIN identity_phone_counts pa ON pa.phone = fa.phone AND pa.health_system = fa.health_system
      LEFT JOIN identity_phone_counts pb ON pb.phone = fb.phone AND pb.health_system = fb.health_system
      LEFT JOIN identity_email_counts ea ON ea.email = fa.email AND ea.health_system = fa.health_system
      LEFT JOIN identity_email_counts eb ON eb.email = fb.email AND eb.health_system = fb.health_system
      LEFT JOIN identity_name_counts na ON na.name_key = fa.name_key
      LEFT JOIN identity_name_counts nb ON nb.name_key = fb.name_key
      WHERE (p.a, p.b) > (${afterA}, ${afterB})
      ORDER BY p.a, p.b LIMIT ${pageSize}`.execute(conn);
    if (rows.length === 0) break;
    for (const row of rows) {
      const a = featuresOfStored(row, 'a_');
      const b = featuresOfStored(row, 'b_');
      nodes.record(row.a, a);
      nodes.record(row.b, b);
      const vector = compareFeatures(a, b, {
        phoneSharedBy: num(row.phone_n),
        emailSharedBy: num(row.email_n),
        nameFrequency: num(row.name_n) / practitioners,
      });
      pairs.push(row.a, row.b, patterns.add(vector), num(row.name_n) / practitioners);
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
