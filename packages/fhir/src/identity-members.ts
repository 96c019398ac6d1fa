import { randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { type ExportScope, table } from './export-scope.js';

/** Follows `merged_into` at most this many times: a longer chain is a loop or a bug upstream. */
const MAX_MERGE_DEPTH = 20;

/**
 * True when identity's `persons` and `person_links` tables exist in the
 * schema. Without them, every practitioner row is a Practitioner of its own.
 */
export async function identityTablesExist(db: Kysely<unknown>, schema: string): Promise<boolean> {
  const { rows } = await sql<{ found: boolean }>`SELECT
      to_regclass(${`"${schema}".persons`}) IS NOT NULL
      AND to_regclass(${`"${schema}".person_links`}) IS NOT NULL AS found`.execute(db);
  return rows[0]?.found === true;
}

/**
 * Builds, inside the export's transaction, the temp table that maps every
 * exported practitioner to the Practitioner resource it belongs to: its
 * person (after following merges), or itself when identity has not linked
 * it yet. `relinked` marks a link or person that changed since the scope's
 * time; `changed`, a practitioner whose Practitioner must be written again.
 * Only whole persons are kept: those with a practitioner of the scope's
 * health system, and (incremental) those with a changed practitioner.
 * Returns the table's name.
 */
export async function buildMembers(db: Kysely<unknown>, scope: ExportScope): Promise<string> {
  const name = `fhir_members_${randomBytes(6).toString('hex')}`;
  const members = sql.table(name);
  const since = scope.since;
  const persons = table(scope, 'persons');
  await sql`CREATE TEMP TABLE ${members} (
      practitioner_id uuid PRIMARY KEY, person_id uuid NOT NULL,
      relinked boolean NOT NULL, changed boolean NOT NULL) ON COMMIT DROP`.execute(db);
  const relinked =
    since === undefined
      ? sql`false`
      : sql`coalesce(l.linked_at > ${since} OR pe.updated_at > ${since}, false)`;
  await sql`INSERT INTO ${members}
    SELECT p.id, coalesce(l.person_id, p.id), ${relinked}, false
    FROM ${table(scope, 'practitioners')} p
    LEFT JOIN ${table(scope, 'person_links')} l ON l.practitioner_id = p.id
    LEFT JOIN ${persons} pe ON pe.id = l.person_id`.execute(db);
  for (let depth = 0; depth < MAX_MERGE_DEPTH; depth++) {
    const moved = await sql`UPDATE ${members} m
      SET person_id = pe.merged_into,
          relinked = m.relinked OR ${since === undefined ? sql`false` : sql`pe.updated_at > ${since}`}
      FROM ${persons} pe WHERE pe.id = m.person_id AND pe.merged_into IS NOT NULL`.execute(db);
    if (Number(moved.numAffectedRows ?? 0) === 0) break;
  }
  if (scope.healthSystem !== undefined) {
    await sql`DELETE FROM ${members} WHERE person_id NOT IN (
      SELECT k.person_id FROM ${members} k JOIN ${table(scope, 'practitioners')} p ON p.id = k.practitioner_id
      WHERE p.health_system = ${scope.healthSystem})`.execute(db);
  }
  if (since !== undefined) {
    await sql`UPDATE ${members} m SET changed = true FROM ${table(scope, 'practitioners')} p
      WHERE p.id = m.practitioner_id AND (m.relinked OR p.updated_at > ${since} OR EXISTS (
        SELECT 1 FROM ${table(scope, 'providers')} pr WHERE pr.practitioner_id = p.id AND pr.updated_at > ${since}))`.execute(
      db,
    );
    await sql`DELETE FROM ${members} WHERE person_id NOT IN (
      SELECT person_id FROM ${members} WHERE changed)`.execute(db);
  }
  await sql`CREATE INDEX ON ${members} (person_id, practitioner_id)`.execute(db);
  // Temp tables are never analyzed on their own; the page queries join on this one.
  await sql`ANALYZE ${members}`.execute(db);
  return name;
}
