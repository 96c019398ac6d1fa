import {
  NOT_ENRICHED,
  type Practice,
  practiceId,
  practitionerId,
  providerId,
  pullTime,
  type RawRecord,
} from '@provider-data/core';
import { testPull } from '@provider-data/core/testing';
import { describe, expect, it } from 'vitest';
import { createFortisTransformer } from './fortis-transformer.js';

const pull = testPull({ healthSystem: 'fortis' });
const transformer = createFortisTransformer();

function run(type: 'facility' | 'doctor', value: unknown, city = 'gurgaon') {
  const record: RawRecord = {
    kind: 'record',
    type,
    entity: type === 'facility' ? 'practice' : 'practitioner',
    position: 'line 1',
    value,
  };
  const file = {
    key: `fortis/datapulls/${pull.pullTimestamp}/by_city/${city}/${type === 'facility' ? 'facilities' : 'doctors'}.ndjson`,
    size: 1,
  };
  return transformer.transform(record, { pull, file, pullTime: pullTime(pull) });
}

const facility = {
  facility_code: 'FH-GGN',
  facility_name: 'Fortis Memorial Research Institute',
  facility_type: 'HOSPITAL',
  address_1: 'Sector 44',
  address_2: 'Opposite HUDA City Centre',
  locality: 'Sector 44',
  city: 'Gurgaon',
  state: 'Haryana',
  pin_code: '122 002',
  contact_numbers: '0124 4962200, 0124 7162200',
  geo: '28.4420,77.0720',
  nabh_accredited: 'Y',
};

const doctor = {
  doctor_code: 'FD-10234',
  salutation: 'Prof. Dr.',
  first_name: 'ANIL',
  middle_name: null,
  last_name: 'SHARMA',
  gender: 'M',
  primary_department: 'Cardiac Sciences',
  designation: 'Director & HOD',
  specialties: 'Cardiology|Interventional Cardiology',
  degrees: ['MBBS', 'MD (General Medicine)', 'DM (Cardiology)'],
  experience_years: 15,
  languages: 'Hindi|English|Punjabi',
  medical_council: 'DMC',
  registration_no: 'DMC/R/12345',
  facility_codes: 'FH-GGN|FH-NOIDA',
  opd_fee_inr: 1500,
  mobile: '+91 98100 12345',
  email: 'Anil.Sharma@Example.com',
  opd_schedule: 'Mon,Wed,Fri 10:00-14:00; Sat 09:00-12:00',
  status: 'ACTIVE',
  last_modified: 1763600000000,
};

describe('facility line → practice', () => {
  it('maps every field of the format', () => {
    const result = run('facility', facility);
    expect(result.issues).toBeUndefined();
    expect(result.unusableFields).toBeUndefined();
    const practice = result.practices?.[0];
    expect(practice).toEqual<Practice>({
      id: practiceId('fortis', 'FH-GGN'),
      healthSystem: 'fortis',
      sourceId: 'FH-GGN',
      name: 'Fortis Memorial Research Institute',
      facilityType: 'hospital',
      addressLine: 'Sector 44, Opposite HUDA City Centre',
      locality: 'Sector 44',
      city: 'Gurugram',
      state: 'Haryana',
      pincode: '122002',
      phones: ['+911244962200', '+911247162200'],
      email: null,
      latitude: 28.442,
      longitude: 77.072,
      geoSource: 'source',
      ...NOT_ENRICHED,
      active: true,
      raw: facility,
    });
  });

  it.each([
    ['HEART_INSTITUTE', 'hospital'],
    ['HOSPITAL', 'hospital'],
    ['CLINIC', 'clinic'],
    ['DAY_CARE', 'day_care'],
    ['Wellness Lounge', 'other'],
  ])('facility_type %s is %s', (type, expected) => {
    expect(run('facility', { ...facility, facility_type: type }).practices?.[0]?.facilityType).toBe(expected);
  });

  it('splits contact numbers on , and /', () => {
    const practice = run('facility', {
      ...facility,
      contact_numbers: '011 4713 5000/011 2682 5000, 9810012345',
    }).practices?.[0];
    expect(practice?.phones).toEqual(['+911147135000', '+911126825000', '+919810012345']);
  });

  it('leaves coordinates null for an empty geo, and counts an unreadable one as unusable', () => {
    const empty = run('facility', { ...facility, geo: '' });
    expect(empty.practices?.[0]).toMatchObject({ latitude: null, longitude: null, geoSource: null });
    expect(empty.unusableFields).toBeUndefined();
    const bad = run('facility', { ...facility, geo: 'near the flyover' });
    expect(bad.practices?.[0]).toMatchObject({ latitude: null, longitude: null });
    expect(bad.unusableFields).toEqual(['facility.geo']);
    expect(run('facility', { ...facility, geo: '0,0' }).unusableFields).toEqual(['facility.geo']);
    expect(run('facility', { ...facility, geo: '95.1,77.0' }).unusableFields).toEqual(['facility.geo']);
  });

  it('reads wrong-typed optional fields for their meaning when it is clear', () => {
    const result = run('facility', {
      ...facility,
      pin_code: 122002,
      contact_numbers: ['0124 4962200', '0124 7162200'],
      geo: { lat: 28.442, lng: 77.072 },
    });
    expect(result.practices?.[0]).toMatchObject({
      pincode: '122002',
      phones: ['+911244962200', '+911247162200'],
      latitude: 28.442,
      longitude: 77.072,
    });
    expect(result.unusableFields).toBeUndefined();
  });

  it('drops wrong-typed optional fields it cannot read, names them, and loads the line', () => {
    const result = run('facility', {
      ...facility,
      locality: 42,
      facility_type: ['HOSPITAL'],
      nabh_accredited: true,
    });
    expect(result.practices?.[0]).toMatchObject({ locality: null, facilityType: 'other' });
    expect(result.unusableFields?.sort()).toEqual(['facility.facility_type', 'facility.locality']);
  });

  it('takes the city from the folder when the line has none, and the state from the city', () => {
    const practice = run('facility', { ...facility, city: null, state: '' }, 'gurgaon').practices?.[0];
    expect(practice).toMatchObject({ city: 'Gurugram', state: 'Haryana' });
  });

  it('keeps unknown fields in raw', () => {
    const line = { ...facility, bed_count: 120, tele_consult: 'Y' };
    expect(run('facility', line).practices?.[0]?.raw).toBe(line);
  });

  it.each([
    [{ ...facility, facility_code: undefined }, 'missing_field', 'facility_code is required'],
    [{ ...facility, facility_code: '  ' }, 'missing_field', 'facility_code is required'],
    [{ ...facility, facility_name: null }, 'missing_field', 'facility_name is required'],
    [{ ...facility, facility_code: 12 }, 'invalid_value', 'facility_code must be a string, got number'],
    [
      { ...facility, facility_name: { en: 'x' } },
      'invalid_value',
      'facility_name must be a string, got object',
    ],
  ])('quarantines a line without a usable required field (%#)', (line, reason, message) => {
    const result = run('facility', line);
    expect(result.practices).toBeUndefined();
    expect(result.issues).toEqual([expect.objectContaining({ entity: 'practice', reason, message })]);
  });

  it('quarantines a value that is not an object', () => {
    expect(run('facility', ['FH-GGN']).issues?.[0]?.reason).toBe('not_an_object');
  });
});

describe('doctor line → practitioner and providers', () => {
  it('maps every field of the format', () => {
    const result = run('doctor', doctor);
    expect(result.issues).toBeUndefined();
    expect(result.unusableFields).toBeUndefined();
    expect(result.unmappedSpecialties).toBeUndefined();
    expect(result.practitioners).toEqual([
      {
        id: practitionerId('fortis', 'FD-10234'),
        healthSystem: 'fortis',
        sourceId: 'FD-10234',
        displayName: 'Anil Sharma',
        prefixes: ['Prof.', 'Dr.'],
        givenName: 'Anil',
        familyName: 'Sharma',
        gender: 'male',
        specialties: ['interventional-cardiology', 'cardiology'],
        specialtiesRaw: ['Cardiology', 'Interventional Cardiology'],
        qualifications: [
          { degree: 'MBBS', subject: null, institution: null },
          { degree: 'MD', subject: 'General Medicine', institution: null },
          { degree: 'DM', subject: 'Cardiology', institution: null },
        ],
        languages: ['hi', 'en', 'pa'],
        practiceStartYear: 2011,
        registrationCouncil: 'Delhi Medical Council',
        registrationNumber: '12345',
        phone: '+919810012345',
        email: 'anil.sharma@example.com',
        active: true,
        raw: doctor,
      },
    ]);
    const schedule = [
      { days: ['mon', 'wed', 'fri'], start: '10:00', end: '14:00' },
      { days: ['sat'], start: '09:00', end: '12:00' },
    ];
    expect(result.providers).toEqual(
      ['FH-GGN', 'FH-NOIDA'].map((code) => ({
        id: providerId('fortis', 'FD-10234', code),
        healthSystem: 'fortis',
        practitionerId: practitionerId('fortis', 'FD-10234'),
        practiceId: practiceId('fortis', code),
        practitionerSourceId: 'FD-10234',
        practiceSourceId: code,
        designation: 'Director & HOD',
        department: 'Cardiac Sciences',
        specialties: ['interventional-cardiology', 'cardiology'],
        consultationFeeInr: 1500,
        schedule,
        active: true,
      })),
    );
  });

  it.each([
    ['ACTIVE', true],
    ['ON_LEAVE', true],
    ['on leave', true],
    ['INACTIVE', false],
    ['inactive', false],
    [null, true],
  ])('status %s: providers active %s, practitioner stays active', (status, active) => {
    const result = run('doctor', { ...doctor, status });
    expect(result.practitioners?.[0]?.active).toBe(true);
    expect(result.providers?.map((p) => p.active)).toEqual([active, active]);
  });

  it('counts an unknown status as unusable and keeps the providers active', () => {
    const result = run('doctor', { ...doctor, status: 'SABBATICAL' });
    expect(result.providers?.every((p) => p.active)).toBe(true);
    expect(result.unusableFields).toEqual(['doctor.status']);
  });

  it.each([
    [15, 2011],
    ['15', 2011],
    ['15+', 2011],
    [null, null],
    ['', null],
  ])('experience_years %j is practice start year %j', (experience, year) => {
    expect(
      run('doctor', { ...doctor, experience_years: experience }).practitioners?.[0]?.practiceStartYear,
    ).toBe(year);
  });

  it.each([
    ['M', 'male'],
    ['F', 'female'],
    ['O', 'other'],
    ['', 'unknown'],
  ])('gender %j is %s', (gender, expected) => {
    expect(run('doctor', { ...doctor, gender }).practitioners?.[0]?.gender).toBe(expected);
  });

  it('keeps a single-name doctor and a doctor without salutation', () => {
    const result = run('doctor', { ...doctor, salutation: '', first_name: 'Ramesh', last_name: '' });
    expect(result.practitioners?.[0]).toMatchObject({
      displayName: 'Ramesh',
      prefixes: [],
      givenName: 'Ramesh',
      familyName: null,
    });
  });

  it('emits one provider per distinct facility code, and none for an empty list', () => {
    expect(
      run('doctor', { ...doctor, facility_codes: ' FH-GGN | FH-GGN |FH-DEL ' }).providers?.map(
        (p) => p.practiceSourceId,
      ),
    ).toEqual(['FH-GGN', 'FH-DEL']);
    const none = run('doctor', { ...doctor, facility_codes: '' });
    expect(none.providers).toEqual([]);
    expect(none.practitioners).toHaveLength(1);
  });

  it('emits providers of unknown facility codes too: the sink resolves them at the end of the pull', () => {
    const providers = run('doctor', { ...doctor, facility_codes: 'FH-NOWHERE' }).providers;
    expect(providers?.map((p) => p.practiceId)).toEqual([practiceId('fortis', 'FH-NOWHERE')]);
  });

  it('puts specialty wordings without a code in unmappedSpecialties and keeps them raw', () => {
    const result = run('doctor', { ...doctor, specialties: 'Orthopaedics|Sports Medicine' });
    expect(result.practitioners?.[0]).toMatchObject({
      specialties: ['orthopaedics'],
      specialtiesRaw: ['Orthopaedics', 'Sports Medicine'],
    });
    expect(result.unmappedSpecialties).toEqual(['Sports Medicine']);
  });

  it('reads wrong-typed optional fields for their meaning when it is clear', () => {
    const result = run('doctor', {
      ...doctor,
      specialties: ['Cardiology', 'Interventional Cardiology'],
      languages: ['Hindi', 'English'],
      facility_codes: ['FH-GGN'],
      degrees: 'MBBS, MD (General Medicine)',
      opd_fee_inr: '₹ 1,200',
      mobile: 9810012345,
      registration_no: 12345,
      last_modified: '1763600000000',
    });
    expect(result.unusableFields).toBeUndefined();
    expect(result.practitioners?.[0]).toMatchObject({
      specialties: ['interventional-cardiology', 'cardiology'],
      languages: ['hi', 'en'],
      qualifications: [
        { degree: 'MBBS', subject: null, institution: null },
        { degree: 'MD', subject: 'General Medicine', institution: null },
      ],
      phone: '+919810012345',
      registrationNumber: '12345',
    });
    expect(result.providers?.map((p) => [p.practiceSourceId, p.consultationFeeInr])).toEqual([
      ['FH-GGN', 1200],
    ]);
  });

  it('drops wrong-typed optional fields it cannot read, names them, and loads the line', () => {
    const result = run('doctor', {
      ...doctor,
      experience_years: true,
      opd_fee_inr: 'on request',
      email: 42,
      opd_schedule: { mon: '10-2' },
      last_modified: 'yesterday',
    });
    expect(result.practitioners).toHaveLength(1);
    expect(result.practitioners?.[0]).toMatchObject({ practiceStartYear: null, email: null });
    expect(result.providers?.[0]).toMatchObject({ consultationFeeInr: null, schedule: [] });
    expect(result.unusableFields?.sort()).toEqual([
      'doctor.email',
      'doctor.experience_years',
      'doctor.opd_fee_inr',
      'doctor.opd_schedule',
    ]);
  });

  it('counts values of the right type that mean nothing as unusable', () => {
    const result = run('doctor', {
      ...doctor,
      experience_years: 'lots',
      mobile: '12',
      email: 'not-an-email',
      opd_fee_inr: -5,
    });
    expect(result.practitioners?.[0]).toMatchObject({ practiceStartYear: null, phone: null, email: null });
    expect(result.unusableFields?.sort()).toEqual([
      'doctor.email',
      'doctor.experience_years',
      'doctor.mobile',
      'doctor.opd_fee_inr',
    ]);
  });

  it('keeps unknown fields in raw', () => {
    const line = { ...doctor, video_consult: true, schema_version: '1.1' };
    expect(run('doctor', line).practitioners?.[0]?.raw).toBe(line);
  });

  it.each([
    [{ ...doctor, doctor_code: undefined }, 'missing_field', 'doctor_code is required', null],
    [{ ...doctor, doctor_code: '' }, 'missing_field', 'doctor_code is required', null],
    [{ ...doctor, first_name: null }, 'missing_field', 'first_name is required', 'FD-10234'],
    [{ ...doctor, first_name: '   ' }, 'missing_field', 'first_name is required', 'FD-10234'],
    [{ ...doctor, doctor_code: 10234 }, 'invalid_value', 'doctor_code must be a string, got number', null],
    [
      { ...doctor, first_name: ['Anil'] },
      'invalid_value',
      'first_name must be a string, got an array',
      'FD-10234',
    ],
    [
      { ...doctor, salutation: 'Dr.', first_name: 'Dr.', last_name: '' },
      'invalid_value',
      'first_name makes no usable name',
      'FD-10234',
    ],
  ])('quarantines a line without a usable required field (%#)', (line, reason, message, sourceId) => {
    const result = run('doctor', line);
    expect(result.practitioners).toBeUndefined();
    expect(result.providers).toBeUndefined();
    expect(result.issues).toEqual([{ entity: 'practitioner', reason, message, sourceId }]);
  });

  it('quarantines a value that is not an object', () => {
    expect(run('doctor', 'FD-1').issues).toEqual([
      { entity: 'practitioner', reason: 'not_an_object', message: 'doctor line is not an object' },
    ]);
  });

  it('gives a visiting consultant the same practitioner from every city, and that city’s providers', () => {
    const gurgaon = run('doctor', { ...doctor, facility_codes: 'FH-GGN', opd_fee_inr: 1500 }, 'gurgaon');
    const delhi = run(
      'doctor',
      { ...doctor, facility_codes: 'FH-DEL', opd_fee_inr: 2000, status: 'INACTIVE' },
      'new-delhi',
    );
    const { raw: _a, ...fromGurgaon } = gurgaon.practitioners![0]!;
    const { raw: _b, ...fromDelhi } = delhi.practitioners![0]!;
    expect(fromDelhi).toEqual(fromGurgaon);
    expect(gurgaon.providers?.map((p) => [p.practiceSourceId, p.active])).toEqual([['FH-GGN', true]]);
    expect(delhi.providers?.map((p) => [p.practiceSourceId, p.active])).toEqual([['FH-DEL', false]]);
  });
});

describe('record types', () => {
  it('quarantines a record of a type the transformer does not know', () => {
    const result = transformer.transform(
      { kind: 'record', type: 'nurse', position: 'line 1', value: {} },
      { pull, file: { key: 'x', size: 0 }, pullTime: pullTime(pull) },
    );
    expect(result.issues?.[0]?.reason).toBe('invalid_record');
  });
});
