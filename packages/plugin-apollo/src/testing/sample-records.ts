/**
 * One valid record of each kind in an Apollo city document: a base for tests
 * and benchmarks that change one field of an otherwise ordinary record.
 *
 * ### Examples
 * ```ts
 * import { SAMPLE_APOLLO_DOCTOR } from '@provider-data/plugin-apollo/testing';
 *
 * const document = { hospitals: [], doctors: [{ ...SAMPLE_APOLLO_DOCTOR, doctorId: 'AD-2' }] };
 * ```
 */
export const SAMPLE_APOLLO_DOCTOR = Object.freeze({
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
});

/**
 * One valid hospital; see {@link SAMPLE_APOLLO_DOCTOR}.
 *
 * ### Examples
 * ```ts
 * import { SAMPLE_APOLLO_HOSPITAL } from '@provider-data/plugin-apollo/testing';
 *
 * SAMPLE_APOLLO_HOSPITAL.hospitalId; // 'AH-CHN-001'
 * ```
 */
export const SAMPLE_APOLLO_HOSPITAL = Object.freeze({
  hospitalId: 'AH-CHN-001',
  name: 'Apollo Hospitals, Greams Road',
  category: 'Hospital',
  addressLine: '21 Greams Lane',
  city: 'Chennai',
  state: 'Tamil Nadu',
  pincode: '600006',
  phones: ['044-28293333'],
  departments: ['Cardiology'],
});
