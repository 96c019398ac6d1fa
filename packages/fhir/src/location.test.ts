import { describe, expect, it } from 'vitest';
import { unresolvedReferences, validationFailures } from '../test/fhir-validation.js';
import { practiceRow } from '../test/rows.js';
import { location } from './location.js';
import { facilityOrganizationId, healthSystemOrganizationId, mappingContext } from './mapping-context.js';
import { facilityOrganization, healthSystemOrganization } from './organization.js';

const context = mappingContext({ healthSystemNames: { apollo: 'Apollo Hospitals' } });
const hospital = practiceRow();

describe('Location and Organization from a practice row', () => {
  const resources = [
    healthSystemOrganization('apollo', context),
    facilityOrganization(hospital, context),
    location(hospital, context),
  ];
  const [system, facility, site] = resources as [
    ReturnType<typeof healthSystemOrganization>,
    ReturnType<typeof facilityOrganization>,
    ReturnType<typeof location>,
  ];

  it('are valid R4, and a hospital with its health system references nothing outside the three', () => {
    expect(validationFailures(resources)).toEqual([]);
    expect(unresolvedReferences(resources)).toEqual([]);
  });

  it('address: street and locality as lines, city, state, PIN code, country IN', () => {
    expect(site.address).toEqual({
      use: 'work',
      type: 'physical',
      text: '21 Greams Lane, Thousand Lights, Chennai, Tamil Nadu, 600006, India',
      line: ['21 Greams Lane', 'Thousand Lights'],
      city: 'Chennai',
      state: 'Tamil Nadu',
      postalCode: '600006',
      country: 'IN',
    });
    const sparse = location(
      practiceRow({ address_line: null, locality: null, pincode: null, state: null }),
      context,
    );
    expect(sparse.address).toEqual({
      use: 'work',
      type: 'physical',
      text: 'Chennai, India',
      city: 'Chennai',
      country: 'IN',
    });
    const nowhere = location(
      practiceRow({ address_line: null, locality: null, city: null, state: null, pincode: null }),
      context,
    );
    expect(nowhere.address).toBeUndefined();
  });

  it('position from the coordinates, only when both are known', () => {
    expect(site.position).toEqual({ latitude: 13.0604, longitude: 80.2496 });
    expect(location(practiceRow({ latitude: null }), context).position).toBeUndefined();
  });

  it("phones as work telecom; the type as a v3 RoleCode; status from the row's active", () => {
    expect(site.telecom).toEqual([
      { system: 'phone', value: '+914428293333', use: 'work' },
      { system: 'phone', value: '+914428294444', use: 'work' },
    ]);
    expect(site.type?.[0]?.coding?.[0]?.code).toBe('HOSP');
    expect(
      location(practiceRow({ facility_type: 'diagnostic_centre' }), context).type?.[0]?.coding?.[0]?.code,
    ).toBe('DX');
    expect(location(practiceRow({ facility_type: 'other' }), context).type).toBeUndefined();
    expect(site.status).toBe('active');
    expect(location(practiceRow({ active: false }), context).status).toBe('inactive');
  });

  it("a hospital is managed by its own Organization, part of the health system's; a clinic by the health system", () => {
    expect(site.managingOrganization).toEqual({ reference: `Organization/${facility.id}` });
    expect(facility.id).toBe(facilityOrganizationId('apollo', 'AH-CHN-001'));
    expect(facility.partOf).toEqual({ reference: `Organization/${system.id}`, display: 'Apollo Hospitals' });
    expect(facility.name).toBe('Apollo Hospitals, Greams Road');
    const clinic = location(practiceRow({ facility_type: 'clinic' }), context);
    expect(clinic.managingOrganization).toEqual({
      reference: `Organization/${healthSystemOrganizationId('apollo')}`,
    });
  });

  it('the health system Organization: its registry key as identifier, its display name', () => {
    expect(system).toMatchObject({
      name: 'Apollo Hospitals',
      active: true,
      identifier: [{ system: 'https://provider-data.dev/fhir/sid/health-system', value: 'apollo' }],
    });
    expect(healthSystemOrganization('fortis', mappingContext()).name).toBe('Fortis');
  });
});
