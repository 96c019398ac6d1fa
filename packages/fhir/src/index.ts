/**
 * `@provider-data/fhir`: the canonical provider tables as FHIR R4
 * (Practitioner, PractitionerRole, Organization, Location and the
 * project's specialty CodeSystem), written as Bulk Data NDJSON or
 * transaction Bundles, in full or since a pull. {@link exportFhir} writes a
 * folder; {@link exportFhirResources} hands resources to your own output;
 * the mapping functions turn one row into one resource.
 *
 * @packageDocumentation
 */
export * from './fhir-resources.js';
export * from './export-rows.js';
export {
  DEFAULT_BASE_URL,
  HPR_SYSTEM,
  fhirSystems,
  type FhirSystems,
  type FhirSystemsOptions,
} from './fhir-systems.js';
export {
  mappingContext,
  healthSystemOrganizationId,
  facilityOrganizationId,
  type MappingContext,
  type MappingContextOptions,
} from './mapping-context.js';
export { SPECIALTY_CODE_SYSTEM_ID, specialtyCodeSystem, specialtyConcept } from './specialty-code-system.js';
export { consultationFeeExtension } from './consultation-fee.js';
export { normalizeHprId } from './hpr-id.js';
export { practitioner, retiredPractitioner } from './practitioner.js';
export { practitionerRole } from './practitioner-role.js';
export { healthSystemOrganization, facilityOrganization } from './organization.js';
export { location } from './location.js';
export { bundleOutput, ndjsonOutput, type ExportFile, type ResourceOutput } from './export-output.js';
export { DEFAULT_HPR_ID_FIELDS, type FhirReadOptions } from './export-options.js';
export {
  exportFhir,
  exportFhirResources,
  type FhirExportOptions,
  type FhirExportResult,
  type FhirExportSummary,
} from './export-fhir.js';
