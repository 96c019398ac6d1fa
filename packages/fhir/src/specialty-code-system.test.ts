import { SPECIALTIES } from '@provider-data/core';
import { describe, expect, it } from 'vitest';
import { validationFailures } from '../test/fhir-validation.js';
import { fhirSystems, slug } from './fhir-systems.js';
import { specialtyCodeSystem, specialtyConcept } from './specialty-code-system.js';

const systems = fhirSystems();

describe('the specialty CodeSystem', () => {
  const codeSystem = specialtyCodeSystem(systems);

  it('is valid R4 and holds every canonical specialty code', () => {
    expect(validationFailures([codeSystem])).toEqual([]);
    expect(codeSystem.concept.map((c) => c.code)).toEqual(SPECIALTIES.map((s) => s.code));
    expect(codeSystem.count).toBe(SPECIALTIES.length);
    expect(codeSystem.url).toBe('https://provider-data.dev/fhir/CodeSystem/specialty');
  });

  it('carries the HFR code as the hfr property where HFR has one', () => {
    const concept = (code: string) => codeSystem.concept.find((c) => c.code === code);
    expect(concept('cardiology')?.property).toEqual([{ code: 'hfr', valueString: 'M-S6' }]);
    expect(concept('dentistry')?.property).toBeUndefined();
    expect(codeSystem.concept.filter((c) => c.property).length).toBe(SPECIALTIES.filter((s) => s.hfr).length);
    expect(concept('ent')?.designation).toContainEqual({ value: 'ENT Surgeon' });
  });

  it('a code not in it is kept as text without a coding', () => {
    expect(specialtyConcept('sports-medicine', systems)).toEqual({ text: 'sports-medicine' });
  });
});

describe('identifier systems', () => {
  it('slugs councils and health systems into URI paths', () => {
    expect(slug('Travancore Cochin Medical Council')).toBe('travancore-cochin-medical-council');
    expect(slug('Médical Council of J&K ')).toBe('medical-council-of-j-and-k');
    expect(systems.sourceId('apollo', 'practice')).toBe('https://provider-data.dev/fhir/sid/apollo/practice');
  });

  it('refuses a base URL that is not a URI', () => {
    expect(() => fhirSystems({ baseUrl: 'provider data' })).toThrow(
      /baseUrl "provider data" must be an http\(s\) or urn URI/,
    );
  });
});
