import { SPECIALTIES, specialtyName } from '@provider-data/core';
import packageJson from '../package.json' with { type: 'json' };
import type { CodeableConcept, CodeSystem } from './fhir-resources.js';
import type { FhirSystems } from './fhir-systems.js';

/** The id of the specialty CodeSystem resource in every export. */
export const SPECIALTY_CODE_SYSTEM_ID = 'provider-data-specialty';

/**
 * The CodeSystem of the project's canonical specialty codes (core's
 * `SPECIALTIES`), published in every export: each concept carries its
 * display name, the wordings that fold onto it as designations, and the
 * Health Facility Registry (India) code as the `hfr` property where HFR has
 * one.
 *
 * ### Examples
 * ```ts
 * import { fhirSystems, specialtyCodeSystem } from '@provider-data/fhir';
 *
 * const codeSystem = specialtyCodeSystem(fhirSystems());
 * codeSystem.concept.find((c) => c.code === 'cardiology')?.property; // [{ code: 'hfr', valueString: 'M-S6' }]
 * ```
 */
export function specialtyCodeSystem(systems: FhirSystems): CodeSystem {
  return {
    resourceType: 'CodeSystem',
    id: SPECIALTY_CODE_SYSTEM_ID,
    url: systems.specialty,
    version: packageJson.version,
    name: 'ProviderDataSpecialty',
    title: 'Provider Data Manager canonical specialties',
    status: 'active',
    publisher: 'Provider Data Manager',
    description:
      'The canonical specialty codes that Provider Data Manager folds source wordings onto, with the Health Facility Registry (India) specialty code as the hfr property where one exists.',
    caseSensitive: true,
    content: 'complete',
    count: SPECIALTIES.length,
    property: [
      { code: 'hfr', description: 'The Health Facility Registry (India) specialty code', type: 'string' },
    ],
    concept: SPECIALTIES.map((s) => ({
      code: s.code,
      display: s.name,
      ...(s.synonyms.length > 0 ? { designation: s.synonyms.map((value) => ({ value })) } : {}),
      ...(s.hfr ? { property: [{ code: 'hfr', valueString: s.hfr }] } : {}),
    })),
  };
}

/**
 * A canonical specialty code as a CodeableConcept of the specialty
 * CodeSystem; an unknown code keeps its text and no coding.
 *
 * ### Examples
 * ```ts
 * import { fhirSystems, specialtyConcept } from '@provider-data/fhir';
 *
 * specialtyConcept('ent', fhirSystems()).text; // 'Otorhinolaryngology'
 * ```
 */
export function specialtyConcept(code: string, systems: FhirSystems): CodeableConcept {
  let concepts = CONCEPTS.get(systems);
  if (!concepts) {
    concepts = new Map();
    CONCEPTS.set(systems, concepts);
  }
  let concept = concepts.get(code);
  if (!concept) {
    const display = specialtyName(code);
    concept =
      display === undefined
        ? { text: code }
        : { coding: [{ system: systems.specialty, code, display }], text: display };
    // Unknown codes are text from the database: do not let them grow the map without bound.
    if (display !== undefined) concepts.set(code, concept);
  }
  return concept;
}

/** The concepts of each set of systems, made once: one object per specialty, shared by every role that has it. */
const CONCEPTS = new WeakMap<FhirSystems, Map<string, CodeableConcept>>();
