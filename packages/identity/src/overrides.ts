import { type Kysely, sql } from 'kysely';
import { IdentityError } from './errors.js';
import { num, tableOf } from './tables.js';

/** Options of the review and override functions. */
export interface IdentityStoreOptions {
  /** Schema of the canonical tables and identity's. Default `provider_data`. */
  schema?: string;
}

/** A pair waiting for a reviewer. */
export interface ReviewItem {
  practitionerA: { id: string; healthSystem: string; sourceId: string; displayName: string };
  practitionerB: { id: string; healthSystem: string; sourceId: string; displayName: string };
  matchProbability: number;
  /** `score` (the uncertain band) or `registration_typo` (numbers one keystroke apart). */
  reason: string;
  evidence: { summary?: string };
}

/**
 * The review queue, most probable first: pairs in the uncertain band, and
 * pairs whose registration numbers are one keystroke apart. Deciding one is
 * {@link addOverride} (`must_link` or `cannot_link`); the next run respects it.
 *
 * ### Examples
 * ```ts
 * import { listReview } from '@provider-data/identity';
 * import { createDatabase, migrate } from '@provider-data/sink-postgres';
 *
 * const { db, close } = await createDatabase('memory://');
 * await migrate(db);
 * const { items, total } = await listReview(db, { limit: 20 });
 * console.log(total, items[0]?.evidence.summary);
 * await close();
 * ```
 */
export async function listReview<DB>(
  db: Kysely<DB>,
  options: IdentityStoreOptions & { limit?: number } = {},
): Promise<{ items: ReviewItem[]; total: number }> {
  const t = tableOf(options.schema ?? 'provider_data');
  const conn = db as unknown as Kysely<unknown>;
  const { rows } = await sql<Record<string, unknown>>`
    SELECT r.match_probability, r.reason, r.evidence,
      a.id AS a_id, a.health_system AS a_hs, a.source_id AS a_source, a.display_name AS a_name,
      b.id AS b_id, b.health_system AS b_hs, b.source_id AS b_source, b.display_name AS b_name
    FROM ${t('identity_review')} r
    JOIN ${t('practitioners')} a ON a.id = r.practitioner_a JOIN ${t('practitioners')} b ON b.id = r.practitioner_b
    ORDER BY r.match_probability DESC, r.practitioner_a, r.practitioner_b LIMIT ${options.limit ?? 50}`.execute(
    conn,
  );
  const { rows: count } = await sql<{
    n: unknown;
  }>`SELECT count(*) AS n FROM ${t('identity_review')}`.execute(conn);
  return {
    total: num(count[0]?.n),
    items: rows.map((r) => ({
      practitionerA: {
        id: r.a_id as string,
        healthSystem: r.a_hs as string,
        sourceId: r.a_source as string,
        displayName: r.a_name as string,
      },
      practitionerB: {
        id: r.b_id as string,
        healthSystem: r.b_hs as string,
        sourceId: r.b_source as string,
        displayName: r.b_name as string,
      },
      matchProbability: num(r.match_probability),
      reason: r.reason as string,
      evidence: r.evidence as { summary?: string },
    })),
  };
}

/** Options of {@link addOverride}. */
export interface OverrideInput extends IdentityStoreOptions {
  /** Two practitioner ids. */
  practitioners: [string, string];
  /** `must_link`: always one person (even past the registration guard); `cannot_link`: never one person. */
  kind: 'must_link' | 'cannot_link';
  /** Why, for the next reviewer. */
  note?: string;
}

/**
 * Records a decision that every later run respects, full or incremental,
 * and removes the pair from the review queue. A second decision on the
 * same pair replaces the first. Takes effect at the next run.
 *
 * ### Examples
 * ```ts
 * import { addOverride } from '@provider-data/identity';
 * import { createDatabase, migrate } from '@provider-data/sink-postgres';
 *
 * const { db, close } = await createDatabase('memory://');
 * await migrate(db);
 * await addOverride(db, {
 *   practitioners: ['6f1c1b7e-0000-5000-8000-000000000001', '6f1c1b7e-0000-5000-8000-000000000002'],
 *   kind: 'cannot_link',
 *   note: 'father and son, both Dr. R. Iyer',
 * }).catch((error) => console.error(error.code)); // practitioner_not_found: no such rows here
 * await close();
 * ```
 */
export async function addOverride<DB>(db: Kysely<DB>, input: OverrideInput): Promise<void> {
  const t = tableOf(input.schema ?? 'provider_data');
  const conn = db as unknown as Kysely<unknown>;
  const [x, y] = input.practitioners;
  if (x === y) throw new IdentityError('same_practitioner', 'an override needs two different practitioners');
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  for (const id of [x, y]) {
    if (!uuid.test(id))
      throw new IdentityError(
        'practitioner_not_found',
        `${JSON.stringify(id)} is not a practitioner id (a UUID)`,
      );
  }
  const { rows } = await sql<{
    id: string;
  }>`SELECT id FROM ${t('practitioners')} WHERE id IN (${x}, ${y})`.execute(conn);
  const missing = [x, y].filter((id) => !rows.some((r) => r.id === id.toLowerCase()));
  if (missing.length > 0)
    throw new IdentityError('practitioner_not_found', `practitioner ${missing[0]} was not found`);
  const [a, b] = [x.toLowerCase(), y.toLowerCase()].sort() as [string, string];
  await conn.transaction().execute(async (tx) => {
    await sql`INSERT INTO ${t('identity_overrides')} (practitioner_a, practitioner_b, kind, note)
      VALUES (${a}, ${b}, ${input.kind}, ${input.note ?? null})
      ON CONFLICT (practitioner_a, practitioner_b) DO UPDATE SET kind = EXCLUDED.kind, note = EXCLUDED.note,
        created_at = now()`.execute(tx);
    await sql`DELETE FROM ${t('identity_review')} WHERE practitioner_a = ${a} AND practitioner_b = ${b}`.execute(
      tx,
    );
  });
}

/**
 * Cannot-link overrides between a practitioner and every other member of
 * its person, so the next run takes it out. Returns the practitioners it was
 * separated from.
 */
export async function unlinkPractitioner<DB>(
  db: Kysely<DB>,
  input: IdentityStoreOptions & { practitioner: string; note?: string },
): Promise<string[]> {
  const t = tableOf(input.schema ?? 'provider_data');
  const conn = db as unknown as Kysely<unknown>;
  const { rows } = await sql<{ id: string }>`
    SELECT o.practitioner_id AS id FROM ${t('person_links')} l
    JOIN ${t('person_links')} o ON o.person_id = l.person_id AND o.practitioner_id <> l.practitioner_id
    WHERE l.practitioner_id = ${input.practitioner} ORDER BY 1`.execute(conn);
  for (const r of rows) {
    await addOverride(db, {
      ...(input.schema ? { schema: input.schema } : {}),
      practitioners: [input.practitioner, r.id],
      kind: 'cannot_link',
      ...(input.note ? { note: input.note } : {}),
    });
  }
  return rows.map((r) => r.id);
}
