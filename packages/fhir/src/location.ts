import type { PracticeRow } from './export-rows.js';
import type { CodeableConcept, Location } from './fhir-resources.js';
import { SOURCE_ID_TYPE } from './fhir-systems.js';
import { contactPoints, practiceAddress } from './contact-points.js';
import { type MappingContext, operatorOrganizationId } from './mapping-context.js';

const ROLE_CODE = 'http://terminology.hl7.org/CodeSystem/v3-RoleCode';

/** The canonical facility types as HL7 v3 RoleCode service delivery location types. */
const FACILITY_TYPES: Record<string, CodeableConcept> = {
  hospital: { coding: [{ system: ROLE_CODE, code: 'HOSP', display: 'Hospital' }], text: 'Hospital' },
  clinic: { coding: [{ system: ROLE_CODE, code: 'OF', display: 'Outpatient facility' }], text: 'Clinic' },
  diagnostic_centre: {
    coding: [{ system: ROLE_CODE, code: 'DX', display: 'Diagnostics or therapeutics unit' }],
    text: 'Diagnostic centre',
  },
  day_care: {
    coding: [{ system: ROLE_CODE, code: 'OF', display: 'Outpatient facility' }],
    text: 'Day care centre',
  },
};

/**
 * The Location of a practice: its address (country `IN`), position from its
 * coordinates, phones, its type, and the Organization that manages it (the
 * hospital's own, or its health system's). `status` is `active` or
 * `inactive` from the row, Location having no `active` element.
 *
 * ### Examples
 * ```ts
 * import { location, mappingContext, type PracticeRow } from '@provider-data/fhir';
 *
 * declare const practice: PracticeRow;
 * location(practice, mappingContext()).address?.country; // 'IN'
 * ```
 */
export function location(practice: PracticeRow, context: MappingContext): Location {
  const telecom = contactPoints(practice.phones, [practice.email], 'work');
  const address = practiceAddress(practice);
  const type = FACILITY_TYPES[practice.facility_type];
  const hasPosition = practice.latitude !== null && practice.longitude !== null;
  return {
    resourceType: 'Location',
    id: practice.id,
    identifier: [
      {
        use: 'usual',
        type: SOURCE_ID_TYPE,
        system: context.systems.sourceId(practice.health_system, 'practice'),
        value: practice.source_id,
      },
    ],
    status: practice.active ? 'active' : 'inactive',
    name: practice.name,
    mode: 'instance',
    ...(type ? { type: [type] } : {}),
    ...(telecom.length > 0 ? { telecom } : {}),
    ...(address ? { address } : {}),
    ...(hasPosition
      ? { position: { latitude: Number(practice.latitude), longitude: Number(practice.longitude) } }
      : {}),
    managingOrganization: {
      reference: `Organization/${operatorOrganizationId(practice.health_system, practice.source_id, practice.facility_type)}`,
    },
  };
}
