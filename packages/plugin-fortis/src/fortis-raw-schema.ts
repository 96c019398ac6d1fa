import { z } from 'zod';

/** A string with something in it besides white space. */
const present = z.string().refine((s) => s.trim().length > 0, 'must not be blank');
/** An optional text field: absent, null, or a string. */
const text = z.string().nullish();

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

/** Fields a facility line cannot load without. */
export const FACILITY_REQUIRED = ['facility_code', 'facility_name'] as const;
/** Fields a doctor line cannot load without. */
export const DOCTOR_REQUIRED = ['doctor_code', 'first_name'] as const;

/** The type of a raw field, for {@link matchesKinds}. */
export type RawFieldKind = 'required' | 'text' | 'number' | 'numberOrText' | 'strings';

/** Each field of {@link FortisFacilityLine} with its type: kept equal to the schema by a test. */
export const FACILITY_FIELD_KINDS: Readonly<Record<keyof typeof FortisFacilityLine.shape, RawFieldKind>> = {
  facility_code: 'required',
  facility_name: 'required',
  facility_type: 'text',
  address_1: 'text',
  address_2: 'text',
  locality: 'text',
  city: 'text',
  state: 'text',
  pin_code: 'text',
  contact_numbers: 'text',
  geo: 'text',
  nabh_accredited: 'text',
};

/** Each field of {@link FortisDoctorLine} with its type: kept equal to the schema by a test. */
export const DOCTOR_FIELD_KINDS: Readonly<Record<keyof typeof FortisDoctorLine.shape, RawFieldKind>> = {
  doctor_code: 'required',
  salutation: 'text',
  first_name: 'required',
  middle_name: 'text',
  last_name: 'text',
  gender: 'text',
  primary_department: 'text',
  designation: 'text',
  specialties: 'text',
  degrees: 'strings',
  experience_years: 'numberOrText',
  languages: 'text',
  medical_council: 'text',
  registration_no: 'text',
  facility_codes: 'text',
  opd_fee_inr: 'number',
  mobile: 'text',
  email: 'text',
  opd_schedule: 'text',
  status: 'text',
  last_modified: 'number',
};

/**
 * True when every field of `kinds` has its type in `value`: then the zod
 * schema accepts it too, and a transformer can skip zod (and its copy of the
 * object) on the lines that are plainly right, which are nearly all.
 */
export function matchesKinds(
  value: Record<string, unknown>,
  kinds: ReadonlyArray<readonly [string, RawFieldKind]>,
): boolean {
  for (const [field, kind] of kinds) {
    const v = value[field];
    switch (kind) {
      case 'required':
        if (typeof v !== 'string' || v.trim() === '') return false;
        break;
      case 'text':
        if (v != null && typeof v !== 'string') return false;
        break;
      case 'number':
        if (v != null && (typeof v !== 'number' || !Number.isFinite(v))) return false;
        break;
      case 'numberOrText':
        if (v != null && typeof v !== 'string' && (typeof v !== 'number' || !Number.isFinite(v)))
          return false;
        break;
      case 'strings':
        if (v != null && !(Array.isArray(v) && v.every((item) => typeof item === 'string'))) return false;
        break;
    }
  }
  return true;
}
