import { describe, expect, it } from 'vitest';
import { unresolvedReferences, validationFailures } from '../test/fhir-validation.js';
import { practitionerRow } from '../test/rows.js';
import { HPR_SYSTEM } from './fhir-systems.js';
import { normalizeHprId } from './hpr-id.js';
import { mappingContext } from './mapping-context.js';
import { practitioner, retiredPractitioner } from './practitioner.js';

const context = mappingContext({ healthSystemNames: { apollo: 'Apollo Hospitals' } });
const row = practitionerRow();

describe('Practitioner from one practitioner row', () => {
  const resource = practitioner(row.id, [row], context);

  it('is valid R4 and references nothing', () => {
    expect(validationFailures([resource])).toEqual([]);
    expect(unresolvedReferences([resource])).toEqual([]);
  });

  it('name: the honorifics as prefixes, given names split, family, and the full text', () => {
    expect(resource.name).toEqual([
      {
        use: 'official',
        text: 'Dr. Prof. K. Ramesh Kumar',
        family: 'Kumar',
        given: ['K.', 'Ramesh'],
        prefix: ['Dr.', 'Prof.'],
      },
    ]);
  });

  it('a single-name doctor has a name without family or given', () => {
    const single = practitionerRow({
      display_name: 'Ramesh',
      given_name: 'Ramesh',
      family_name: null,
      prefixes: [],
    });
    expect(practitioner(single.id, [single], context).name).toEqual([
      { use: 'official', text: 'Ramesh', given: ['Ramesh'] },
    ]);
  });

  it('gender, active and telecom (the mobile, the email)', () => {
    expect(resource.gender).toBe('male');
    expect(resource.active).toBe(true);
    expect(resource.telecom).toEqual([
      { system: 'phone', value: '+919840012345', use: 'mobile' },
      { system: 'email', value: 'ramesh@example.org', use: 'work' },
    ]);
    const bare = practitionerRow({ phone: null, email: null, active: false });
    const inactive = practitioner(bare.id, [bare], context);
    expect(inactive.telecom).toBeUndefined();
    expect(inactive.active).toBe(false);
  });

  it('communication: each language as a BCP-47 code', () => {
    expect(resource.communication).toEqual(
      ['en', 'ta', 'hi'].map((code) => ({ coding: [{ system: 'urn:ietf:bcp:47', code }] })),
    );
  });

  it('qualification: degree and subject as code text, the institution as issuer', () => {
    expect(resource.qualification).toEqual([
      { code: { text: 'MBBS' } },
      { code: { text: 'DM (Cardiology)' }, issuer: { display: 'AIIMS New Delhi' } },
    ]);
  });

  it('identifiers: the source id under the health system, the registration under its council', () => {
    expect(resource.identifier).toEqual([
      {
        use: 'usual',
        type: {
          coding: [
            {
              system: 'http://terminology.hl7.org/CodeSystem/v2-0203',
              code: 'RI',
              display: 'Resource identifier',
            },
          ],
        },
        system: 'https://provider-data.dev/fhir/sid/apollo/practitioner',
        value: 'AD-000123',
        assigner: { display: 'Apollo Hospitals' },
      },
      {
        use: 'official',
        type: {
          coding: [
            {
              system: 'http://terminology.hl7.org/CodeSystem/v2-0203',
              code: 'MD',
              display: 'Medical License number',
            },
          ],
        },
        system: 'https://provider-data.dev/fhir/sid/council/tamil-nadu-medical-council',
        value: '45678',
        assigner: { display: 'Tamil Nadu Medical Council' },
      },
    ]);
  });

  it('a registration number without its council is not an identifier', () => {
    const noCouncil = practitionerRow({ registration_council: '' });
    expect(practitioner(noCouncil.id, [noCouncil], context).identifier).toHaveLength(1);
  });

  it("an HPR id under ABDM's system, normalized; a malformed one is left out", () => {
    const withHpr = practitionerRow({ hpr_id: '71 1234 5678 9012' });
    expect(practitioner(withHpr.id, [withHpr], context).identifier?.at(-1)).toMatchObject({
      system: HPR_SYSTEM,
      value: '71-1234-5678-9012',
    });
    const malformed = practitionerRow({ hpr_id: 'HPR-1234' });
    expect(
      practitioner(malformed.id, [malformed], context).identifier?.some((i) => i.system === HPR_SYSTEM),
    ).toBe(false);
    expect(normalizeHprId(71123456789012)).toBe('71-1234-5678-9012');
    expect(normalizeHprId('7112345678901')).toBeNull();
  });

  it('another base URL moves every minted system', () => {
    const own = practitioner(row.id, [row], mappingContext({ baseUrl: 'https://fhir.example.in/' }));
    expect(own.identifier?.map((i) => i.system)).toEqual([
      'https://fhir.example.in/sid/apollo/practitioner',
      'https://fhir.example.in/sid/council/tamil-nadu-medical-council',
    ]);
  });
});

describe('Practitioner of a person linked across health systems', () => {
  const apollo = practitionerRow({
    updated_at: Date.parse('2026-11-01T00:00:00Z') / 1000,
    hpr_id: '71-1234-5678-9012',
  });
  const fortis = practitionerRow({
    health_system: 'fortis',
    source_id: 'FD-10234',
    display_name: 'Ramesh Kumar K',
    given_name: 'Ramesh Kumar',
    family_name: 'K',
    prefixes: ['Dr.'],
    gender: 'unknown',
    languages: ['hi', 'pa'],
    phone: '+919811100000',
    email: 'ramesh@example.org',
    registration_council: 'Tamil Nadu Medical Council',
    registration_number: '45678',
    hpr_id: '71123456789012',
    updated_at: Date.parse('2026-11-25T00:00:00Z') / 1000,
  });
  const person = practitioner('0b7a7d3e-9c1f-5a55-8a6e-3c1b6f1e2d4a', [apollo, fortis], context);

  it("carries every source's identifier; a registration or HPR id both share, once", () => {
    expect(person.id).toBe('0b7a7d3e-9c1f-5a55-8a6e-3c1b6f1e2d4a');
    expect(
      person.identifier?.map(
        (i) => `${i.system.replace('https://provider-data.dev/fhir/sid/', '')}|${i.value}`,
      ),
    ).toEqual([
      'fortis/practitioner|FD-10234',
      'council/tamil-nadu-medical-council|45678',
      `${HPR_SYSTEM}|71-1234-5678-9012`,
      'apollo/practitioner|AD-000123',
    ]);
    expect(validationFailures([person])).toEqual([]);
  });

  it('the most recently changed active row leads; a known gender wins over unknown', () => {
    expect(person.name?.map((n) => n.text)).toEqual(['Dr. Ramesh Kumar K', 'Dr. Prof. K. Ramesh Kumar']);
    expect(person.gender).toBe('male');
    expect(person.communication?.map((c) => c.coding?.[0]?.code)).toEqual(['hi', 'pa', 'en', 'ta']);
    expect(person.telecom?.map((t) => t.value)).toEqual([
      '+919811100000',
      '+919840012345',
      'ramesh@example.org',
    ]);
  });

  it('active while any of its rows is; an inactive row does not lead', () => {
    const gone = { ...fortis, active: false };
    const resource = practitioner('0b7a7d3e-9c1f-5a55-8a6e-3c1b6f1e2d4a', [apollo, gone], context);
    expect(resource.active).toBe(true);
    expect(resource.name?.[0]?.text).toBe('Dr. Prof. K. Ramesh Kumar');
    expect(practitioner('0b7a7d3e-9c1f-5a55-8a6e-3c1b6f1e2d4a', [gone], context).active).toBe(false);
  });

  it('a retired person is only its id, inactive, and valid', () => {
    const retired = retiredPractitioner('0b7a7d3e-9c1f-5a55-8a6e-3c1b6f1e2d4a');
    expect(retired).toEqual({
      resourceType: 'Practitioner',
      id: '0b7a7d3e-9c1f-5a55-8a6e-3c1b6f1e2d4a',
      active: false,
    });
    expect(validationFailures([retired])).toEqual([]);
  });
});
