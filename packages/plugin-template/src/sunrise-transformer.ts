import * as core from '@provider-data/core';
import * as kit from '@provider-data/core/kit';
import { SunriseClinic, SunriseDoctor } from './sunrise-raw-schema.js';

/**
 * The registry key of Sunrise Clinics, and the `health_system` of its rows.
 *
 * ### Examples
 * ```ts
 * import { practitionerId } from '@provider-data/core';
 * import { SUNRISE } from '@provider-data/plugin-template';
 *
 * practitionerId(SUNRISE, 'SD-0001');
 * ```
 */
export const SUNRISE = 'sunrise';

const clinics = kit.createRecordValidator({
  schema: SunriseClinic,
  name: 'clinic',
  entity: 'practice',
  idField: 'clinic_id',
});
const doctors = kit.createRecordValidator({
  schema: SunriseDoctor,
  name: 'doctor',
  entity: 'practitioner',
  idField: 'doctor_id',
});

/**
 * The Sunrise {@link core.Transformer}: a clinic row becomes a practice, a
 * doctor row a practitioner and one provider per code in `clinic_ids`. A row
 * without its required fields (`clinic_id`, `clinic_name`; `doctor_id`,
 * `name`) is quarantined as `missing_field`; an optional field that gives
 * nothing usable is dropped and counted (`doctor.mobile`), and the row loads.
 *
 * ### Examples
 * ```ts
 * import type { DataPull } from '@provider-data/core';
 * import { createSunriseTransformer } from '@provider-data/plugin-template';
 *
 * declare const pull: DataPull;
 * const result = createSunriseTransformer().transform(
 *   { kind: 'record', type: 'doctor', position: 'line 2', value: { doctor_id: 'SD-1', name: 'Dr. Asha Rao', clinic_ids: 'SC-1' } },
 *   { pull, file: { key: 'sunrise/datapulls/20261120T053000Z/by_city/pune/doctors.csv', size: 1 }, pullTime: new Date() },
 * );
 * result.providers?.[0]?.practiceSourceId; // 'SC-1'
 * ```
 */
export function createSunriseTransformer(): core.Transformer {
  const practiceIdOf = kit.createPracticeIds();

  const clinic = (value: unknown): core.TransformResult => {
    const checked = clinics.validate(value);
    if (!checked.ok) return { issues: [checked.issue] };
    const row = checked.record;
    const unusable = new kit.UnusableFields('clinic', checked.unusable);
    const sourceId = row.clinic_id.trim();
    const city = unusable.take('city', core.standardizeCity(row.city));
    const state = unusable.take('state', core.standardizeState(row.state)) ?? (city && core.cityState(city));
    let place: ReturnType<typeof kit.coordinates> = null;
    if (row.latitude || row.longitude) {
      place = kit.coordinates(Number(row.latitude || Number.NaN), Number(row.longitude || Number.NaN));
      if (place === null) unusable.note('latitude');
    }
    const practice = kit.newPractice(
      {
        healthSystem: SUNRISE,
        sourceId,
        name: core.cleanText(row.clinic_name) ?? sourceId,
        facilityType: core.standardizeFacilityType(row.clinic_name).value,
        addressLine: unusable.take('address', core.standardizeAddressLine(row.address)),
        locality: core.cleanText(row.locality),
        city,
        state: state ?? null,
        pincode: unusable.take('pincode', core.standardizePincode(row.pincode, state ?? null)),
        phones: unusable.take('phones', core.standardizePhones(row.phones)),
        email: null,
        ...place,
        raw: value,
      },
      practiceIdOf(SUNRISE, sourceId),
    );
    return kit.transformResult({ practices: [practice], unusableFields: unusable.fields });
  };

  const doctor = (value: unknown, context: core.TransformContext): core.TransformResult => {
    const checked = doctors.validate(value);
    if (!checked.ok) return { issues: [checked.issue] };
    const row = checked.record;
    const unusable = new kit.UnusableFields('doctor', checked.unusable);
    const sourceId = row.doctor_id.trim();
    const name = core.standardizeName(row.name).value;
    if (name === null)
      return kit.quarantine('practitioner', 'invalid_value', 'name holds no usable name', sourceId);
    const wordings = kit.splitList(row.specialties, ';');
    const specialties = core.standardizeSpecialties(wordings);
    const registration = core.standardizeRegistration(
      row.registration_council,
      row.registration_number,
    ).value;
    const practitioner: core.Practitioner = {
      id: core.practitionerId(SUNRISE, sourceId),
      healthSystem: SUNRISE,
      sourceId,
      displayName: name.displayName,
      prefixes: name.prefixes,
      givenName: name.givenName,
      familyName: name.familyName,
      gender: core.standardizeGender(row.gender).value,
      specialties: specialties.value,
      specialtiesRaw: wordings,
      qualifications: unusable.take('qualifications', core.standardizeQualifications(row.qualifications)),
      languages: core.standardizeLanguages(kit.splitList(row.languages, ';')).value,
      practiceStartYear: unusable.take(
        'experience',
        core.standardizeExperience(row.experience, context.pullTime),
      ),
      registrationCouncil: registration?.council || null,
      registrationNumber: registration?.number ?? null,
      phone: unusable.take('mobile', core.standardizePhone(row.mobile)),
      email: unusable.take('email', core.standardizeEmail(row.email)),
      active: true,
      raw: value,
    };
    const providers = kit.providersOf(practitioner, kit.splitList(row.clinic_ids, ';'), practiceIdOf, {
      designation: null,
      department: specialties.value[0] ? (core.specialtyName(specialties.value[0]) ?? null) : null,
      specialties: specialties.value,
      consultationFeeInr: unusable.take('fee_inr', core.standardizeFee(row.fee_inr)),
      schedule: unusable.take('timings', core.standardizeSchedule(row.timings)),
    });
    return kit.transformResult({
      practitioners: [practitioner],
      providers,
      unmappedSpecialties: specialties.unmapped,
      unusableFields: unusable.fields,
    });
  };

  return kit.transformerByType('Sunrise', { clinic, doctor });
}
