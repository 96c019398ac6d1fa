import {
  cityState,
  cleanText,
  type Practice,
  type Practitioner,
  type Provider,
  practiceId,
  practitionerId,
  providerId,
  type RawRecord,
  type RecordIssue,
  standardizeAddressLine,
  standardizeCity,
  standardizeEmail,
  standardizeExperience,
  standardizeFacilityType,
  standardizeFee,
  standardizeGender,
  standardizeLanguages,
  standardizeNameParts,
  standardizePhone,
  standardizePhones,
  standardizePincode,
  standardizeQualifications,
  standardizeRegistration,
  standardizeSchedule,
  standardizeSpecialties,
  standardizeState,
  type TransformContext,
  type TransformResult,
  type Transformer,
  NOT_ENRICHED,
} from '@provider-data/core';
import type { z } from 'zod';
import {
  DOCTOR_FIELD_KINDS,
  DOCTOR_REQUIRED,
  FACILITY_FIELD_KINDS,
  FACILITY_REQUIRED,
  FortisDoctorLine,
  FortisFacilityLine,
  matchesKinds,
  type RawFieldKind,
} from './fortis-raw-schema.js';

/**
 * The registry key of Fortis, and the `health_system` of its rows.
 *
 * ### Examples
 * ```ts
 * import { practitionerId } from '@provider-data/core';
 * import { FORTIS } from '@provider-data/plugin-fortis';
 *
 * practitionerId(FORTIS, 'FD-10234');
 * ```
 */
export const FORTIS = 'fortis';

type Entity = RecordIssue['entity'];
type Fields = Record<string, unknown>;

const CITY_FOLDER = /\/by_city\/([^/]+)\//;
const GEO = /^\s*(-?\d{1,3}(?:\.\d+)?)\s*[,;\s]\s*(-?\d{1,3}(?:\.\d+)?)\s*$/;
/**
 * Longer than any coordinate pair: GEO is not tried on it. Its three `\s*`
 * around the separator split a long run of spaces in every way before failing.
 */
const GEO_MAX_LENGTH = 64;
const STATUS_SEPARATORS = /[\s-]+/g;
const DIGITS = /^\d+$/;

/**
 * The Fortis {@link Transformer}: a facility line becomes a Practice, a doctor
 * line a Practitioner and one Provider per code in its `facility_codes`. Pure
 * and allocation-light: it runs once per line of a pull of millions.
 *
 * - A line whose required field (`facility_code`, `facility_name`;
 *   `doctor_code`, `first_name`) is absent or blank is quarantined as
 *   `missing_field`; of the wrong type or unusable, as `invalid_value`.
 * - An optional field of the wrong type is read for its meaning when that is
 *   clear (a list for a pipe-separated string, a number for a numeric string)
 *   and otherwise dropped and named in `unusableFields`; the line loads.
 * - `status: INACTIVE` makes the doctor's providers inactive; the practitioner
 *   stays active (the spec says the affiliations end; a full pull that no
 *   longer lists the doctor deactivates the practitioner).
 * - Providers carry both source ids; the sink resolves their practice at the
 *   end of the pull and quarantines those of an unknown facility code.
 *
 * ### Examples
 * ```ts
 * import { createFortisTransformer } from '@provider-data/plugin-fortis';
 * import type { DataPull } from '@provider-data/core';
 *
 * declare const pull: DataPull;
 * const transformer = createFortisTransformer();
 * const result = transformer.transform(
 *   { kind: 'record', type: 'doctor', position: 'line 1', value: { doctor_code: 'FD-1', first_name: 'Anil', facility_codes: 'FH-GGN' } },
 *   { pull, file: { key: 'fortis/datapulls/20261120T053000Z/by_city/gurgaon/doctors.ndjson', size: 1 }, pullTime: new Date() },
 * );
 * result.providers?.[0]?.practiceSourceId; // 'FH-GGN'
 * ```
 */
export function createFortisTransformer(): Transformer {
  return {
    transform(record: RawRecord, context: TransformContext): TransformResult {
      if (record.type === 'facility') return transformFacility(record.value, context);
      if (record.type === 'doctor') return transformDoctor(record.value, context);
      return {
        issues: [
          {
            entity: record.entity ?? 'practitioner',
            reason: 'invalid_record',
            message: `unknown Fortis record type ${JSON.stringify(record.type)}`,
          },
        ],
      };
    },
  };
}

// ---------------------------------------------------------------- validation

/**
 * Readers of optional fields that came with the wrong type: the value to use
 * instead, or undefined to drop the field.
 */
const READ_FOR_MEANING: Record<string, (value: unknown) => unknown> = {
  specialties: pipeJoined,
  languages: pipeJoined,
  facility_codes: pipeJoined,
  degrees: (value) => (typeof value === 'string' ? [value] : stringsOf(value)),
  opd_fee_inr: (value) => standardizeFee(value).value ?? undefined,
  registration_no: numberAsText,
  mobile: numberAsText,
  pin_code: numberAsText,
  contact_numbers: (value) => (Array.isArray(value) ? stringsOf(value)?.join(', ') : numberAsText(value)),
  geo: geoAsText,
  last_modified: (value) => (typeof value === 'string' && DIGITS.test(value) ? Number(value) : undefined),
};

/** Fields kept in `raw` only: a wrong type there costs nothing, so it is not counted. */
const RAW_ONLY = new Set(['nabh_accredited', 'last_modified']);

type Validated<T> = { ok: true; line: T; unusable: string[] } | { ok: false; issue: RecordIssue };

const FACILITY_KINDS = Object.entries(FACILITY_FIELD_KINDS) as ReadonlyArray<readonly [string, RawFieldKind]>;
const DOCTOR_KINDS = Object.entries(DOCTOR_FIELD_KINDS) as ReadonlyArray<readonly [string, RawFieldKind]>;

function validate<S extends z.ZodType<Fields>>(
  schema: S,
  kinds: ReadonlyArray<readonly [string, RawFieldKind]>,
  value: unknown,
  required: readonly string[],
  recordName: 'facility' | 'doctor',
  entity: Entity,
  idField: string,
): Validated<z.output<S>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      ok: false,
      issue: { entity, reason: 'not_an_object', message: `${recordName} line is not an object` },
    };
  }
  // Nearly every line is plainly right: then it is used as read, without zod's copy.
  if (matchesKinds(value as Fields, kinds)) return { ok: true, line: value as z.output<S>, unusable: [] };
  const first = schema.safeParse(value);
  if (first.success) return { ok: true, line: first.data, unusable: [] };

  const fields = value as Fields;
  const rawId = fields[idField];
  const sourceId = typeof rawId === 'string' && rawId.trim() !== '' ? rawId.trim() : null;
  const bad = new Set<string>();
  for (const issue of first.error.issues) bad.add(String(issue.path[0] ?? ''));
  for (const field of required) {
    if (!bad.has(field)) continue;
    const given = fields[field];
    const missing =
      given === undefined || given === null || (typeof given === 'string' && given.trim() === '');
    return {
      ok: false,
      issue: missing
        ? { entity, sourceId, reason: 'missing_field', message: `${field} is required` }
        : {
            entity,
            sourceId,
            reason: 'invalid_value',
            message: `${field} must be a string, got ${describeType(given)}`,
          },
    };
  }
  // Only optional fields are wrong: read them for their meaning, or drop them.
  const repaired: Fields = { ...fields };
  const unusable: string[] = [];
  for (const field of bad) {
    const read = READ_FOR_MEANING[field]?.(fields[field]);
    if (read === undefined) {
      delete repaired[field];
      if (!RAW_ONLY.has(field)) unusable.push(`${recordName}.${field}`);
    } else {
      repaired[field] = read;
    }
  }
  const second = schema.safeParse(repaired);
  if (!second.success) {
    // A reader above returned a value of the wrong type: a bug, not bad data.
    throw new Error(`could not repair ${recordName} line: ${second.error.issues[0]?.message ?? 'invalid'}`);
  }
  return { ok: true, line: second.data, unusable };
}

function describeType(value: unknown): string {
  return Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value;
}

function stringsOf(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const strings = value.filter((item): item is string => typeof item === 'string');
  return strings.length > 0 || value.length === 0 ? strings : undefined;
}

function pipeJoined(value: unknown): string | undefined {
  return stringsOf(value)?.join('|');
}

function numberAsText(value: unknown): string | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
}

function geoAsText(value: unknown): string | undefined {
  if (Array.isArray(value) && value.length === 2 && value.every((n) => typeof n === 'number')) {
    return `${value[0]},${value[1]}`;
  }
  if (typeof value === 'object' && value !== null) {
    const o = value as Fields;
    const lat = o.lat ?? o.latitude;
    const lng = o.lng ?? o.lon ?? o.longitude;
    if (typeof lat === 'number' && typeof lng === 'number') return `${lat},${lng}`;
  }
  return undefined;
}

/**
 * Pipe-separated text to its trimmed, non-empty parts, in order, without
 * repeats. A set finds a repeat in constant time: `includes` on the list so
 * far made 140,000 distinct items take 369 s.
 */
function pipeList(text: string | null | undefined): string[] {
  if (!text) return [];
  const out = new Set<string>();
  for (const part of text.split('|')) {
    const item = part.trim();
    if (item !== '') out.add(item);
  }
  return [...out];
}

/** Records `field` as unusable when it held something and its standardizer made nothing of it. */
function noteUnusable(
  unusable: string[],
  field: string,
  raw: unknown,
  unmapped: readonly string[],
  empty: boolean,
) {
  if (empty && unmapped.length > 0 && raw !== null && raw !== undefined && raw !== '') unusable.push(field);
}

// ---------------------------------------------------------------- facility

function transformFacility(value: unknown, context: TransformContext): TransformResult {
  const checked = validate(
    FortisFacilityLine,
    FACILITY_KINDS,
    value,
    FACILITY_REQUIRED,
    'facility',
    'practice',
    'facility_code',
  );
  if (!checked.ok) return { issues: [checked.issue] };
  const { line, unusable } = checked;
  const sourceId = line.facility_code.trim();
  const name = cleanText(line.facility_name);
  if (name === null) {
    return {
      issues: [
        { entity: 'practice', sourceId, reason: 'invalid_value', message: 'facility_name is unusable' },
      ],
    };
  }

  let city = standardizeCity(line.city);
  noteUnusable(unusable, 'facility.city', line.city, city.unmapped, city.value === null);
  if (city.value === null) {
    // The folder names the city too: `by_city/gurgaon/` is Gurugram.
    const folder = CITY_FOLDER.exec(context.file.key)?.[1];
    if (folder) city = standardizeCity(folder.replaceAll('-', ' '));
  }
  const state = standardizeState(line.state);
  noteUnusable(unusable, 'facility.state', line.state, state.unmapped, state.value === null);
  const stateName = state.value ?? (city.value === null ? null : cityState(city.value));
  const pincode = standardizePincode(line.pin_code, stateName);
  noteUnusable(unusable, 'facility.pin_code', line.pin_code, pincode.unmapped, pincode.value === null);
  const phones = standardizePhones(line.contact_numbers);
  noteUnusable(
    unusable,
    'facility.contact_numbers',
    line.contact_numbers,
    phones.unmapped,
    phones.value.length === 0,
  );
  const address = standardizeAddressLine(joinAddress(line.address_1, line.address_2));

  let latitude: number | null = null;
  let longitude: number | null = null;
  if (line.geo && line.geo.trim() !== '') {
    const match = line.geo.length <= GEO_MAX_LENGTH ? GEO.exec(line.geo) : null;
    const lat = match ? Number(match[1]) : Number.NaN;
    const lng = match ? Number(match[2]) : Number.NaN;
    if (Math.abs(lat) <= 90 && Math.abs(lng) <= 180 && !(lat === 0 && lng === 0)) {
      latitude = lat;
      longitude = lng;
    } else {
      unusable.push('facility.geo');
    }
  }

  const practice: Practice = {
    id: practiceId(FORTIS, sourceId),
    healthSystem: FORTIS,
    sourceId,
    name,
    facilityType: standardizeFacilityType(line.facility_type).value,
    addressLine: address.value,
    locality: cleanText(line.locality),
    city: city.value,
    state: stateName,
    pincode: pincode.value,
    phones: phones.value,
    email: null,
    latitude,
    longitude,
    geoSource: latitude === null ? null : 'source',
    ...NOT_ENRICHED,
    active: true,
    raw: value,
  };
  return unusable.length > 0
    ? { practices: [practice], unusableFields: unusable }
    : { practices: [practice] };
}

function joinAddress(first: string | null | undefined, second: string | null | undefined): string | null {
  const a = first?.trim();
  const b = second?.trim();
  if (a && b) return `${a}, ${b}`;
  return a || b || null;
}

// ---------------------------------------------------------------- doctor

// Facility codes are few and repeat on every doctor line: their ids (a SHA-1 each) are worth keeping.
const PRACTICE_IDS = new Map<string, string>();
const PRACTICE_IDS_MAX = 100_000;

function practiceIdOf(code: string): string {
  let id = PRACTICE_IDS.get(code);
  if (id === undefined) {
    if (PRACTICE_IDS.size >= PRACTICE_IDS_MAX) PRACTICE_IDS.clear();
    id = practiceId(FORTIS, code);
    PRACTICE_IDS.set(code, id);
  }
  return id;
}

const INACTIVE = 'INACTIVE';
const KNOWN_STATUSES = new Set(['ACTIVE', 'INACTIVE', 'ON_LEAVE']);

function transformDoctor(value: unknown, context: TransformContext): TransformResult {
  const checked = validate(
    FortisDoctorLine,
    DOCTOR_KINDS,
    value,
    DOCTOR_REQUIRED,
    'doctor',
    'practitioner',
    'doctor_code',
  );
  if (!checked.ok) return { issues: [checked.issue] };
  const { line, unusable } = checked;
  const sourceId = line.doctor_code.trim();

  const name = standardizeNameParts({
    salutation: line.salutation,
    first: line.first_name,
    middle: line.middle_name,
    last: line.last_name,
  }).value;
  if (name === null) {
    return {
      issues: [
        {
          entity: 'practitioner',
          sourceId,
          reason: 'invalid_value',
          message: 'first_name makes no usable name',
        },
      ],
    };
  }

  const specialtiesRaw = pipeList(line.specialties);
  const specialties = standardizeSpecialties(specialtiesRaw);
  const experience = standardizeExperience(line.experience_years, context.pullTime);
  noteUnusable(
    unusable,
    'doctor.experience_years',
    line.experience_years,
    experience.unmapped,
    experience.value === null,
  );
  const phone = standardizePhone(line.mobile);
  noteUnusable(unusable, 'doctor.mobile', line.mobile, phone.unmapped, phone.value === null);
  const email = standardizeEmail(line.email);
  noteUnusable(unusable, 'doctor.email', line.email, email.unmapped, email.value === null);
  const registration = standardizeRegistration(line.medical_council, line.registration_no);
  noteUnusable(
    unusable,
    'doctor.registration_no',
    line.registration_no,
    registration.unmapped,
    registration.value === null,
  );

  let status = line.status ? line.status.trim().toUpperCase().replace(STATUS_SEPARATORS, '_') : '';
  if (status !== '' && !KNOWN_STATUSES.has(status)) {
    unusable.push('doctor.status');
    status = '';
  }

  const practitioner: Practitioner = {
    id: practitionerId(FORTIS, sourceId),
    healthSystem: FORTIS,
    sourceId,
    displayName: name.displayName,
    prefixes: name.prefixes,
    givenName: name.givenName,
    familyName: name.familyName,
    gender: standardizeGender(line.gender).value,
    specialties: specialties.value,
    specialtiesRaw,
    qualifications: standardizeQualifications(line.degrees ?? []).value,
    languages: standardizeLanguages(pipeList(line.languages)).value,
    practiceStartYear: experience.value,
    registrationCouncil: registration.value?.council || null,
    registrationNumber: registration.value?.number ?? null,
    phone: phone.value,
    email: email.value,
    // The practitioner stays active: INACTIVE ends the affiliations listed on this line (see README).
    active: true,
    raw: value,
  };

  const facilityCodes = pipeList(line.facility_codes);
  const providers: Provider[] = [];
  if (facilityCodes.length > 0) {
    const designation = cleanText(line.designation);
    const department = cleanText(line.primary_department);
    const fee = line.opd_fee_inr === null || line.opd_fee_inr === undefined ? null : line.opd_fee_inr;
    const consultationFeeInr = fee !== null && Number.isFinite(fee) && fee >= 0 ? fee : null;
    if (fee !== null && consultationFeeInr === null) unusable.push('doctor.opd_fee_inr');
    const schedule = standardizeSchedule(line.opd_schedule);
    noteUnusable(
      unusable,
      'doctor.opd_schedule',
      line.opd_schedule,
      schedule.unmapped,
      schedule.value.length === 0,
    );
    const active = status !== INACTIVE;
    for (const code of facilityCodes) {
      providers.push({
        id: providerId(FORTIS, sourceId, code),
        healthSystem: FORTIS,
        practitionerId: practitioner.id,
        practiceId: practiceIdOf(code),
        practitionerSourceId: sourceId,
        practiceSourceId: code,
        designation,
        department,
        specialties: specialties.value,
        consultationFeeInr,
        schedule: schedule.value,
        active,
      });
    }
  }

  const result: TransformResult = { practitioners: [practitioner], providers };
  if (specialties.unmapped.length > 0) result.unmappedSpecialties = specialties.unmapped;
  if (unusable.length > 0) result.unusableFields = unusable;
  return result;
}
