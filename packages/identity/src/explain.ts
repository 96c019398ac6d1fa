import { type Kysely, sql } from 'kysely';
import { IdentityError } from './errors.js';
import type { IdentityStoreOptions } from './overrides.js';
import { num, tableOf } from './tables.js';

/** A person as a reviewer reads it. */
export interface PersonExplanation {
  personId: string;
  /** The person this one was merged into, when it was; its members are there. */
  mergedInto: string | null;
  members: {
    practitionerId: string;
    healthSystem: string;
    sourceId: string;
    displayName: string;
    registration: string | null;
    method: string;
    matchProbability: number | null;
    /** Why it is in this person, in words. */
    evidence: string;
    matchedWith: string | null;
  }[];
  overrides: { practitioners: [string, string]; kind: string; note: string | null }[];
}

/**
 * Explains a person (or the person of a practitioner): its members, how each
 * was linked and why, and the overrides that touch them. Follows
 * `merged_into` to the person that a merged one became.
 *
 * ### Examples
 * ```ts
 * import { explainPerson } from '@provider-data/identity';
 * import { createDatabase, migrate } from '@provider-data/sink-postgres';
 *
 * const { db, close } = await createDatabase('memory://');
 * await migrate(db);
 * const person = await explainPerson(db, { id: '6f1c1b7e-0000-5000-8000-000000000001' }).catch(() => null);
 * for (const m of person?.members ?? []) console.log(m.displayName, m.method, m.evidence);
 * await close();
 * ```
 */
export async function explainPerson<DB>(
  db: Kysely<DB>,
  input: IdentityStoreOptions & { id: string },
): Promise<PersonExplanation> {
  const t = tableOf(input.schema ?? 'provider_data');
  const conn = db as unknown as Kysely<unknown>;
  if (!/^[0-9a-f-]{36}$/i.test(input.id))
    throw new IdentityError('person_not_found', `${JSON.stringify(input.id)} is not a UUID`);
  const { rows: direct } = await sql<{ id: string; merged_into: string | null }>`
    SELECT p.id, p.merged_into FROM ${t('persons')} p WHERE p.id = ${input.id}
    UNION ALL
    SELECT p.id, p.merged_into FROM ${t('person_links')} l JOIN ${t('persons')} p ON p.id = l.person_id
    WHERE l.practitioner_id = ${input.id}`.execute(conn);
  let person = direct[0];
  if (!person)
    throw new IdentityError(
      'person_not_found',
      `no person ${input.id}, nor a linked practitioner of that id`,
    );
  const mergedInto = person.merged_into;
  for (let depth = 0; person?.merged_into && depth < 20; depth++) {
    const { rows } = await sql<{ id: string; merged_into: string | null }>`
      SELECT id, merged_into FROM ${t('persons')} WHERE id = ${person.merged_into}`.execute(conn);
    person = rows[0];
  }
  if (!person)
    throw new IdentityError('person_not_found', `person ${input.id} was merged into one that is gone`);
  const { rows } = await sql<Record<string, unknown>>`
    SELECT p.id, p.health_system, p.source_id, p.display_name, p.registration_council, p.registration_number,
      l.method, l.match_probability, l.evidence
    FROM ${t('person_links')} l JOIN ${t('practitioners')} p ON p.id = l.practitioner_id
    WHERE l.person_id = ${person.id} ORDER BY p.health_system, p.source_id`.execute(conn);
  const ids = rows.map((r) => r.id as string);
  const { rows: overrides } =
    ids.length === 0
      ? { rows: [] }
      : await sql<{ practitioner_a: string; practitioner_b: string; kind: string; note: string | null }>`
          SELECT practitioner_a, practitioner_b, kind, note FROM ${t('identity_overrides')}
          WHERE practitioner_a = ANY(${ids}::uuid[]) OR practitioner_b = ANY(${ids}::uuid[]) ORDER BY 1, 2`.execute(
          conn,
        );
  return {
    personId: person.id,
    mergedInto: mergedInto === person.id ? null : (mergedInto ?? null),
    members: rows.map((r) => {
      const evidence = (r.evidence ?? {}) as { summary?: string; matched_with?: string };
      return {
        practitionerId: r.id as string,
        healthSystem: r.health_system as string,
        sourceId: r.source_id as string,
        displayName: r.display_name as string,
        registration: r.registration_number ? `${r.registration_council} ${r.registration_number}` : null,
        method: r.method as string,
        matchProbability: r.match_probability === null ? null : num(r.match_probability),
        evidence: evidence.summary ?? '',
        matchedWith: evidence.matched_with ?? null,
      };
    }),
    overrides: overrides.map((o) => ({
      practitioners: [o.practitioner_a, o.practitioner_b],
      kind: o.kind,
      note: o.note,
    })),
  };
}
