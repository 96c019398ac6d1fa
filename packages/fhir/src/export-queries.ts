import { type Kysely, sql } from 'kysely';
import type { PracticeRow, PractitionerRow, ProviderRow } from './export-rows.js';
import {
  type ExportScope,
  membersOfProviders,
  practitionerColumns,
  providerChanged,
  systemFilter,
  table,
} from './export-scope.js';

// One keyset page per call: `WHERE key > last key ORDER BY key LIMIT n`, an
// index range scan on the primary key (or the members table's index).

const NIL = '00000000-0000-0000-0000-000000000000';

/** A page of practices: in the scope, or (incremental) changed, or the practice of a changed provider. */
export async function practicePage(
  db: Kysely<unknown>,
  scope: ExportScope,
  after: string | undefined,
): Promise<PracticeRow[]> {
  const changed =
    scope.since === undefined
      ? sql``
      : sql`AND (pc.updated_at > ${scope.since} OR EXISTS (
          SELECT 1 FROM ${table(scope, 'providers')} pr ${membersOfProviders(scope)}
          WHERE pr.practice_id = pc.id AND ${providerChanged(scope, scope.since)}))`;
  const { rows } = await sql<PracticeRow>`SELECT pc.id, pc.health_system, pc.source_id, pc.name,
      pc.facility_type, pc.address_line, pc.locality, pc.city, pc.state, pc.pincode, pc.phones, pc.email,
      pc.latitude, pc.longitude, pc.active
    FROM ${table(scope, 'practices')} pc
    WHERE pc.id > ${after ?? NIL} ${systemFilter(scope, 'pc')} ${changed}
    ORDER BY pc.id LIMIT ${scope.pageSize}`.execute(db);
  return rows;
}

/** A page of practitioner rows without identity: each its own Practitioner. */
export async function practitionerPage(
  db: Kysely<unknown>,
  scope: ExportScope,
  after: string | undefined,
): Promise<PractitionerRow[]> {
  const changed =
    scope.since === undefined
      ? sql``
      : sql`AND (p.updated_at > ${scope.since} OR EXISTS (
          SELECT 1 FROM ${table(scope, 'providers')} pr
          WHERE pr.practitioner_id = p.id AND pr.updated_at > ${scope.since}))`;
  const { rows } = await sql<PractitionerRow>`SELECT ${practitionerColumns(scope)}
    FROM ${table(scope, 'practitioners')} p
    WHERE p.id > ${after ?? NIL} ${systemFilter(scope, 'p')} ${changed}
    ORDER BY p.id LIMIT ${scope.pageSize}`.execute(db);
  return rows;
}

/** A practitioner row with the person it belongs to. */
export type MemberRow = PractitionerRow & { person_id: string };

/** A page of practitioner rows in (person, practitioner) order, so that a person's rows come together. */
export async function memberPage(
  db: Kysely<unknown>,
  scope: ExportScope & { members: string },
  after: [string, string] | undefined,
): Promise<MemberRow[]> {
  const [person, practitioner] = after ?? [NIL, NIL];
  const { rows } = await sql<MemberRow>`SELECT m.person_id, ${practitionerColumns(scope)}
    FROM ${sql.table(scope.members)} m JOIN ${table(scope, 'practitioners')} p ON p.id = m.practitioner_id
    WHERE (m.person_id, m.practitioner_id) > (${person}::uuid, ${practitioner}::uuid)
    ORDER BY m.person_id, m.practitioner_id LIMIT ${scope.pageSize}`.execute(db);
  return rows;
}

/**
 * A page of persons that an incremental export retires: changed since the
 * scope's time and now merged into another or linked to no practitioner.
 */
export async function retiredPersonPage(
  db: Kysely<unknown>,
  scope: ExportScope & { since: Date },
  after: string | undefined,
): Promise<{ id: string }[]> {
  const { rows } = await sql<{ id: string }>`SELECT pe.id FROM ${table(scope, 'persons')} pe
    WHERE pe.id > ${after ?? NIL} AND pe.updated_at > ${scope.since}
      AND (pe.merged_into IS NOT NULL OR pe.id NOT IN (SELECT l.person_id FROM ${table(scope, 'person_links')} l))
    ORDER BY pe.id LIMIT ${scope.pageSize}`.execute(db);
  return rows;
}

/**
 * A page of providers with their Practitioner's resource id and their
 * practice's type. Not joined to practitioners: one random index lookup per
 * provider cost 80% of the page's time (32 ms against 5.5 ms per 1,000 rows).
 */
export async function providerPage(
  db: Kysely<unknown>,
  scope: ExportScope,
  after: string | undefined,
): Promise<ProviderRow[]> {
  const changed = scope.since === undefined ? sql`` : sql`AND ${providerChanged(scope, scope.since)}`;
  const resourceId =
    scope.members === undefined ? sql`pr.practitioner_id` : sql`coalesce(m.person_id, pr.practitioner_id)`;
  const { rows } = await sql<ProviderRow>`SELECT pr.id, pr.health_system, pr.practice_id,
      pr.practitioner_source_id, pr.practice_source_id, pr.designation, pr.specialties,
      pr.consultation_fee_inr, pr.schedule, pr.active,
      ${resourceId} AS practitioner_resource_id, pc.facility_type AS practice_facility_type
    FROM ${table(scope, 'providers')} pr
    JOIN ${table(scope, 'practices')} pc ON pc.id = pr.practice_id
    ${membersOfProviders(scope)}
    WHERE pr.id > ${after ?? NIL} ${systemFilter(scope, 'pr')} ${changed}
    ORDER BY pr.id LIMIT ${scope.pageSize}`.execute(db);
  return rows;
}
