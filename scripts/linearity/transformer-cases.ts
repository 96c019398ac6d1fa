// Inputs for the plugins' transformers: a valid record with one field made long.
import type { RawRecord, TransformContext, Transformer } from '@provider-data/core';
import { testPull } from '@provider-data/core/testing';
import { createApolloTransformer } from '@provider-data/plugin-apollo';
import { createFortisTransformer } from '@provider-data/plugin-fortis';
import { joined, type LinearityCase, list, mobile, word } from './case.js';

const FORTIS_DOCTOR = {
  doctor_code: 'FD-10234',
  salutation: 'Dr.',
  first_name: 'Anil',
  last_name: 'Sharma',
  gender: 'M',
  primary_department: 'Cardiac Sciences',
  designation: 'Senior Consultant',
  specialties: 'Cardiology|Interventional Cardiology',
  degrees: ['MBBS', 'MD', 'DM (Cardiology)'],
  experience_years: '15+',
  languages: 'Hindi|English',
  medical_council: 'DMC',
  registration_no: 'DMC/R/12345',
  facility_codes: 'FH-GGN',
  opd_fee_inr: 1200,
  mobile: '9810012345',
  email: 'anil.sharma@example.org',
  opd_schedule: 'Mon,Wed,Fri 10:00-14:00',
  status: 'ACTIVE',
  last_modified: 1_763_600_000_000,
};
const FORTIS_FACILITY = {
  facility_code: 'FH-GGN',
  facility_name: 'Fortis Memorial Research Institute',
  facility_type: 'HOSPITAL',
  address_1: 'Sector 44',
  city: 'Gurgaon',
  state: 'Haryana',
  pin_code: '122002',
  contact_numbers: '0124 4962200',
  geo: '28.4420,77.0720',
  nabh_accredited: 'Y',
};
const APOLLO_DOCTOR = {
  doctorId: 'AD-000123',
  name: 'Dr. K. Ramesh Kumar',
  gender: 'Male',
  speciality: 'Consultant - Interventional Cardiology',
  qualifications: 'MBBS, MD (General Medicine), DM (Cardiology)',
  experience: '22 Years',
  languages: 'English, Tamil',
  registration: { council: 'Tamil Nadu Medical Council', number: '45678' },
  practiceLocations: [{ hospitalId: 'AH-CHN-001', fee: '₹ 1,200', slots: 'Mon-Sat 09:00 AM - 01:00 PM' }],
  mobile: '9840012345',
  updatedAt: '2026-11-20T11:01:12+05:30',
};
const APOLLO_HOSPITAL = {
  hospitalId: 'AH-CHN-001',
  name: 'Apollo Hospitals, Greams Road',
  category: 'Hospital',
  addressLine: '21 Greams Lane',
  city: 'Chennai',
  state: 'Tamil Nadu',
  pincode: '600006',
  phones: ['044-28293333'],
  departments: ['Cardiology'],
};

function contextFor(healthSystem: 'apollo' | 'fortis', key: string): TransformContext {
  const pull = testPull({ healthSystem });
  return {
    pull,
    file: { key: `${healthSystem}/datapulls/${pull.pullTimestamp}/by_city/${key}`, size: 1 },
    pullTime: new Date(),
  };
}

function field(
  fn: string,
  transformer: Transformer,
  context: TransformContext,
  record: { type: string; value: Record<string, unknown> },
  shapes: Record<string, (n: number) => unknown>,
): LinearityCase[] {
  return Object.entries(shapes).map(([shape, build]) => ({
    fn,
    shape,
    make(n) {
      const [name] = shape.split(':');
      const raw: RawRecord = {
        kind: 'record',
        type: record.type,
        position: 'line 1',
        value: { ...record.value, [name!]: build(n) },
      };
      return () => transformer.transform(raw, context);
    },
  }));
}

const fortis = createFortisTransformer();
const apollo = createApolloTransformer();
const fortisDoctors = contextFor('fortis', 'gurgaon/doctors.ndjson');
const fortisFacilities = contextFor('fortis', 'gurgaon/facilities.ndjson');
const apolloCity = contextFor('apollo', 'Chennai.json');
const pipes = (n: number) => joined(n, '|', (i) => `Speciality ${word(i)}`);

export const TRANSFORMER_CASES: LinearityCase[] = [
  ...field(
    'fortis transform (doctor)',
    fortis,
    fortisDoctors,
    { type: 'doctor', value: FORTIS_DOCTOR },
    {
      'specialties: distinct | items': pipes,
      'languages: distinct | items': (n) => joined(n, '|', word),
      'facility_codes: distinct | items': (n) => joined(n, '|', (i) => `FH-${i}`),
      'degrees: list of strings': (n) => list(n, (i) => `MD (${word(i)})`),
      'first_name: words': (n) => joined(n, ' ', word),
      'mobile: distinct , numbers': (n) => joined(n, ', ', mobile),
      'opd_schedule: slots ; items': (n) => joined(n, '; ', (i) => `Mon ${i % 12}:00-${(i % 12) + 1}:00 PM`),
      'status: run of spaces': (n) => `IN${' '.repeat(n)}ACTIVE`,
    },
  ),
  ...field(
    'fortis transform (facility)',
    fortis,
    fortisFacilities,
    { type: 'facility', value: FORTIS_FACILITY },
    {
      'contact_numbers: distinct , numbers': (n) => joined(n, ', ', mobile),
      'geo: run of spaces': (n) => `28.44${' '.repeat(n)}x`,
      'address_1: words': (n) => joined(n, ' ', word),
      'facility_name: words': (n) => joined(n, ' ', word),
    },
  ),
  ...field(
    'apollo transform (doctor)',
    apollo,
    apolloCity,
    { type: 'doctor', value: APOLLO_DOCTOR },
    {
      'name: words': (n) => joined(n, ' ', word),
      'qualifications: degrees , items': (n) => joined(n, ', ', (i) => `MD (${word(i)})`),
      'languages: , items': (n) => joined(n, ', ', word),
      'speciality: words': (n) => joined(n, ' ', word),
      'practiceLocations: list of entries': (n) => list(n, (i) => ({ hospitalId: `AH-${i}`, fee: '1200' })),
    },
  ),
  ...field(
    'apollo transform (hospital)',
    apollo,
    apolloCity,
    { type: 'hospital', value: APOLLO_HOSPITAL },
    {
      'phones: list of numbers': (n) => list(n, mobile),
      'addressLine: parts ,': (n) => joined(n, ', ', word),
      'departments: list of strings': (n) => list(n, word),
    },
  ),
];
