import type { Qualification } from '@provider-data/core';
import type { PractitionerRow } from './export-rows.js';
import type { CodeableConcept, HumanName, Identifier, Practitioner } from './fhir-resources.js';
import { HPR_SYSTEM, LICENSE_TYPE, SOURCE_ID_TYPE } from './fhir-systems.js';
import { contactPoints } from './contact-points.js';
import { normalizeHprId } from './hpr-id.js';
import type { MappingContext } from './mapping-context.js';

const GENDERS = new Set(['male', 'female', 'other', 'unknown']);
const BCP_47 = 'urn:ietf:bcp:47';

/** Active rows first, then the most recently changed: the first one's name and gender lead. */
function byPrecedence(a: PractitionerRow, b: PractitionerRow): number {
  if (a.active !== b.active) return a.active ? -1 : 1;
  const time = b.updated_at - a.updated_at;
  return time !== 0 ? time : a.id < b.id ? -1 : 1;
}

function humanName(row: PractitionerRow): HumanName {
  const name: HumanName = {
    use: 'official',
    text: row.prefixes.length > 0 ? `${row.prefixes.join(' ')} ${row.display_name}` : row.display_name,
  };
  if (row.family_name) name.family = row.family_name;
  const given = row.given_name?.split(/\s+/).filter(Boolean);
  if (given && given.length > 0) name.given = given;
  if (row.prefixes.length > 0) name.prefix = row.prefixes;
  return name;
}

/** The identifiers one practitioner row contributes: source id, council registration, HPR id. */
export function practitionerIdentifiers(row: PractitionerRow, context: MappingContext): Identifier[] {
  const out: Identifier[] = [
    {
      use: 'usual',
      type: SOURCE_ID_TYPE,
      system: context.systems.sourceId(row.health_system, 'practitioner'),
      value: row.source_id,
      assigner: { display: context.healthSystemName(row.health_system) },
    },
  ];
  // A number means nothing without its council: both, or neither.
  if (row.registration_council && row.registration_number) {
    out.push({
      use: 'official',
      type: LICENSE_TYPE,
      system: context.systems.council(row.registration_council),
      value: row.registration_number,
      assigner: { display: row.registration_council },
    });
  }
  const hpr = normalizeHprId(row.hpr_id);
  if (hpr) out.push({ use: 'official', type: LICENSE_TYPE, system: HPR_SYSTEM, value: hpr });
  return out;
}

function qualificationCode(q: Qualification): CodeableConcept {
  return { text: q.subject ? `${q.degree} (${q.subject})` : q.degree };
}

function distinctBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * The Practitioner of one person: every linked practitioner row (one per
 * health system that lists them) contributes its identifiers, names, phones,
 * emails, languages and qualifications, each once; the leading row (active,
 * then most recently changed) gives the first name and the gender. `active`
 * when any row is. Without identity, `rows` is one practitioner row and `id`
 * its id.
 *
 * ### Examples
 * ```ts
 * import { mappingContext, practitioner, type PractitionerRow } from '@provider-data/fhir';
 *
 * declare const apolloRow: PractitionerRow;
 * declare const fortisRow: PractitionerRow;
 * const resource = practitioner('5f0c…', [apolloRow, fortisRow], mappingContext());
 * console.log(resource.identifier?.length);
 * ```
 */
export function practitioner(
  id: string,
  rows: readonly PractitionerRow[],
  context: MappingContext,
): Practitioner {
  // One row (no identity, or a singleton person) needs no ordering or merging.
  const ordered = rows.length === 1 ? rows : [...rows].sort(byPrecedence);
  const one = rows.length === 1;
  const resource = { resourceType: 'Practitioner', id } as Practitioner;
  const identifiers = ordered.flatMap((row) => practitionerIdentifiers(row, context));
  resource.identifier = one ? identifiers : distinctBy(identifiers, (i) => `${i.system}|${i.value}`);
  resource.active = ordered.some((row) => row.active);
  const names = ordered.map(humanName);
  resource.name = one ? names : distinctBy(names, (n) => n.text ?? '');
  const telecom = contactPoints(
    ordered.map((row) => row.phone),
    ordered.map((row) => row.email),
    'mobile',
  );
  if (telecom.length > 0) resource.telecom = telecom;
  const gender = ordered.find((row) => row.gender !== 'unknown' && GENDERS.has(row.gender))?.gender;
  resource.gender = (gender ?? 'unknown') as Practitioner['gender'];
  const qualifications = distinctBy(
    ordered.flatMap((row) => row.qualifications),
    (q) => `${q.degree}|${q.subject ?? ''}|${q.institution ?? ''}`,
  );
  if (qualifications.length > 0) {
    resource.qualification = qualifications.map((q) =>
      q.institution
        ? { code: qualificationCode(q), issuer: { display: q.institution } }
        : { code: qualificationCode(q) },
    );
  }
  const languages = one
    ? ordered[0]!.languages
    : distinctBy(
        ordered.flatMap((row) => row.languages),
        (c) => c,
      );
  if (languages.length > 0) {
    resource.communication = languages.map((code) => ({ coding: [{ system: BCP_47, code }] }));
  }
  return resource;
}

/**
 * What an incremental export writes for a person that no practitioner maps
 * to any more (merged into another, or unlinked): the id, inactive, so that
 * a server holding it stops listing it.
 *
 * ### Examples
 * ```ts
 * import { retiredPractitioner } from '@provider-data/fhir';
 *
 * retiredPractitioner('5f0c…').active; // false
 * ```
 */
export function retiredPractitioner(id: string): Practitioner {
  return { resourceType: 'Practitioner', id, active: false };
}
