import type { DataPull, RawRecord, TransformContext } from '@provider-data/core';
import { NOT_ENRICHED, practiceId, practitionerId, providerId } from '@provider-data/core';
import { describe, expect, it } from 'vitest';
import { createApolloTransformer } from './apollo-transformer.js';

const pull: DataPull = {
  pullId: '00000000-0000-4000-8000-000000000001',
  healthSystem: 'apollo',
  pullTimestamp: '20261120T053000Z',
  dataType: 'full',
  bucket: null,
  status: 'pending',
};
const context: TransformContext = {
  pull,
  file: { key: 'apollo/datapulls/20261120T053000Z/by_city/Navi_Mumbai.json', size: 1 },
  pullTime: new Date('2026-11-20T05:30:00Z'),
};
const transformer = createApolloTransformer();
const hospital = (value: unknown) =>
  transformer.transform(
    { kind: 'record', type: 'hospital', position: 'hospitals[0]', value } as RawRecord,
    context,
  );
const doctor = (value: unknown) =>
  transformer.transform(
    { kind: 'record', type: 'doctor', position: 'doctors[0]', value } as RawRecord,
    context,
  );
const H = { hospitalId: 'AH-NMB-001', name: 'Apollo Hospitals, Belapur' };
const D = { doctorId: 'AD-1', name: 'Dr. K. Ramesh Kumar' };

describe('hospital → practice', () => {
  it('maps every documented field', () => {
    const { practices, issues, unusableFields } = hospital({
      ...H,
      name: '  Apollo  Hospitals,   Belapur ',
      category: 'Hospital',
      addressLine: 'Plot 13, Parsik Hill Road,\nSector 23',
      area: 'CBD Belapur',
      city: 'Navi Mumbai',
      state: 'Maharashtra',
      pincode: '400 614',
      phones: ['022-62806280 / 62806281', '+91 22 6280 6282'],
      email: ' Belapur@ApolloHospitals.COM ',
      location: { lat: 19.0213, lng: 73.0394 },
      bedCount: 500,
      departments: ['Cardiology'],
      futureField: { x: 1 },
    });
    expect(issues).toBeUndefined();
    expect(unusableFields).toBeUndefined();
    expect(practices).toEqual([
      {
        id: practiceId('apollo', 'AH-NMB-001'),
        healthSystem: 'apollo',
        sourceId: 'AH-NMB-001',
        name: 'Apollo Hospitals, Belapur',
        facilityType: 'hospital',
        addressLine: expect.stringContaining('Parsik Hill Road'),
        locality: 'CBD Belapur',
        city: 'Navi Mumbai',
        state: 'Maharashtra',
        pincode: '400614',
        phones: ['+912262806280', '+912262806281', '+912262806282'],
        email: 'belapur@apollohospitals.com',
        latitude: 19.0213,
        longitude: 73.0394,
        geoSource: 'source',
        ...NOT_ENRICHED,
        active: true,
        raw: expect.objectContaining({ futureField: { x: 1 } }),
      },
    ]);
  });

  it.each([
    ['Hospital', 'hospital'],
    ['Cradle', 'hospital'],
    ['Spectra', 'day_care'],
    ['Clinic', 'clinic'],
    ['Diagnostic Centre', 'diagnostic_centre'],
  ])('reads category %s as %s', (category, type) => {
    expect(hospital({ ...H, category }).practices?.[0]?.facilityType).toBe(type);
  });

  it.each([
    ['600006', '600006'],
    [600006, '600006'],
    ['600 006', '600006'],
    ['', null],
    [null, null],
  ])('reads pincode %j as %j', (pincode, expected) => {
    expect(hospital({ ...H, pincode }).practices?.[0]?.pincode).toBe(expected);
  });

  it('falls back to the city of the file name, and reads old city names', () => {
    expect(hospital(H).practices?.[0]?.city).toBe('Navi Mumbai');
    expect(hospital({ ...H, city: 'Bombay' }).practices?.[0]?.city).toBe('Mumbai');
    expect(hospital({ ...H, city: 'Gurgaon' }).practices?.[0]?.city).toBe('Gurugram');
  });

  it('reads a phone string as a list of one, and drops what it cannot use', () => {
    const one = hospital({ ...H, phones: '044 2829 3333' });
    expect(one.practices?.[0]?.phones).toEqual(['+914428293333']);
    expect(one.unusableFields).toBeUndefined();
    const bad = hospital({
      ...H,
      phones: { main: 1 },
      location: { lat: 'north' },
      pincode: 'abc',
      email: 'not-an-email',
    });
    expect(bad.practices).toHaveLength(1);
    expect(bad.practices?.[0]).toMatchObject({
      phones: [],
      latitude: null,
      geoSource: null,
      pincode: null,
      email: null,
    });
    expect(bad.unusableFields?.sort()).toEqual([
      'hospital.email',
      'hospital.location',
      'hospital.phones',
      'hospital.pincode',
    ]);
  });

  it.each([
    [{ name: 'X' }, 'missing_field'],
    [{ hospitalId: '  ', name: 'X' }, 'missing_field'],
    [{ hospitalId: 'H' }, 'missing_field'],
    [{ hospitalId: 12, name: 'X' }, 'invalid_value'],
    [{ hospitalId: 'H', name: ['X'] }, 'invalid_value'],
  ])('quarantines %j as %s', (value, reason) => {
    const result = hospital(value);
    expect(result.practices).toBeUndefined();
    expect(result.issues).toEqual([expect.objectContaining({ entity: 'practice', reason })]);
  });

  it.each([[null], ['AH-1'], [[H]], [42]])('quarantines %j as not_an_object', (value) => {
    expect(hospital(value).issues?.[0]?.reason).toBe('not_an_object');
  });
});

describe('doctor → practitioner and providers', () => {
  it('maps a doctor and one provider per practice location', () => {
    const result = doctor({
      ...D,
      gender: 'M',
      speciality: 'Sr. Consultant - Interventional Cardiology',
      qualifications: 'MBBS, MD (General Medicine), DM (Cardiology), FACC',
      experience: '22+ yrs',
      languages: 'English, Tamil, Hindi',
      registration: { council: 'Tamil Nadu Medical Council', number: '45678' },
      practiceLocations: [
        { hospitalId: 'AH-CHN-001', fee: '₹ 1,200', slots: 'Mon-Sat 09:00 AM - 01:00 PM' },
        { hospitalId: 'AH-CHN-002', fee: 800, slots: null },
      ],
      mobile: '098400 12345',
      updatedAt: '2026-11-19T10:00:00+05:30',
    });
    expect(result.issues).toBeUndefined();
    expect(result.practitioners?.[0]).toMatchObject({
      id: practitionerId('apollo', 'AD-1'),
      displayName: 'K. Ramesh Kumar',
      prefixes: ['Dr.'],
      gender: 'male',
      specialties: expect.arrayContaining(['interventional-cardiology']),
      specialtiesRaw: ['Sr. Consultant - Interventional Cardiology'],
      qualifications: expect.arrayContaining([
        expect.objectContaining({ degree: 'DM', subject: 'Cardiology' }),
      ]),
      languages: ['en', 'ta', 'hi'],
      practiceStartYear: 2004,
      registrationNumber: '45678',
      phone: '+919840012345',
      email: null,
      active: true,
    });
    expect(result.providers).toEqual([
      {
        id: providerId('apollo', 'AD-1', 'AH-CHN-001'),
        healthSystem: 'apollo',
        practitionerId: practitionerId('apollo', 'AD-1'),
        practiceId: practiceId('apollo', 'AH-CHN-001'),
        practitionerSourceId: 'AD-1',
        practiceSourceId: 'AH-CHN-001',
        designation: 'Senior Consultant',
        department: 'Interventional Cardiology',
        specialties: result.practitioners?.[0]?.specialties,
        consultationFeeInr: 1200,
        schedule: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'], start: '09:00', end: '13:00' }],
        active: true,
      },
      expect.objectContaining({ practiceSourceId: 'AH-CHN-002', consultationFeeInr: 800, schedule: [] }),
    ]);
  });

  it.each([
    ['Sr. Consultant Cardiologist', 'Senior Consultant', ['cardiology']],
    ['Consultant - Interventional Cardiology', 'Consultant', ['interventional-cardiology']],
    ['Obs & Gynae', null, ['obstetrics-gynaecology']],
    ['Paediatrician', null, ['paediatrics']],
    ['ENT', null, ['ent']],
    ['HOD - Orthopaedics', 'Head of Department', ['orthopaedics']],
    ['Associate Consultant, Neurology', 'Associate Consultant', ['neurology']],
  ])('reads speciality %s: designation %s, codes %j', (speciality, designation, codes) => {
    const result = doctor({ ...D, speciality, practiceLocations: [{ hospitalId: 'H' }] });
    expect(result.providers?.[0]?.designation).toBe(designation);
    expect(result.practitioners?.[0]?.specialties.slice(0, codes.length)).toEqual(codes);
  });

  it('counts a wording with no code as unmapped', () => {
    const result = doctor({ ...D, speciality: 'Sleep Medicine' });
    expect(result.practitioners?.[0]?.specialties).toEqual([]);
    expect(result.practitioners?.[0]?.specialtiesRaw).toEqual(['Sleep Medicine']);
    expect(result.unmappedSpecialties).toEqual(['Sleep Medicine']);
  });

  it('reads wrong-typed optional fields for their meaning, or drops them and says so', () => {
    const meaning = doctor({ ...D, experience: 12, practiceLocations: { hospitalId: 'H', fee: '500' } });
    expect(meaning.practitioners?.[0]?.practiceStartYear).toBe(2014);
    expect(meaning.providers).toHaveLength(1);
    expect(meaning.unusableFields).toBeUndefined();

    const dropped = doctor({
      ...D,
      experience: { years: 3 },
      registration: 'TNMC 1',
      speciality: 7,
      practiceLocations: 'AH-1',
    });
    expect(dropped.practitioners).toHaveLength(1);
    expect(dropped.practitioners?.[0]).toMatchObject({ practiceStartYear: null, registrationNumber: null });
    expect(dropped.unusableFields?.sort()).toEqual([
      'doctor.experience',
      'doctor.practiceLocations',
      'doctor.registration',
    ]);
  });

  it('quarantines a practice location without a hospital id but loads the doctor', () => {
    const result = doctor({
      ...D,
      practiceLocations: [{ fee: 500 }, 'AH-1', { hospitalId: 9 }, { hospitalId: 'H' }],
    });
    expect(result.practitioners).toHaveLength(1);
    expect(result.providers?.map((p) => p.practiceSourceId)).toEqual(['H']);
    expect(result.issues?.map((i) => [i.entity, i.reason])).toEqual([
      ['provider', 'missing_field'],
      ['provider', 'not_an_object'],
      ['provider', 'invalid_value'],
    ]);
  });

  it('cleans names with entities, ranks and stray whitespace', () => {
    const result = doctor({ ...D, name: ' Prof. Dr. (Col.)  Anil  D&#39;Souza (Retd.) ' });
    expect(result.practitioners?.[0]?.displayName).toBe("Anil D'Souza");
    expect(result.practitioners?.[0]?.prefixes).toEqual(expect.arrayContaining(['Prof.', 'Dr.', 'Col.']));
  });

  it.each([
    [{ name: 'Dr. A' }, 'missing_field'],
    [{ doctorId: '', name: 'Dr. A' }, 'missing_field'],
    [{ doctorId: 'D' }, 'missing_field'],
    [{ doctorId: 'D', name: null }, 'missing_field'],
    [{ doctorId: 123, name: 'Dr. A' }, 'invalid_value'],
    [{ doctorId: 'D', name: { first: 'A' } }, 'invalid_value'],
  ])('quarantines %j as %s', (value, reason) => {
    const result = doctor(value);
    expect(result.practitioners).toBeUndefined();
    expect(result.issues).toEqual([expect.objectContaining({ entity: 'practitioner', reason })]);
  });

  it('quarantines a name that holds no name', () => {
    expect(doctor({ ...D, name: 'Dr.' }).issues?.[0]?.reason).toBe('invalid_value');
  });

  it('gives the same output for the same input (pure)', () => {
    const value = { ...D, speciality: 'Cardiology', practiceLocations: [{ hospitalId: 'H', fee: '₹ 500' }] };
    expect(doctor(value)).toEqual(doctor(structuredClone(value)));
  });
});
