import { describe, expect, it } from 'vitest';
import { validationFailures } from '../test/fhir-validation.js';
import { providerRow } from '../test/rows.js';
import { facilityOrganizationId, healthSystemOrganizationId, mappingContext } from './mapping-context.js';
import { availableTimes, practitionerRole } from './practitioner-role.js';

const context = mappingContext();
const row = providerRow();
const role = practitionerRole(row, context);

describe('PractitionerRole from a provider row', () => {
  it('is valid R4', () => {
    expect(validationFailures([role])).toEqual([]);
  });

  it("references the Practitioner, the practice's Location and the Organization that runs it", () => {
    expect(role.practitioner).toEqual({ reference: `Practitioner/${row.practitioner_resource_id}` });
    expect(role.location).toEqual([{ reference: `Location/${row.practice_id}` }]);
    expect(role.organization).toEqual({
      reference: `Organization/${facilityOrganizationId('apollo', 'AH-CHN-001')}`,
    });
    const atClinic = practitionerRole(providerRow({ practice_facility_type: 'clinic' }), context);
    expect(atClinic.organization).toEqual({
      reference: `Organization/${healthSystemOrganizationId('apollo')}`,
    });
  });

  it('specialties coded in the project CodeSystem, most specific first', () => {
    expect(role.specialty).toEqual([
      {
        coding: [
          {
            system: 'https://provider-data.dev/fhir/CodeSystem/specialty',
            code: 'interventional-cardiology',
            display: 'Interventional Cardiology',
          },
        ],
        text: 'Interventional Cardiology',
      },
      {
        coding: [
          {
            system: 'https://provider-data.dev/fhir/CodeSystem/specialty',
            code: 'cardiology',
            display: 'Cardiology',
          },
        ],
        text: 'Cardiology',
      },
    ]);
  });

  it('a provider without specialties has no specialty element', () => {
    expect(practitionerRole(providerRow({ specialties: [] }), context).specialty).toBeUndefined();
  });

  it('the role is doctor, with the designation as text', () => {
    expect(role.code).toEqual([
      {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/practitioner-role',
            code: 'doctor',
            display: 'Doctor',
          },
        ],
        text: 'Senior Consultant',
      },
    ]);
  });

  it('the fee as the consultation-fee extension in INR, whether the driver gives text or a number', () => {
    const fee = [
      {
        url: 'https://provider-data.dev/fhir/StructureDefinition/consultation-fee',
        valueMoney: { value: 1200, currency: 'INR' },
      },
    ];
    expect(role.extension).toEqual(fee);
    expect(practitionerRole(providerRow({ consultation_fee_inr: 1200 }), context).extension).toEqual(fee);
    expect(practitionerRole(providerRow({ consultation_fee_inr: null }), context).extension).toBeUndefined();
  });

  it('the schedule as availableTime; 24:00, which FHIR time cannot hold, as 23:59:59; a whole day as allDay', () => {
    expect(role.availableTime).toEqual([
      { daysOfWeek: ['mon', 'tue'], availableStartTime: '09:00:00', availableEndTime: '13:00:00' },
    ]);
    const times = availableTimes([
      { days: ['sat'], start: '18:00', end: '24:00' },
      { days: ['sun'], start: '00:00', end: '24:00' },
    ]);
    expect(times).toEqual([
      { daysOfWeek: ['sat'], availableStartTime: '18:00:00', availableEndTime: '23:59:59' },
      { daysOfWeek: ['sun'], allDay: true },
    ]);
    const late = practitionerRole(
      providerRow({ schedule: [{ days: ['sat'], start: '18:00', end: '24:00' }] }),
      context,
    );
    expect(validationFailures([late])).toEqual([]);
    // The validator does reject the time as the model writes it.
    const unfixed = { ...late, availableTime: [{ availableEndTime: '24:00:00' }] };
    expect(validationFailures([unfixed])).toHaveLength(1);
  });

  it('active from the row; the provider key as identifier', () => {
    expect(practitionerRole(providerRow({ active: false }), context).active).toBe(false);
    expect(role.identifier?.[0]).toMatchObject({
      system: 'https://provider-data.dev/fhir/sid/apollo/provider',
      value: 'AD-000123@AH-CHN-001',
    });
  });
});
