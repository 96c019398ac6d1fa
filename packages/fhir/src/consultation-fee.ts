import type { Extension } from './fhir-resources.js';
import type { FhirSystems } from './fhir-systems.js';

/**
 * The consultation fee of a practitioner at a practice as a PractitionerRole
 * extension: `valueMoney` in Indian rupees, at `<base>/StructureDefinition/consultation-fee`.
 * Null when the source gave no fee.
 *
 * ### Examples
 * ```ts
 * import { consultationFeeExtension, fhirSystems } from '@provider-data/fhir';
 *
 * consultationFeeExtension(1200, fhirSystems())?.valueMoney; // { value: 1200, currency: 'INR' }
 * ```
 */
export function consultationFeeExtension(feeInr: number | null, systems: FhirSystems): Extension | null {
  if (feeInr === null || !Number.isFinite(feeInr)) return null;
  return { url: systems.consultationFee, valueMoney: { value: feeInr, currency: 'INR' } };
}
