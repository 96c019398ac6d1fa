/**
 * identity's tables as the shared contract describes them (`persons`,
 * `person_links`), made by the tests themselves so that the export is tested
 * against the contract rather than against one implementation of it.
 */
import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';

export async function createIdentityTables<DB>(db: Kysely<DB>, schema: string): Promise<void> {
  const t = (name: string) => sql.id(schema, name);
  await sql`CREATE TABLE IF NOT EXISTS ${t('persons')} (
    id uuid PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(), merged_into uuid NULL REFERENCES ${t('persons')} (id))`.execute(
    db,
  );
  await sql`CREATE TABLE IF NOT EXISTS ${t('person_links')} (
    practitioner_id uuid PRIMARY KEY REFERENCES ${t('practitioners')} (id),
    person_id uuid NOT NULL REFERENCES ${t('persons')} (id), method text NOT NULL,
    match_probability double precision NULL, evidence jsonb NOT NULL, linked_at timestamptz)`.execute(db);
}

/** A new person; its id. */
export async function addPerson<DB>(db: Kysely<DB>, schema: string): Promise<string> {
  const id = randomUUID();
  await sql`INSERT INTO ${sql.id(schema, 'persons')} (id) VALUES (${id})`.execute(db);
  return id;
}

/** Links (or re-links) a practitioner to a person, now. */
export async function link<DB>(
  db: Kysely<DB>,
  schema: string,
  practitionerId: string,
  personId: string,
  method = 'deterministic',
): Promise<void> {
  await sql`INSERT INTO ${sql.id(schema, 'person_links')} (practitioner_id, person_id, method, evidence, linked_at)
    VALUES (${practitionerId}, ${personId}, ${method}, ${JSON.stringify({ reason: 'test' })}, now())
    ON CONFLICT (practitioner_id) DO UPDATE SET person_id = EXCLUDED.person_id, method = EXCLUDED.method,
      linked_at = EXCLUDED.linked_at`.execute(db);
}
