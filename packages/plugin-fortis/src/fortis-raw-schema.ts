import { optionalText as text, requiredText as present } from '@provider-data/core/kit';
import { z } from 'zod';

/**
 * One line of a Fortis `facilities.ndjson`, as the connector writes it
 * (Fortis data pull format v1). Unknown fields are kept: schema versions add
 * fields, and the canonical record's `raw` holds the line as read.
 *
 * ### Examples
 * ```ts
 * import { FortisFacilityLine } from '@provider-data/plugin-fortis';
 *
 * const line = FortisFacilityLine.parse({
 *   facility_code: 'FH-GGN', facility_name: 'Fortis Memorial Research Institute',
 *   facility_type: 'HOSPITAL', city: 'Gurgaon', contact_numbers: '0124 4962200, 0124 7162200',
 *   geo: '28.4420,77.0720', nabh_accredited: 'Y',
 * });
 * line.facility_code; // 'FH-GGN'
 * ```
 */
export const FortisFacilityLine = z.looseObject({
  /** Required, unique within Fortis: `FH-GGN`. */
  facility_code: present,
  /** Required: `Fortis Memorial Research Institute`. */
  facility_name: present,
  /** `HOSPITAL`, `CLINIC`, `DAY_CARE`, `HEART_INSTITUTE`, or other text. */
  facility_type: text,
  address_1: text,
  address_2: text,
  locality: text,
  /** May use an old name: `Gurgaon`. */
  city: text,
  state: text,
  /** `"122002"`, `"122 002"`, `""`. */
  pin_code: text,
  /** Several numbers separated by `,` or `/`. */
  contact_numbers: text,
  /** `"28.4420,77.0720"` or `""`. */
  geo: text,
  /** `Y` or `N`; kept in `raw` only. */
  nabh_accredited: text,
});
export type FortisFacilityLine = z.infer<typeof FortisFacilityLine>;

/**
 * One line of a Fortis `doctors.ndjson` (Fortis data pull format v1). Lists
 * are pipe-separated strings except `degrees`. Unknown fields are kept.
 *
 * ### Examples
 * ```ts
 * import { FortisDoctorLine } from '@provider-data/plugin-fortis';
 *
 * const result = FortisDoctorLine.safeParse({ doctor_code: 'FD-10234', first_name: 'Anil', status: 'ACTIVE' });
 * if (result.success) result.data.facility_codes; // undefined: the doctor has no affiliation
 * ```
 */
export const FortisDoctorLine = z.looseObject({
  /** Required, unique within Fortis: `FD-10234`. */
  doctor_code: present,
  /** `Dr.`, `Prof.`, `Prof. Dr.`, `""`. */
  salutation: text,
  /** Required. */
  first_name: present,
  middle_name: text,
  /** May be empty for single-name doctors. */
  last_name: text,
  /** `M`, `F`, `O`, `""`. */
  gender: text,
  /** `Cardiac Sciences`: the provider's department. */
  primary_department: text,
  /** `Director & HOD`, `Senior Consultant`. */
  designation: text,
  /** Pipe separated: `Cardiology|Interventional Cardiology`. */
  specialties: text,
  /** `["MBBS", "MS (Obs & Gynae)", "DNB"]`. */
  degrees: z.array(z.string()).nullish(),
  /** `15`, `"15"`, `"15+"`. */
  experience_years: z.union([z.number(), z.string()]).nullish(),
  /** Pipe separated: `Hindi|English|Punjabi`. */
  languages: text,
  /** `DMC`, `MMC`, `HMC`, `NMC`. */
  medical_council: text,
  /** `DMC/R/12345`, `12345`. */
  registration_no: text,
  /** Pipe separated: `FH-GGN|FH-NOIDA`; this city's facilities only. */
  facility_codes: text,
  opd_fee_inr: z.number().nullish(),
  mobile: text,
  email: text,
  /** `Mon,Wed,Fri 10:00-14:00; Sat 09:00-12:00`. */
  opd_schedule: text,
  /** `ACTIVE`, `INACTIVE`, `ON_LEAVE`. */
  status: text,
  /** Epoch milliseconds; kept in `raw` only. */
  last_modified: z.number().nullish(),
});
export type FortisDoctorLine = z.infer<typeof FortisDoctorLine>;
