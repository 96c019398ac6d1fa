/**
 * One valid line of each Fortis file, as the connector writes it: a base for
 * tests and benchmarks that change one field of an otherwise ordinary record.
 *
 * ### Examples
 * ```ts
 * import { SAMPLE_FORTIS_DOCTOR } from '@provider-data/plugin-fortis/testing';
 *
 * const line = JSON.stringify({ ...SAMPLE_FORTIS_DOCTOR, doctor_code: 'FD-2' });
 * ```
 */
export const SAMPLE_FORTIS_DOCTOR = Object.freeze({
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
});

/**
 * One valid facility line; see {@link SAMPLE_FORTIS_DOCTOR}.
 *
 * ### Examples
 * ```ts
 * import { SAMPLE_FORTIS_FACILITY } from '@provider-data/plugin-fortis/testing';
 *
 * SAMPLE_FORTIS_FACILITY.facility_code; // 'FH-GGN'
 * ```
 */
export const SAMPLE_FORTIS_FACILITY = Object.freeze({
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
});
