import {
  type DrawnPopulationDoctor,
  fakeQualifications,
  listsRegistration,
} from '@provider-data/core/testing';

/**
 * The identity fields of an Apollo doctor record drawn from a shared
 * population, written the way Apollo writes them: one `name` string in
 * several forms, `registration` as an object or missing, mobile numbers in
 * several forms or missing, no e-mail field.
 */
export function apolloIdentityFields({
  doctor,
  rng,
  specialty: vocab,
}: DrawnPopulationDoctor): Record<string, unknown> {
  const { first, middle, last } = doctor;
  const core = [first, middle, last].filter(Boolean).join(' ');
  const name = rng.pick([
    `Dr. ${core}`,
    `Dr. ${core}`,
    `Dr. ${last[0]}. ${[first, middle].filter(Boolean).join(' ')}`,
    `Dr. ${first} ${last[0]}`,
    `DR ${core.toUpperCase()}`,
  ]);
  const mobile = doctor.mobile
    ? rng.pick([
        `+91 ${doctor.mobile.slice(0, 5)} ${doctor.mobile.slice(5)}`,
        `0${doctor.mobile}`,
        doctor.mobile,
      ])
    : null;
  return {
    name,
    gender: doctor.gender === 'male' ? rng.pick(['Male', 'M']) : rng.pick(['Female', 'F']),
    speciality: rng.pick([...vocab.names, ...vocab.nouns]),
    qualifications: fakeQualifications(rng, doctor.specialtyCode),
    // Counted a little earlier or later than the other chain counts it.
    experience: `${Math.max(1, doctor.experience + rng.int(-1, 1))} Years`,
    registration: listsRegistration(doctor, rng) ? doctor.registration : null,
    mobile: rng.chance(0.75) ? mobile : null,
  };
}
