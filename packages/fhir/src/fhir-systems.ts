import { ConfigError } from '@provider-data/core';
import type { CodeableConcept } from './fhir-resources.js';
import { memoize } from './memo.js';

/**
 * The root of every URI this package mints (identifier systems, the
 * specialty CodeSystem, the fee extension). Stable: downstream systems
 * match identifiers by it. An organization that publishes its own may pass
 * another with {@link FhirSystemsOptions.baseUrl}.
 *
 * ### Examples
 * ```ts
 * import { DEFAULT_BASE_URL } from '@provider-data/fhir';
 *
 * console.log(`${DEFAULT_BASE_URL}/sid/apollo/practitioner`);
 * ```
 */
export const DEFAULT_BASE_URL = 'https://provider-data.dev/fhir';

/**
 * The identifier system of Health Professional Registry ids, as the ABDM
 * (NDHM) FHIR implementation guide writes them.
 *
 * ### Examples
 * ```ts
 * import { HPR_SYSTEM } from '@provider-data/fhir';
 *
 * const hpr = { system: HPR_SYSTEM, value: '71-1234-5678-9012' };
 * ```
 */
export const HPR_SYSTEM = 'https://doctor.ndhm.gov.in';

/** Options of {@link fhirSystems}. */
export interface FhirSystemsOptions {
  /** Root of the URIs this package mints. Default {@link DEFAULT_BASE_URL}. */
  baseUrl?: string;
}

/** The URIs of one export, from its base URL. */
export interface FhirSystems {
  baseUrl: string;
  /** A health system's source ids of one entity: `<base>/sid/<system>/<entity>`. */
  sourceId(healthSystem: string, entity: 'practitioner' | 'practice' | 'provider'): string;
  /** Registration numbers of one council: `<base>/sid/council/<council-slug>`. */
  council(council: string): string;
  /** The registry keys of health systems: `<base>/sid/health-system`. */
  healthSystem: string;
  /** The specialty CodeSystem's canonical URL. */
  specialty: string;
  /** The consultation fee extension's URL. */
  consultationFee: string;
}

/** `Tamil Nadu Medical Council` → `tamil-nadu-medical-council`. */
export function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * The identifier systems and canonical URLs of an export.
 *
 * ### Examples
 * ```ts
 * import { fhirSystems } from '@provider-data/fhir';
 *
 * const systems = fhirSystems();
 * systems.sourceId('apollo', 'practitioner'); // 'https://provider-data.dev/fhir/sid/apollo/practitioner'
 * systems.council('Delhi Medical Council'); // 'https://provider-data.dev/fhir/sid/council/delhi-medical-council'
 * ```
 */
export function fhirSystems(options: FhirSystemsOptions = {}): FhirSystems {
  const baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  if (!/^(https?|urn):/.test(baseUrl) || /\s/.test(baseUrl)) {
    throw new ConfigError(`baseUrl "${baseUrl}" must be an http(s) or urn URI without spaces`);
  }
  const sourceId = memoize((key) => {
    const [healthSystem, entity] = key.split('\u001f');
    return `${baseUrl}/sid/${slug(healthSystem ?? '')}/${entity}`;
  }, 1000);
  const council = memoize((name) => `${baseUrl}/sid/council/${slug(name)}`, 1000);
  return {
    baseUrl,
    sourceId: (healthSystem, entity) => sourceId(`${healthSystem}\u001f${entity}`),
    council,
    healthSystem: `${baseUrl}/sid/health-system`,
    specialty: `${baseUrl}/CodeSystem/specialty`,
    consultationFee: `${baseUrl}/StructureDefinition/consultation-fee`,
  };
}

const V2_0203 = 'http://terminology.hl7.org/CodeSystem/v2-0203';

/** Identifier type `RI` (resource identifier) of HL7 v2 table 0203: a source system's own id. */
export const SOURCE_ID_TYPE: CodeableConcept = {
  coding: [{ system: V2_0203, code: 'RI', display: 'Resource identifier' }],
};

/** Identifier type `MD` (medical license number) of HL7 v2 table 0203, as the ABDM IG types HPR ids. */
export const LICENSE_TYPE: CodeableConcept = {
  coding: [{ system: V2_0203, code: 'MD', display: 'Medical License number' }],
};

/** Identifier type `PRN` (provider number) of HL7 v2 table 0203: a health system's registry key. */
export const PROVIDER_NUMBER_TYPE: CodeableConcept = {
  coding: [{ system: V2_0203, code: 'PRN', display: 'Provider number' }],
};
