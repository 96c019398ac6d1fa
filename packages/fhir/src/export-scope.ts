import { type RawBuilder, sql } from 'kysely';

/** What one export reads: where the tables are, which rows, and how. */
export interface ExportScope {
  schema: string;
  pullSchema: string;
  /** Only this health system's rows (and the whole persons that any of them belongs to). */
  healthSystem: string | undefined;
  /** Only rows changed after this time (the `finished_at` of the `--since` pull), and what they reference. */
  since: Date | undefined;
  /** The temp table of practitioner → person when identity's tables exist; undefined otherwise. */
  members: string | undefined;
  /** Keys of a practitioner's source record that may hold an HPR id. */
  hprIdFields: readonly string[];
  pageSize: number;
}

/** A canonical table of the scope, quoted. */
export function table(scope: ExportScope, name: string): RawBuilder<unknown> {
  return sql.id(scope.schema, name);
}

/** `AND <alias>.health_system = $1`, or nothing. */
export function systemFilter(scope: ExportScope, alias: string): RawBuilder<unknown> {
  return scope.healthSystem === undefined
    ? sql``
    : sql`AND ${sql.ref(`${alias}.health_system`)} = ${scope.healthSystem}`;
}

/**
 * True for a provider (alias `pr`) whose PractitionerRole changed since the
 * scope's time: its row changed, or (with identity) the person its
 * practitioner maps to did. Needs the members table joined as `m`.
 */
export function providerChanged(scope: ExportScope, since: Date): RawBuilder<unknown> {
  return scope.members === undefined
    ? sql`pr.updated_at > ${since}`
    : sql`(pr.updated_at > ${since} OR m.relinked)`;
}

/** `LEFT JOIN <members> m ON m.practitioner_id = pr.practitioner_id`, or nothing without identity. */
export function membersOfProviders(scope: ExportScope): RawBuilder<unknown> {
  return scope.members === undefined
    ? sql``
    : sql`LEFT JOIN ${sql.table(scope.members)} m ON m.practitioner_id = pr.practitioner_id`;
}

/** The HPR id of a practitioner (alias `p`) from its source record, or NULL. */
export function hprIdColumn(scope: ExportScope): RawBuilder<unknown> {
  if (scope.hprIdFields.length === 0) return sql`NULL::text`;
  return sql`coalesce(${sql.join(scope.hprIdFields.map((field) => sql`p.raw->>${field}`))})`;
}

/** The columns of a practitioner row (alias `p`) that an export reads. */
export function practitionerColumns(scope: ExportScope): RawBuilder<unknown> {
  return sql`p.id, p.health_system, p.source_id, p.display_name, p.prefixes, p.given_name, p.family_name,
    p.gender, p.qualifications, p.languages, p.registration_council, p.registration_number, p.phone,
    p.email, p.active, extract(epoch FROM p.updated_at)::float8 AS updated_at, ${hprIdColumn(scope)} AS hpr_id`;
}
