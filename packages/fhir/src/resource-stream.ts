import type { Kysely } from 'kysely';
import type { PracticeRow } from './export-rows.js';
import {
  type MemberRow,
  memberPage,
  practicePage,
  practitionerPage,
  providerPage,
  retiredPersonPage,
} from './export-queries.js';
import type { ExportScope } from './export-scope.js';
import type { FhirResource } from './fhir-resources.js';
import { keysetPages } from './keyset.js';
import { location } from './location.js';
import { hasFacilityOrganization, type MappingContext } from './mapping-context.js';
import { facilityOrganization, healthSystemOrganization } from './organization.js';
import { practitioner, retiredPractitioner } from './practitioner.js';
import { practitionerRole } from './practitioner-role.js';
import { specialtyCodeSystem } from './specialty-code-system.js';

/**
 * Every resource of an export, a page at a time, in an order where a
 * resource comes after those it references: the specialty CodeSystem; per
 * practice its health system's Organization (the first time), its facility
 * Organization (hospitals) and its Location; the Practitioners; the
 * PractitionerRoles.
 */
export async function* resourcePages(
  db: Kysely<unknown>,
  scope: ExportScope,
  context: MappingContext,
): AsyncGenerator<FhirResource[]> {
  yield [specialtyCodeSystem(context.systems)];
  yield* practiceResources(db, scope, context);
  yield* practitionerResources(db, scope, context);
  for await (const page of keysetPages(
    (after: string | undefined) => providerPage(db, scope, after),
    (r) => r.id,
    scope.pageSize,
  )) {
    yield page.map((provider) => practitionerRole(provider, context));
  }
}

async function* practiceResources(
  db: Kysely<unknown>,
  scope: ExportScope,
  context: MappingContext,
): AsyncGenerator<FhirResource[]> {
  const systemsWritten = new Set<string>();
  const pages = keysetPages(
    (after: string | undefined) => practicePage(db, scope, after),
    (r: PracticeRow) => r.id,
    scope.pageSize,
  );
  for await (const page of pages) {
    const out: FhirResource[] = [];
    for (const practice of page) {
      if (!systemsWritten.has(practice.health_system)) {
        systemsWritten.add(practice.health_system);
        out.push(healthSystemOrganization(practice.health_system, context));
      }
      if (hasFacilityOrganization(practice.facility_type)) out.push(facilityOrganization(practice, context));
      out.push(location(practice, context));
    }
    yield out;
  }
}

async function* practitionerResources(
  db: Kysely<unknown>,
  scope: ExportScope,
  context: MappingContext,
): AsyncGenerator<FhirResource[]> {
  const { members, since } = scope;
  if (members === undefined) {
    const pages = keysetPages(
      (after: string | undefined) => practitionerPage(db, scope, after),
      (r) => r.id,
      scope.pageSize,
    );
    for await (const page of pages) yield page.map((row) => practitioner(row.id, [row], context));
    return;
  }
  yield* personResources(db, { ...scope, members }, context);
  if (since === undefined) return;
  const retired = keysetPages(
    (after: string | undefined) => retiredPersonPage(db, { ...scope, since }, after),
    (r) => r.id,
    scope.pageSize,
  );
  for await (const page of retired) yield page.map((person) => retiredPractitioner(person.id));
}

/** One Practitioner per person; a person whose rows run past the end of a page waits for the next. */
async function* personResources(
  db: Kysely<unknown>,
  scope: ExportScope & { members: string },
  context: MappingContext,
): AsyncGenerator<FhirResource[]> {
  let pending: MemberRow[] = [];
  const pages = keysetPages(
    (after: [string, string] | undefined) => memberPage(db, scope, after),
    (r): [string, string] => [r.person_id, r.id],
    scope.pageSize,
  );
  for await (const page of pages) {
    const out: FhirResource[] = [];
    for (const row of page) {
      if (pending.length > 0 && pending[0]!.person_id !== row.person_id) {
        out.push(practitioner(pending[0]!.person_id, pending, context));
        pending = [];
      }
      pending.push(row);
    }
    yield out;
  }
  if (pending.length > 0) yield [practitioner(pending[0]!.person_id, pending, context)];
}
