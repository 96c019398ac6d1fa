/**
 * Test support of identity: a database per suite (PGlite always, PostgreSQL
 * when PDM_TEST_DATABASE_URL is set), fresh migrated schemas, and doctors
 * written straight into the canonical tables.
 */
import { createHash, randomUUID } from 'node:crypto';
import { practiceId, practitionerId, providerId } from '@provider-data/core';
import { type Kysely, sql } from 'kysely';
import {
  freshSchemas,
  openTestDatabase,
  type TestDatabase,
  type TestSchemas,
} from '../../sink-postgres/src/test-support.js';

export { targets } from '../../sink-postgres/src/test-support.js';

/** A doctor as a test writes it: a practitioner row and the city of its one practice. */
export interface Doctor {
  healthSystem: 'apollo' | 'fortis';
  sourceId: string;
  displayName: string;
  gender?: string;
  specialties?: string[];
  qualifications?: { degree: string; subject: string | null }[];
  practiceStartYear?: number | null;
  registrationCouncil?: string | null;
  registrationNumber?: string | null;
  phone?: string | null;
  email?: string | null;
  city?: string;
  raw?: object;
}

/** The practitioner id of a doctor. */
export const idOf = (d: Pick<Doctor, 'healthSystem' | 'sourceId'>) =>
  practitionerId(d.healthSystem, d.sourceId);

const PULL = '00000000-0000-4000-8000-000000000001';

/** Writes (or rewrites) doctors, their practice in their city and the provider row between them. */
export async function writeDoctors(
  db: Kysely<unknown>,
  schema: string,
  doctors: readonly Doctor[],
  pullId = PULL,
): Promise<void> {
  const t = (name: string) => sql.id(schema, name);
  for (const d of doctors) {
    const city = d.city ?? 'Chennai';
    const practice = practiceId(d.healthSystem, `H-${city}`);
    const hash = createHash('sha1').update(JSON.stringify(d)).digest('hex');
    await sql`INSERT INTO ${t('practitioners')} (id, health_system, source_id, display_name, gender, specialties,
        qualifications, practice_start_year, registration_council, registration_number, phone, email,
        first_seen_pull_id, last_seen_pull_id, content_hash, raw)
      VALUES (${idOf(d)}, ${d.healthSystem}, ${d.sourceId}, ${d.displayName}, ${d.gender ?? 'male'},
        ${d.specialties ?? ['cardiology']}, ${JSON.stringify(d.qualifications ?? [{ degree: 'MBBS', subject: null }])}::jsonb,
        ${d.practiceStartYear === undefined ? 2005 : d.practiceStartYear}, ${d.registrationCouncil ?? null},
        ${d.registrationNumber ?? null}, ${d.phone ?? null}, ${d.email ?? null}, ${pullId}, ${pullId}, ${hash},
        ${JSON.stringify(d.raw ?? {})}::jsonb)
      ON CONFLICT (id) DO UPDATE SET display_name = EXCLUDED.display_name, gender = EXCLUDED.gender,
        specialties = EXCLUDED.specialties, qualifications = EXCLUDED.qualifications,
        practice_start_year = EXCLUDED.practice_start_year, registration_council = EXCLUDED.registration_council,
        registration_number = EXCLUDED.registration_number, phone = EXCLUDED.phone, email = EXCLUDED.email,
        last_seen_pull_id = EXCLUDED.last_seen_pull_id, content_hash = EXCLUDED.content_hash, raw = EXCLUDED.raw,
        updated_at = now()`.execute(db);
    await sql`INSERT INTO ${t('practices')} (id, health_system, source_id, name, facility_type, city,
        first_seen_pull_id, last_seen_pull_id, content_hash)
      VALUES (${practice}, ${d.healthSystem}, ${`H-${city}`}, ${`Hospital ${city}`}, 'hospital', ${city},
        ${pullId}, ${pullId}, 'h')
      ON CONFLICT (id) DO NOTHING`.execute(db);
    await sql`INSERT INTO ${t('providers')} (id, practitioner_id, practice_id, health_system, practitioner_source_id,
        practice_source_id, first_seen_pull_id, last_seen_pull_id, content_hash)
      VALUES (${providerId(d.healthSystem, d.sourceId, `H-${city}`)}, ${idOf(d)}, ${practice}, ${d.healthSystem},
        ${d.sourceId}, ${`H-${city}`}, ${pullId}, ${pullId}, 'h')
      ON CONFLICT (id) DO NOTHING`.execute(db);
  }
}

/** A suite's database and schemas. */
export interface IdentitySuite {
  database: TestDatabase;
  db: Kysely<unknown>;
  schemas: TestSchemas;
}

/** Opens the target's database with fresh schemas. */
export async function openSuite(name: 'pglite' | 'postgres'): Promise<IdentitySuite> {
  const database = await openTestDatabase(name, process.env.PDM_TEST_DATABASE_URL);
  const schemas = await freshSchemas(database.handle.db);
  return { database, db: database.handle.db as unknown as Kysely<unknown>, schemas };
}

/** Fresh schemas in an open suite (a test that needs an empty database). */
export async function resetSchemas(suite: IdentitySuite): Promise<void> {
  await suite.schemas.drop();
  suite.schemas = await freshSchemas(suite.database.handle.db);
}

/** Closes the suite. */
export async function closeSuite(suite: IdentitySuite | undefined): Promise<void> {
  if (!suite) return;
  await suite.schemas.drop();
  await suite.database.handle.close();
}

/** practitioner id → person id, for the practitioners that are linked. */
export async function personsOf(db: Kysely<unknown>, schema: string): Promise<Map<string, string>> {
  const { rows } = await sql<{ practitioner_id: string; person_id: string }>`
    SELECT practitioner_id, person_id FROM ${sql.id(schema, 'person_links')} ORDER BY 1`.execute(db);
  return new Map(rows.map((r) => [r.practitioner_id, r.person_id]));
}

/** The partition of practitioners into persons, as sorted lists of practitioner ids. */
export async function partition(db: Kysely<unknown>, schema: string): Promise<string[][]> {
  const groups = new Map<string, string[]>();
  for (const [p, person] of await personsOf(db, schema))
    groups.set(person, [...(groups.get(person) ?? []), p]);
  return [...groups.values()]
    .map((g) => g.sort())
    .sort((a, b) => (a[0] as string).localeCompare(b[0] as string));
}

export const newPullId = () => randomUUID();
