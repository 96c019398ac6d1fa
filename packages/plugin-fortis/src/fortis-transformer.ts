import * as core from '@provider-data/core';
import * as kit from '@provider-data/core/kit';
import { FortisDoctorLine, FortisFacilityLine } from './fortis-raw-schema.js';

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
export function createFortisTransformer(): core.Transformer {
  return kit.transformerByType('Fortis', { facility: transformFacility, doctor: transformDoctor });
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
  opd_fee_inr: (value) => core.standardizeFee(value).value ?? undefined,
  registration_no: numberAsText,
  mobile: numberAsText,
  pin_code: numberAsText,
  contact_numbers: (value) => (Array.isArray(value) ? stringsOf(value)?.join(', ') : numberAsText(value)),
  geo: geoAsText,
  last_modified: (value) => (typeof value === 'string' && DIGITS.test(value) ? Number(value) : undefined),
};

/** Fields kept in `raw` only: a wrong type there costs nothing, so it is not counted. */
const RAW_ONLY = ['nabh_accredited', 'last_modified'];

const facilities = kit.createRecordValidator({
  schema: FortisFacilityLine,
  name: 'facility',
  label: 'facility line',
  entity: 'practice',
  idField: 'facility_code',
  readForMeaning: READ_FOR_MEANING,
  rawOnly: RAW_ONLY,
});
const doctors = kit.createRecordValidator({
  schema: FortisDoctorLine,
  name: 'doctor',
  label: 'doctor line',
  entity: 'practitioner',
  idField: 'doctor_code',
  readForMeaning: READ_FOR_MEANING,
  rawOnly: RAW_ONLY,
});

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

const pipeList = (text: string | null | undefined) => kit.splitList(text, '|');

// ---------------------------------------------------------------- facility

function transformFacility(value: unknown, context: core.TransformContext): core.TransformResult {
  const checked = facilities.validate(value);
  if (!checked.ok) return { issues: [checked.issue] };
  const line = checked.record;
  const unusable = new kit.UnusableFields('facility', checked.unusable);
  const sourceId = line.facility_code.trim();
  const name = core.cleanText(line.facility_name);
  if (name === null)
    return kit.quarantine('practice', 'invalid_value', 'facility_name is unusable', sourceId);

  // The folder names the city too: `by_city/gurgaon/` is Gurugram.
  const folder = CITY_FOLDER.exec(context.file.key)?.[1];
  const city =
    unusable.take('city', core.standardizeCity(line.city)) ??
    (folder ? core.standardizeCity(folder.replaceAll('-', ' ')).value : null);
  const state = unusable.take('state', core.standardizeState(line.state));
  const stateName = state ?? (city === null ? null : core.cityState(city));

  let place: ReturnType<typeof kit.coordinates> = null;
  if (line.geo && line.geo.trim() !== '') {
    const match = line.geo.length <= GEO_MAX_LENGTH ? GEO.exec(line.geo) : null;
    place = match ? kit.coordinates(Number(match[1]), Number(match[2])) : null;
    if (place === null) unusable.note('geo');
  }

  const practice = kit.newPractice(
    {
      healthSystem: FORTIS,
      sourceId,
      name,
      facilityType: core.standardizeFacilityType(line.facility_type).value,
      addressLine: core.standardizeAddressLine(joinAddress(line.address_1, line.address_2)).value,
      locality: core.cleanText(line.locality),
      city,
      state: stateName,
      pincode: unusable.take('pin_code', core.standardizePincode(line.pin_code, stateName)),
      phones: unusable.take('contact_numbers', core.standardizePhones(line.contact_numbers)),
      email: null,
      ...place,
      raw: value,
    },
    practiceIdOf(FORTIS, sourceId),
  );
  return kit.transformResult({ practices: [practice], unusableFields: unusable.fields });
}

function joinAddress(first: string | null | undefined, second: string | null | undefined): string | null {
  const a = first?.trim();
  const b = second?.trim();
  if (a && b) return `${a}, ${b}`;
  return a || b || null;
}

// ---------------------------------------------------------------- doctor

// Facility codes are few and repeat on every doctor line: their ids (a SHA-1 each) are worth keeping.
const practiceIdOf = kit.createPracticeIds();

const INACTIVE = 'INACTIVE';
const KNOWN_STATUSES = new Set(['ACTIVE', 'INACTIVE', 'ON_LEAVE']);

function transformDoctor(value: unknown, context: core.TransformContext): core.TransformResult {
  const checked = doctors.validate(value);
  if (!checked.ok) return { issues: [checked.issue] };
  const line = checked.record;
  const unusable = new kit.UnusableFields('doctor', checked.unusable);
  const sourceId = line.doctor_code.trim();

  const name = core.standardizeNameParts({
    salutation: line.salutation,
    first: line.first_name,
    middle: line.middle_name,
    last: line.last_name,
  }).value;
  if (name === null)
    return kit.quarantine('practitioner', 'invalid_value', 'first_name makes no usable name', sourceId);

  const specialtiesRaw = pipeList(line.specialties);
  const specialties = core.standardizeSpecialties(specialtiesRaw);
  const experience = unusable.take(
    'experience_years',
    core.standardizeExperience(line.experience_years, context.pullTime),
  );
  const phone = unusable.take('mobile', core.standardizePhone(line.mobile));
  const email = unusable.take('email', core.standardizeEmail(line.email));
  const registration = unusable.take(
    'registration_no',
    core.standardizeRegistration(line.medical_council, line.registration_no),
  );

  let status = line.status ? line.status.trim().toUpperCase().replace(STATUS_SEPARATORS, '_') : '';
  if (status !== '' && !KNOWN_STATUSES.has(status)) {
    unusable.note('status');
    status = '';
  }

  const practitioner: core.Practitioner = {
    id: core.practitionerId(FORTIS, sourceId),
    healthSystem: FORTIS,
    sourceId,
    displayName: name.displayName,
    prefixes: name.prefixes,
    givenName: name.givenName,
    familyName: name.familyName,
    gender: core.standardizeGender(line.gender).value,
    specialties: specialties.value,
    specialtiesRaw,
    qualifications: core.standardizeQualifications(line.degrees ?? []).value,
    languages: core.standardizeLanguages(pipeList(line.languages)).value,
    practiceStartYear: experience,
    registrationCouncil: registration?.council || null,
    registrationNumber: registration?.number ?? null,
    phone,
    email,
    // The practitioner stays active: INACTIVE ends the affiliations listed on this line (see README).
    active: true,
    raw: value,
  };

  const facilityCodes = pipeList(line.facility_codes);
  let providers: core.TransformResult['providers'] = [];
  if (facilityCodes.length > 0) {
    const fee = line.opd_fee_inr ?? null;
    const consultationFeeInr = fee !== null && Number.isFinite(fee) && fee >= 0 ? fee : null;
    if (fee !== null && consultationFeeInr === null) unusable.note('opd_fee_inr');
    providers = kit.providersOf(practitioner, facilityCodes, practiceIdOf, {
      designation: core.cleanText(line.designation),
      department: core.cleanText(line.primary_department),
      specialties: specialties.value,
      consultationFeeInr,
      schedule: unusable.take('opd_schedule', core.standardizeSchedule(line.opd_schedule)),
      active: status !== INACTIVE,
    });
  }

  return kit.transformResult({
    practitioners: [practitioner],
    providers,
    unmappedSpecialties: specialties.unmapped,
    unusableFields: unusable.fields,
  });
}
