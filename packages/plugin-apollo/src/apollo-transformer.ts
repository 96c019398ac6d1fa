import {
  cleanText,
  type Practitioner,
  practitionerId,
  type RecordIssue,
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
  type TransformContext,
  type Transformer,
  type TransformResult,
} from '@provider-data/core';
import {
  coordinates,
  createPracticeIds,
  createRecordValidator,
  isBlank,
  newPractice,
  providersOf,
  quarantine,
  transformerByType,
  transformResult,
  UnusableFields,
} from '@provider-data/core/kit';
import { ApolloDoctor, ApolloHospital } from './apollo-raw-schema.js';
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
  const practiceIds = createPracticeIds();
  return transformerByType('Apollo', {
    hospital: (value, context) => transformHospital(value, context, practiceIds),
    doctor: (value, context) => transformDoctor(value, context, practiceIds),
  });
}

type PracticeIds = ReturnType<typeof createPracticeIds>;

// Wrong-typed optional fields are the transformer's to read (`phones` as one string): no repair.
const hospitals = createRecordValidator({
  schema: ApolloHospital,
  name: 'hospital',
  entity: 'practice',
  idField: 'hospitalId',
  repair: false,
});
const doctors = createRecordValidator({
  schema: ApolloDoctor,
  name: 'doctor',
  entity: 'practitioner',
  idField: 'doctorId',
  repair: false,
});

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

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

function transformHospital(
  input: unknown,
  context: TransformContext,
  practiceIds: PracticeIds,
): TransformResult {
  const checked = hospitals.validate(input);
  if (!checked.ok) return { issues: [checked.issue] };
  const value = checked.record as Json;
  const hs = context.pull.healthSystem;
  const sourceId = (value.hospitalId as string).trim();
  const unusable = new UnusableFields('hospital');

  const name = cleanText(value.name);
  if (name === null) {
    return quarantine('practice', 'invalid_value', 'name is blank', sourceId);
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

  let place: ReturnType<typeof coordinates> = null;
  if (!isBlank(value.location)) {
    const location = value.location;
    const lat = isObject(location) ? Number(location.lat ?? Number.NaN) : Number.NaN;
    const lng = isObject(location) ? Number(location.lng ?? location.lon ?? Number.NaN) : Number.NaN;
    place = coordinates(lat, lng);
    if (place === null) unusable.note('location');
  }

  const category = typeof value.category === 'string' ? value.category : null;
  if (!isBlank(value.category) && category === null) unusable.note('category');

  const practice = newPractice(
    {
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
      ...place,
      raw: value,
    },
    practiceIds(hs, sourceId),
  );
  if (!isBlank(value.area) && typeof value.area !== 'string') unusable.note('area');
  return transformResult({ practices: [practice], unusableFields: unusable.fields });
}

function transformDoctor(
  input: unknown,
  context: TransformContext,
  practiceIds: PracticeIds,
): TransformResult {
  const checked = doctors.validate(input);
  if (!checked.ok) return { issues: [checked.issue] };
  const value = checked.record as Json;
  const hs = context.pull.healthSystem;
  const sourceId = (value.doctorId as string).trim();
  const unusable = new UnusableFields('doctor');

  const name = standardizeName(value.name).value;
  if (name === null) {
    return quarantine('practitioner', 'invalid_value', 'name holds no usable name', sourceId);
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

  const issues: RecordIssue[] = [];
  const locations = value.practiceLocations;
  let entries: unknown[] = [];
  if (Array.isArray(locations)) entries = locations;
  else if (isObject(locations)) entries = [locations];
  else if (!isBlank(locations)) unusable.note('practiceLocations');

  const practiceSourceIds: string[] = [];
  const usable: Json[] = [];
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    const hospitalId = isObject(entry) ? entry.hospitalId : undefined;
    if (typeof hospitalId === 'string' && hospitalId.trim() !== '') {
      practiceSourceIds.push(hospitalId.trim());
      usable.push(entry as Json);
      continue;
    }
    const missing = !isObject(entry) || isBlank(hospitalId);
    issues.push({
      entity: 'provider',
      reason: isObject(entry) ? (missing ? 'missing_field' : 'invalid_value') : 'not_an_object',
      message: isObject(entry)
        ? `practiceLocations[${i}].hospitalId is ${missing ? 'missing' : 'not a string'}`
        : `practiceLocations[${i}] is not an object`,
      sourceId,
    });
  }
  const providers = providersOf(practitioner, practiceSourceIds, practiceIds, (_, i) => {
    const location = usable[i]!;
    const slots = Array.isArray(location.slots) ? location.slots.join('; ') : location.slots;
    return {
      designation,
      department,
      specialties: codes,
      consultationFeeInr: unusable.take('practiceLocations.fee', standardizeFee(location.fee)),
      schedule: unusable.take('practiceLocations.slots', standardizeSchedule(slots)),
    };
  });

  return transformResult({
    practitioners: [practitioner],
    providers,
    issues,
    unmappedSpecialties: specialties?.unmapped,
    unusableFields: unusable.fields,
  });
}

/** A comma-separated text field, or the array some exports send instead. */
function listOrText(value: unknown): unknown {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value.join(', ') : value;
}
