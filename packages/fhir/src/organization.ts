import type { PracticeRow } from './export-rows.js';
import type { Organization } from './fhir-resources.js';
import { PROVIDER_NUMBER_TYPE, SOURCE_ID_TYPE } from './fhir-systems.js';
import { contactPoints, practiceAddress } from './contact-points.js';
import {
  facilityOrganizationId,
  healthSystemOrganizationId,
  type MappingContext,
} from './mapping-context.js';

const PROVIDER_ORGANIZATION = {
  coding: [
    {
      system: 'http://terminology.hl7.org/CodeSystem/organization-type',
      code: 'prov',
      display: 'Healthcare Provider',
    },
  ],
};

/**
 * The Organization of a health system: the hospital chain whose directory
 * the rows came from, identified by its registry key.
 *
 * ### Examples
 * ```ts
 * import { healthSystemOrganization, mappingContext } from '@provider-data/fhir';
 *
 * healthSystemOrganization('apollo', mappingContext()).name; // 'Apollo'
 * ```
 */
export function healthSystemOrganization(healthSystem: string, context: MappingContext): Organization {
  return {
    resourceType: 'Organization',
    id: healthSystemOrganizationId(healthSystem),
    identifier: [
      {
        use: 'official',
        type: PROVIDER_NUMBER_TYPE,
        system: context.systems.healthSystem,
        value: healthSystem,
      },
    ],
    active: true,
    type: [PROVIDER_ORGANIZATION],
    name: context.healthSystemName(healthSystem),
  };
}

/**
 * The Organization that operates a hospital practice, part of its health
 * system's Organization; its Location is managed by it, and the roles at it
 * name it. `active` follows the practice row.
 *
 * ### Examples
 * ```ts
 * import { facilityOrganization, mappingContext, type PracticeRow } from '@provider-data/fhir';
 *
 * declare const practice: PracticeRow;
 * facilityOrganization(practice, mappingContext()).partOf; // { reference: 'Organization/…' }
 * ```
 */
export function facilityOrganization(practice: PracticeRow, context: MappingContext): Organization {
  const telecom = contactPoints(practice.phones, [practice.email], 'work');
  const address = practiceAddress(practice);
  return {
    resourceType: 'Organization',
    id: facilityOrganizationId(practice.health_system, practice.source_id),
    identifier: [
      {
        use: 'usual',
        type: SOURCE_ID_TYPE,
        system: context.systems.sourceId(practice.health_system, 'practice'),
        value: practice.source_id,
      },
    ],
    active: practice.active,
    type: [PROVIDER_ORGANIZATION],
    name: practice.name,
    ...(telecom.length > 0 ? { telecom } : {}),
    ...(address ? { address: [address] } : {}),
    partOf: {
      reference: `Organization/${healthSystemOrganizationId(practice.health_system)}`,
      display: context.healthSystemName(practice.health_system),
    },
  };
}
