import { optionalTexts, requiredText } from '@provider-data/core/kit';
import { z } from 'zod';

/**
 * A row of a Sunrise `clinics.csv`. Every CSV field is text; the column
 * names are the header row's. Unknown columns are kept in `raw`.
 *
 * ### Examples
 * ```ts
 * import { SunriseClinic } from '@provider-data/plugin-template';
 *
 * SunriseClinic.parse({ clinic_id: 'SC-PUN-01', clinic_name: 'Sunrise Clinic, Baner' }).clinic_id; // 'SC-PUN-01'
 * ```
 */
export const SunriseClinic = z.looseObject({
  clinic_id: requiredText,
  clinic_name: requiredText,
  // phones: `;` separated; latitude and longitude: decimal degrees or empty.
  ...optionalTexts('address', 'locality', 'city', 'state', 'pincode', 'phones', 'latitude', 'longitude'),
});
export type SunriseClinic = z.infer<typeof SunriseClinic>;

/**
 * A row of a Sunrise `doctors.csv`. Lists (`specialties`, `languages`,
 * `clinic_ids`) are `;` separated.
 *
 * ### Examples
 * ```ts
 * import { SunriseDoctor } from '@provider-data/plugin-template';
 *
 * SunriseDoctor.safeParse({ doctor_id: 'SD-0001', name: 'Dr. Asha Rao', clinic_ids: 'SC-PUN-01' }).success; // true
 * ```
 */
export const SunriseDoctor = z.looseObject({
  doctor_id: requiredText,
  name: requiredText,
  ...optionalTexts('gender', 'specialties', 'qualifications', 'languages', 'experience'),
  ...optionalTexts('registration_council', 'registration_number', 'mobile', 'email'),
  ...optionalTexts('clinic_ids', 'fee_inr', 'timings'),
});
export type SunriseDoctor = z.infer<typeof SunriseDoctor>;
