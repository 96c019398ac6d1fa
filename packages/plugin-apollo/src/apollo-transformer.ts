import {
  type Practice,
  type Practitioner,
  type Provider,
  practiceId,
  practitionerId,
  providerId,
  type RawRecord,
  type RecordIssue,
  type Standardized,
  specialtyName,
  standardizeAddressLine,
  standardizeCity,
  standardizeEmail,
  standardizeExperience,
  standardizeFacilityType,
  standardizeFee,
  standardizeGender,
  standardizeLanguages,
  standardizeName,
  standardizePhone,
  standardizePhones,
  standardizePincode,
  standardizeQualifications,
  standardizeRegistration,
  standardizeSchedule,
  standardizeSpecialties,
  standardizeState,
  cleanText,
  type TransformContext,
  type Transformer,
  type TransformResult,
  NOT_ENRICHED,
} from '@provider-data/core';
import { checkRequired, isWellFormedDoctor, isWellFormedHospital } from './apollo-validation.js';
import { designationOf } from './designation.js';

type Json = Record<string, unknown>;

/**
 * The {@link Transformer} of Apollo records: a `hospital` becomes a
 * practice; a `doctor` becomes a practitioner and one provider per
 * `practiceLocations` entry. Pure and per record; providers name their
 * practice by source id and the sink resolves them at the end of the pull.
 *
 * ### Examples
 *
 * ```ts
 * import type { RawRecord, TransformContext } from '@provider-data/core';
 * import { createApolloTransformer } from '@provider-data/plugin-apollo';
 *
 * declare const context: TransformContext;
 * const record: RawRecord = {
 *   kind: 'record', type: 'doctor', position: 'doctors[0]',
 *   value: { doctorId: 'AD-000123', name: 'Dr. K. Ramesh Kumar', practiceLocations: [{ hospitalId: 'AH-CHN-001' }] },
 * };
 * const { practitioners, providers } = createApolloTransformer().transform(record, context);
 * ```
 */
export function createApolloTransformer(): Transformer {
  const practiceIds = new PracticeIds();
  return {
    transform(record: RawRecord, context: TransformContext): TransformResult {
      if (record.type === 'hospital') return transformHospital(record.value, context, practiceIds);
      if (record.type === 'doctor') return transformDoctor(record.value, context, practiceIds);
      return {
        issues: [
          {
            entity: record.entity ?? 'practitioner',
            reason: 'invalid_record',
            message: `unknown record type ${record.type}`,
          },
        ],
      };
    },
  };
}

/**
 * Practice ids by hospital id: a pull has thousands of hospitals and millions
 * of affiliations, and a name-based UUID costs a SHA-1. Bounded; a cache
 * does not change what the transformer returns.
 */
class PracticeIds {
  private readonly ids = new Map<string, string>();
  get(healthSystem: string, hospitalId: string): string {
    const key = `${healthSystem}\u001f${hospitalId}`;
    let id = this.ids.get(key);
    if (id === undefined) {
      if (this.ids.size >= 100_000) this.ids.clear();
      id = practiceId(healthSystem, hospitalId);
      this.ids.set(key, id);
    }
    return id;
  }
}

/** Notes fields that were present but unusable, as `hospital.pincode`. */
class Unusable {
  readonly fields: string[] = [];
  constructor(private readonly prefix: string) {}

  /** The value of a standardizer's result; a present input that gave nothing is noted. */
  take<T>(field: string, result: Standardized<T>): T {
    const value = result.value;
    if (result.unmapped.length > 0 && (value === null || (Array.isArray(value) && value.length === 0))) {
      this.fields.push(`${this.prefix}.${field}`);
    }
    return value;
  }

  note(field: string): void {
    this.fields.push(`${this.prefix}.${field}`);
  }
}

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function notAnObject(entity: RecordIssue['entity'], type: string, value: unknown): TransformResult {
  const found = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
  return {
    issues: [{ entity, reason: 'not_an_object', message: `a ${type} must be an object, found ${found}` }],
  };
}

/** The city a file is named after: `by_city/Navi_Mumbai.json` → `Navi Mumbai`. */
function fileCity(key: string): string {
  const name = key.slice(key.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return (dot > 0 ? name.slice(0, dot) : name).replaceAll('_', ' ');
}

/** A list of strings from an array of strings or one string (`phones: "044 2829 3333"`). */
function textList(value: unknown): string[] | null {
  if (typeof value === 'string') return [value];
  if (typeof value === 'number') return [String(value)];
  if (Array.isArray(value)) {
    const texts = value.filter((v): v is string | number => typeof v === 'string' || typeof v === 'number');
    return texts.length === value.length ? texts.map(String) : null;
  }
  return null;
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

function transformHospital(
  value: unknown,
  context: TransformContext,
  practiceIds: PracticeIds,
): TransformResult {
  if (!isObject(value)) return notAnObject('practice', 'hospital', value);
  if (!isWellFormedHospital(value)) {
    const issue = checkRequired('hospital', value);
    if (issue) return { issues: [{ entity: 'practice', ...issue }] };
  }
  const hs = context.pull.healthSystem;
  const sourceId = (value.hospitalId as string).trim();
  const unusable = new Unusable('hospital');

  const name = cleanText(value.name);
  if (name === null) {
    return { issues: [{ entity: 'practice', reason: 'invalid_value', message: 'name is blank', sourceId }] };
  }
  const state = unusable.take('state', standardizeState(value.state));
  const city =
    unusable.take('city', standardizeCity(value.city)) ??
    standardizeCity(fileCity(context.file.key)).value ??
    null;

  let phones: string[] = [];
  if (!isBlank(value.phones)) {
    const texts = textList(value.phones);
    if (texts === null) unusable.note('phones');
    else {
      const all = new Set<string>();
      for (const text of texts) for (const phone of standardizePhones(text).value) all.add(phone);
      phones = [...all];
      if (phones.length === 0) unusable.note('phones');
    }
  }

  let latitude: number | null = null;
  let longitude: number | null = null;
  if (!isBlank(value.location)) {
    const location = value.location;
    const lat = isObject(location) ? Number(location.lat ?? Number.NaN) : Number.NaN;
    const lng = isObject(location) ? Number(location.lng ?? location.lon ?? Number.NaN) : Number.NaN;
    // (0, 0) is an export default, not a place in India.
    if (Math.abs(lat) <= 90 && Math.abs(lng) <= 180 && !(lat === 0 && lng === 0)) {
      latitude = lat;
      longitude = lng;
    } else unusable.note('location');
  }

  const category = typeof value.category === 'string' ? value.category : null;
  if (!isBlank(value.category) && category === null) unusable.note('category');

  const practice: Practice = {
    id: practiceIds.get(hs, sourceId),
    healthSystem: hs,
    sourceId,
    name,
    facilityType: standardizeFacilityType(category ?? name).value,
    addressLine: unusable.take('addressLine', standardizeAddressLine(value.addressLine)),
    locality: typeof value.area === 'string' ? cleanText(value.area) : null,
    city,
    state,
    pincode: unusable.take('pincode', standardizePincode(value.pincode, state)),
    phones,
    email: unusable.take('email', standardizeEmail(value.email)),
    latitude,
    longitude,
    geoSource: latitude === null ? null : 'source',
    ...NOT_ENRICHED,
    active: true,
    raw: value,
  };
  if (!isBlank(value.area) && typeof value.area !== 'string') unusable.note('area');
  return unusable.fields.length > 0
    ? { practices: [practice], unusableFields: unusable.fields }
    : { practices: [practice] };
}

function transformDoctor(
  value: unknown,
  context: TransformContext,
  practiceIds: PracticeIds,
): TransformResult {
  if (!isObject(value)) return notAnObject('practitioner', 'doctor', value);
  if (!isWellFormedDoctor(value)) {
    const issue = checkRequired('doctor', value);
    if (issue) return { issues: [{ entity: 'practitioner', ...issue }] };
  }
  const hs = context.pull.healthSystem;
  const sourceId = (value.doctorId as string).trim();
  const unusable = new Unusable('doctor');

  const name = standardizeName(value.name).value;
  if (name === null) {
    return {
      issues: [
        { entity: 'practitioner', reason: 'invalid_value', message: 'name holds no usable name', sourceId },
      ],
    };
  }

  // One speciality per doctor in v1; an array of wordings is read as such.
  let wordings: string[] = [];
  if (!isBlank(value.speciality)) {
    const texts = textList(value.speciality);
    if (texts === null) unusable.note('speciality');
    else wordings = texts.map((t) => cleanText(t)).filter((t): t is string => t !== null);
  }
  const specialties = wordings.length > 0 ? standardizeSpecialties(wordings) : null;
  const codes = specialties?.value ?? [];

  let registration: { council: string; number: string } | null = null;
  if (!isBlank(value.registration)) {
    const reg = value.registration;
    registration = isObject(reg) ? standardizeRegistration(reg.council, reg.number).value : null;
    if (registration === null) unusable.note('registration');
  }

  const practitioner: Practitioner = {
    id: practitionerId(hs, sourceId),
    healthSystem: hs,
    sourceId,
    displayName: name.displayName,
    prefixes: name.prefixes,
    givenName: name.givenName,
    familyName: name.familyName,
    gender: unusable.take('gender', standardizeGender(value.gender)),
    specialties: codes,
    specialtiesRaw: wordings,
    qualifications: unusable.take(
      'qualifications',
      standardizeQualifications(listOrText(value.qualifications)),
    ),
    languages: unusable.take('languages', standardizeLanguages(listOrText(value.languages))),
    practiceStartYear: unusable.take('experience', standardizeExperience(value.experience, context.pullTime)),
    registrationCouncil: registration?.council ?? null,
    registrationNumber: registration?.number ?? null,
    phone: unusable.take('mobile', standardizePhone(value.mobile)),
    email: null,
    active: true,
    raw: value,
  };

  const designation = wordings.length > 0 ? designationOf(wordings[0]!) : null;
  const first = codes[0];
  const department = first === undefined ? null : (specialtyName(first) ?? null);

  const providers: Provider[] = [];
  const issues: RecordIssue[] = [];
  const locations = value.practiceLocations;
  let entries: unknown[] = [];
  if (Array.isArray(locations)) entries = locations;
  else if (isObject(locations)) entries = [locations];
  else if (!isBlank(locations)) unusable.note('practiceLocations');

  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    const hospitalId = isObject(entry) ? entry.hospitalId : undefined;
    if (typeof hospitalId !== 'string' || hospitalId.trim() === '') {
      const missing = !isObject(entry) || isBlank(hospitalId);
      issues.push({
        entity: 'provider',
        reason: isObject(entry) ? (missing ? 'missing_field' : 'invalid_value') : 'not_an_object',
        message: isObject(entry)
          ? `practiceLocations[${i}].hospitalId is ${missing ? 'missing' : 'not a string'}`
          : `practiceLocations[${i}] is not an object`,
        sourceId,
      });
      continue;
    }
    const practiceSourceId = hospitalId.trim();
    const location = entry as Json;
    const fee = unusable.take('practiceLocations.fee', standardizeFee(location.fee));
    const slots = Array.isArray(location.slots) ? location.slots.join('; ') : location.slots;
    providers.push({
      id: providerId(hs, sourceId, practiceSourceId),
      healthSystem: hs,
      practitionerId: practitioner.id,
      practiceId: practiceIds.get(hs, practiceSourceId),
      practitionerSourceId: sourceId,
      practiceSourceId,
      designation,
      department,
      specialties: codes,
      consultationFeeInr: fee,
      schedule: unusable.take('practiceLocations.slots', standardizeSchedule(slots)),
      active: true,
    });
  }

  const result: TransformResult = { practitioners: [practitioner], providers };
  if (issues.length > 0) result.issues = issues;
  if (specialties && specialties.unmapped.length > 0) result.unmappedSpecialties = specialties.unmapped;
  if (unusable.fields.length > 0) result.unusableFields = unusable.fields;
  return result;
}

/** A comma-separated text field, or the array some exports send instead. */
function listOrText(value: unknown): unknown {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value.join(', ') : value;
}
