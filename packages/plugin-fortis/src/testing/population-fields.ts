import {
  type DrawnPopulationDoctor,
  fakeQualifications,
  listsRegistration,
} from '@provider-data/core/testing';

const DEGREE_SEPARATORS = /\s*[,;/]\s*|\s+-\s+/;

/**
 * The identity fields of a Fortis doctor line drawn from a shared
 * population, written the way Fortis writes them: name parts (the middle
 * name sometimes only an initial, sometimes dropped), council and number in
 * their own fields, a mobile as digits, an e-mail sometimes missing.
 */
export function fortisIdentityFields({
  doctor,
  rng,
  specialty: vocab,
}: DrawnPopulationDoctor): Record<string, unknown> {
  const middle =
    doctor.middle === null || rng.chance(0.3)
      ? null
      : rng.chance(0.5)
        ? `${doctor.middle[0]}.`
        : doctor.middle;
  return {
    salutation: rng.pick(['Dr.', 'Dr.', 'Prof. Dr.', '']),
    first_name: doctor.first,
    middle_name: middle,
    last_name: doctor.last,
    gender: doctor.gender === 'male' ? 'M' : 'F',
    specialties: rng.pick(vocab.names),
    degrees: fakeQualifications(rng, doctor.specialtyCode).split(DEGREE_SEPARATORS).filter(Boolean),
    experience_years: doctor.experience,
    medical_council: listsRegistration(doctor, rng) ? doctor.registration!.council : null,
    registration_no: doctor.registration ? doctor.registration.number : null,
    mobile: doctor.mobile && rng.chance(0.8) ? rng.pick([doctor.mobile, `+91-${doctor.mobile}`]) : null,
    email: doctor.email && rng.chance(0.6) ? doctor.email : null,
  };
}
