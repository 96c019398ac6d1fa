import * as core from '@provider-data/core';
import * as kit from '@provider-data/core/kit';
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
export function createApolloTransformer(): core.Transformer {
  const practiceIds = kit.createPracticeIds();
  return kit.transformerByType('Apollo', {
    hospital: (value, context) => transformHospital(value, context, practiceIds),
    doctor: (value, context) => transformDoctor(value, context, practiceIds),
  });
}

type PracticeIds = ReturnType<typeof kit.createPracticeIds>;

// Wrong-typed optional fields are the transformer's to read (`phones` as one string): no repair.
const hospitals = kit.createRecordValidator({
  schema: ApolloHospital,
  name: 'hospital',
  entity: 'practice',
  idField: 'hospitalId',
  repair: false,
});
const doctors = kit.createRecordValidator({
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
  context: core.TransformContext,
  practiceIds: PracticeIds,
): core.TransformResult {
  const checked = hospitals.validate(input);
  if (!checked.ok) return { issues: [checked.issue] };
  const value = checked.record as Json;
  const hs = context.pull.healthSystem;
  const sourceId = (value.hospitalId as string).trim();
  const unusable = new kit.UnusableFields('hospital');

  const name = core.cleanText(value.name);
  if (name === null) {
    return kit.quarantine('practice', 'invalid_value', 'name is blank', sourceId);
  }
  const state = unusable.take('state', core.standardizeState(value.state));
  const city =
    unusable.take('city', core.standardizeCity(value.city)) ??
    core.standardizeCity(fileCity(context.file.key)).value ??
    null;

  let phones: string[] = [];
  if (!kit.isBlank(value.phones)) {
    const texts = textList(value.phones);
    if (texts === null) unusable.note('phones');
    else {
      const all = new Set<string>();
      for (const text of texts) for (const phone of core.standardizePhones(text).value) all.add(phone);
      phones = [...all];
      if (phones.length === 0) unusable.note('phones');
    }
  }

  let place: ReturnType<typeof kit.coordinates> = null;
  if (!kit.isBlank(value.location)) {
    const location = value.location;
    const lat = isObject(location) ? Number(location.lat ?? Number.NaN) : Number.NaN;
    const lng = isObject(location) ? Number(location.lng ?? location.lon ?? Number.NaN) : Number.NaN;
    place = kit.coordinates(lat, lng);
    if (place === null) unusable.note('location');
  }

  const category = typeof value.category === 'string' ? value.category : null;
  if (!kit.isBlank(value.category) && category === null) unusable.note('category');

  const practice = kit.newPractice(
    {
      healthSystem: hs,
      sourceId,
      name,
      facilityType: core.standardizeFacilityType(category ?? name).value,
      addressLine: unusable.take('addressLine', core.standardizeAddressLine(value.addressLine)),
      locality: typeof value.area === 'string' ? core.cleanText(value.area) : null,
      city,
      state,
      pincode: unusable.take('pincode', core.standardizePincode(value.pincode, state)),
      phones,
      email: unusable.take('email', core.standardizeEmail(value.email)),
      ...place,
      raw: value,
    },
    practiceIds(hs, sourceId),
  );
  if (!kit.isBlank(value.area) && typeof value.area !== 'string') unusable.note('area');
  return kit.transformResult({ practices: [practice], unusableFields: unusable.fields });
}

function transformDoctor(
  input: unknown,
  context: core.TransformContext,
  practiceIds: PracticeIds,
): core.TransformResult {
  const checked = doctors.validate(input);
  if (!checked.ok) return { issues: [checked.issue] };
  const value = checked.record as Json;
  const hs = context.pull.healthSystem;
  const sourceId = (value.doctorId as string).trim();
  const unusable = new kit.UnusableFields('doctor');

  const name = core.standardizeName(value.name).value;
  if (name === null) {
    return kit.quarantine('practitioner', 'invalid_value', 'name holds no usable name', sourceId);
  }

  // One speciality per doctor in v1; an array of wordings is read as such.
  let wordings: string[] = [];
  if (!kit.isBlank(value.speciality)) {
    const texts = textList(value.speciality);
    if (texts === null) unusable.note('speciality');
    else wordings = texts.map((t) => core.cleanText(t)).filter((t): t is string => t !== null);
  }
  const specialties = wordings.length > 0 ? core.standardizeSpecialties(wordings) : null;
  const codes = specialties?.value ?? [];

  let registration: { council: string; number: string } | null = null;
  if (!kit.isBlank(value.registration)) {
    const reg = value.registration;
    registration = isObject(reg) ? core.standardizeRegistration(reg.council, reg.number).value : null;
    if (registration === null) unusable.note('registration');
  }

  const practitioner: core.Practitioner = {
    id: core.practitionerId(hs, sourceId),
    healthSystem: hs,
    sourceId,
    displayName: name.displayName,
    prefixes: name.prefixes,
    givenName: name.givenName,
    familyName: name.familyName,
    gender: unusable.take('gender', core.standardizeGender(value.gender)),
    specialties: codes,
    specialtiesRaw: wordings,
    qualifications: unusable.take(
      'qualifications',
      core.standardizeQualifications(listOrText(value.qualifications)),
    ),
    languages: unusable.take('languages', core.standardizeLanguages(listOrText(value.languages))),
    practiceStartYear: unusable.take(
      'experience',
      core.standardizeExperience(value.experience, context.pullTime),
    ),
    registrationCouncil: registration?.council ?? null,
    registrationNumber: registration?.number ?? null,
    phone: unusable.take('mobile', core.standardizePhone(value.mobile)),
    email: null,
    active: true,
    raw: value,
  };

  const designation = wordings.length > 0 ? designationOf(wordings[0]!) : null;
  const first = codes[0];
  const department = first === undefined ? null : (core.specialtyName(first) ?? null);

  const issues: core.RecordIssue[] = [];
  const locations = value.practiceLocations;
  let entries: unknown[] = [];
  if (Array.isArray(locations)) entries = locations;
  else if (isObject(locations)) entries = [locations];
  else if (!kit.isBlank(locations)) unusable.note('practiceLocations');

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
    const missing = !isObject(entry) || kit.isBlank(hospitalId);
    issues.push({
      entity: 'provider',
      reason: isObject(entry) ? (missing ? 'missing_field' : 'invalid_value') : 'not_an_object',
      message: isObject(entry)
        ? `practiceLocations[${i}].hospitalId is ${missing ? 'missing' : 'not a string'}`
        : `practiceLocations[${i}] is not an object`,
      sourceId,
    });
  }
  const providers = kit.providersOf(practitioner, practiceSourceIds, practiceIds, (_, i) => {
    const location = usable[i]!;
    const slots = Array.isArray(location.slots) ? location.slots.join('; ') : location.slots;
    return {
      designation,
      department,
      specialties: codes,
      consultationFeeInr: unusable.take('practiceLocations.fee', core.standardizeFee(location.fee)),
      schedule: unusable.take('practiceLocations.slots', core.standardizeSchedule(slots)),
    };
  });

  return kit.transformResult({
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
