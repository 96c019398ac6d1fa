import { stableId } from '@provider-data/core';
import { type FhirSystems, type FhirSystemsOptions, fhirSystems } from './fhir-systems.js';
import { memoize } from './memo.js';

/** Options of {@link mappingContext}. */
export interface MappingContextOptions extends FhirSystemsOptions {
  /** Display names of health systems by registry key; others show their key with a capital (`apollo` → `Apollo`). */
  healthSystemNames?: Record<string, string>;
}

/** What every mapping function needs besides its row: the URIs and the health systems' names. */
export interface MappingContext {
  systems: FhirSystems;
  healthSystemName(healthSystem: string): string;
}

/**
 * The context of the pure mapping functions, from export options.
 *
 * ### Examples
 * ```ts
 * import { mappingContext } from '@provider-data/fhir';
 *
 * const context = mappingContext({ healthSystemNames: { apollo: 'Apollo Hospitals' } });
 * context.healthSystemName('fortis'); // 'Fortis'
 * ```
 */
export function mappingContext(options: MappingContextOptions = {}): MappingContext {
  const names = options.healthSystemNames ?? {};
  return {
    systems: fhirSystems(options),
    healthSystemName: (key) => names[key] ?? key.charAt(0).toUpperCase() + key.slice(1),
  };
}

const organizationId = memoize((key) => stableId('organization', ...key.split('\u001f')));

/** The id of a health system's Organization: a stable UUID of its registry key. */
export function healthSystemOrganizationId(healthSystem: string): string {
  return organizationId(healthSystem);
}

/** The id of the Organization that operates a hospital practice: a stable UUID of its source id. */
export function facilityOrganizationId(healthSystem: string, practiceSourceId: string): string {
  return organizationId(`${healthSystem}\u001f${practiceSourceId}`);
}

/**
 * Practices that are run as an organization of their own (a hospital) get a
 * facility Organization under their health system; clinics, diagnostic
 * centres and day-care sites are run by the health system itself.
 */
export function hasFacilityOrganization(facilityType: string): boolean {
  return facilityType === 'hospital';
}

/** The Organization that operates a practice: its facility Organization or its health system's. */
export function operatorOrganizationId(
  healthSystem: string,
  practiceSourceId: string,
  facilityType: string,
): string {
  return hasFacilityOrganization(facilityType)
    ? facilityOrganizationId(healthSystem, practiceSourceId)
    : healthSystemOrganizationId(healthSystem);
}
