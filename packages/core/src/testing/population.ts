import { FAMILY_NAMES, GIVEN_NAMES, type IndianCity, type IndianRegion, SPECIALTIES } from './fake-india.js';
import { createSeededRandom, type SeededRandom } from './seeded-random.js';

/**
 * One population of doctors that several health systems' generators draw
 * from, so that some doctors consult at two chains, and that knows the truth:
 * which generated records are one person.
 */

/** What a slot of the population holds at one health system. */
export type PopulationKind =
  /** The same person at both chains. */
  | 'shared'
  /** The same person at both chains, registered at neither. */
  | 'shared_unregistered'
  /** A person at this chain only. */
  | 'single'
  /** At the other chain, in the same slot: another person of the same name, city and specialty, with another registration. */
  | 'same_name'
  /** At the other chain, in the same slot: the father (or son) of one name, a generation apart. */
  | 'father_son';

/** A doctor's identity as the population knows it; each chain's generator writes it its own way. */
export interface PopulationDoctor {
  /** The truth: records with the same person key are one person. */
  person: string;
  kind: PopulationKind;
  gender: 'male' | 'female';
  first: string;
  middle: string | null;
  last: string;
  specialtyCode: string;
  registration: { council: string; number: string } | null;
  /** Ten digits, `98400 12345` without the space, or null. */
  mobile: string | null;
  email: string | null;
  /** Years of experience at the pull's time. */
  experience: number;
}

/** Options of {@link createDoctorPopulation}. */
export interface DoctorPopulationOptions {
  seed: number;
  /** Share of slots whose doctor is at both chains (0..1). */
  overlap: number;
  /** Share of the other slots that are a hard negative pair across the chains (0..1). Default 0.1. */
  hardNegatives?: number;
  /** Share of the shared doctors registered at neither chain (0..1). Default 0.1. */
  unregistered?: number;
}

/** The population: a doctor per (health system, city, slot), and the truth of what was drawn. */
export interface DoctorPopulation {
  /**
   * The doctor of `slot` (0, 1, …) in `city` at `system`. Chains that list
   * doctors city by city ask for the same slots, so a shared slot is the same
   * person at each; the answer is a pure function of the arguments.
   */
  doctorAt(system: string, city: IndianCity, slot: number): PopulationDoctor;
  /** Records that `system`'s record `sourceId` is this doctor (generators call it as they write). */
  record(system: string, sourceId: string, doctor: PopulationDoctor): void;
  /** `system:sourceId` → the person key and kind of every record written so far. */
  truth(): ReadonlyMap<string, { person: string; kind: PopulationKind }>;
}

/** What a generator needs to write one population doctor its chain's way: see {@link drawPopulationDoctor}. */
export interface DrawnPopulationDoctor {
  doctor: PopulationDoctor;
  /** The generator's own random source for this record's variations (name forms, missing fields). */
  rng: SeededRandom;
  /** The doctor's specialty in the fake vocabulary: its names and nouns as chains write them. */
  specialty: (typeof SPECIALTIES)[number];
}

/**
 * The doctor of `slot` in `city` at `system`, recorded as `system`'s record
 * `sourceId`, with a random source seeded by `seed` for the record's
 * variations: the first steps of every chain's population hook.
 *
 * ### Examples
 * ```ts
 * import { createDoctorPopulation, drawPopulationDoctor, INDIAN_CITIES } from '@provider-data/core/testing';
 *
 * const population = createDoctorPopulation({ seed: 7, overlap: 0.2 });
 * const { doctor, rng } = drawPopulationDoctor(population, 'apollo', INDIAN_CITIES[0]!, 0, 'APL-1', 11);
 * const name = rng.chance(0.5) ? `Dr. ${doctor.first} ${doctor.last}` : `${doctor.last} ${doctor.first}`;
 * ```
 */
export function drawPopulationDoctor(
  population: DoctorPopulation,
  system: string,
  city: IndianCity,
  slot: number,
  sourceId: string,
  seed: number,
): DrawnPopulationDoctor {
  const doctor = population.doctorAt(system, city, slot);
  population.record(system, sourceId, doctor);
  const specialty = SPECIALTIES.find((s) => s.code === doctor.specialtyCode) ?? SPECIALTIES[0]!;
  return { doctor, rng: createSeededRandom(seed), specialty };
}

/**
 * Whether a chain's record lists the doctor's registration: most do (92%);
 * a hard negative (`same_name`, `father_son`) always does, since two people
 * of one name are told apart by their registrations.
 */
export function listsRegistration(doctor: PopulationDoctor, rng: SeededRandom): boolean {
  return (
    doctor.registration !== null &&
    (doctor.kind === 'same_name' || doctor.kind === 'father_son' || rng.chance(0.92))
  );
}

const REGIONS: readonly IndianRegion[] = ['north', 'south', 'east', 'west'];

function mix(seed: number, text: string, a: number, b = 0): number {
  let h = (seed ^ 0x811c9dc5) >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (a + 0x7f4a7c15), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13) ^ (b + 0x165667b1), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function drawPerson(
  rng: SeededRandom,
  city: IndianCity,
  person: string,
  kind: PopulationKind,
): PopulationDoctor {
  const gender = rng.chance(0.6) ? 'male' : 'female';
  const region = rng.pick(REGIONS);
  const first = rng.pick(GIVEN_NAMES[gender][region]);
  const middle = rng.chance(0.2) ? rng.pick(GIVEN_NAMES.male[region]) : null;
  const last = rng.pick(FAMILY_NAMES[region]);
  return {
    person,
    kind,
    gender,
    first,
    middle,
    last,
    specialtyCode: rng.pick(SPECIALTIES).code,
    registration: { council: `${city.state} Medical Council`, number: String(rng.int(10000, 199999)) },
    mobile: `9${rng.int(100_000_000, 999_999_999)}`,
    email: `${first}.${last}.${rng.int(1, 99_999)}@gmail.com`.toLowerCase(),
    experience: rng.int(3, 30),
  };
}

/**
 * Makes a population. Of its slots, `overlap` are doctors at both chains
 * (some with no registration at either); of the others, `hardNegatives` are
 * pairs a careless matcher links: the same common name in the same city and
 * specialty with different registrations, or a father and son of one name;
 * the rest are doctors of one chain.
 *
 * ### Examples
 * ```ts
 * import { createDoctorPopulation, INDIAN_CITIES } from '@provider-data/core/testing';
 *
 * const population = createDoctorPopulation({ seed: 7, overlap: 0.2 });
 * const a = population.doctorAt('apollo', INDIAN_CITIES[0]!, 3);
 * const f = population.doctorAt('fortis', INDIAN_CITIES[0]!, 3);
 * console.log(a.person === f.person, a.kind);
 * ```
 */
export function createDoctorPopulation(options: DoctorPopulationOptions): DoctorPopulation {
  const { seed, overlap } = options;
  const hardNegatives = options.hardNegatives ?? 0.1;
  const unregistered = options.unregistered ?? 0.1;
  const truth = new Map<string, { person: string; kind: PopulationKind }>();
  return {
    doctorAt(system, city, slot) {
      const choice = createSeededRandom(mix(seed, city.name, slot));
      const shared = choice.chance(overlap);
      const hard = !shared && choice.chance(hardNegatives);
      const twin = choice.chance(0.5) ? 'same_name' : 'father_son';
      const none = choice.chance(unregistered);
      const slotKey = `${city.slug}:${slot}`;
      if (shared) {
        const kind = none ? 'shared_unregistered' : 'shared';
        const doctor = drawPerson(createSeededRandom(mix(seed, city.name, slot, 1)), city, slotKey, kind);
        return none ? { ...doctor, registration: null } : doctor;
      }
      if (hard) {
        const base = drawPerson(
          createSeededRandom(mix(seed, city.name, slot, 1)),
          city,
          `${slotKey}:a`,
          twin,
        );
        if (system === 'apollo') return base;
        const other = drawPerson(
          createSeededRandom(mix(seed, city.name, slot, 4)),
          city,
          `${slotKey}:b`,
          twin,
        );
        return {
          ...base,
          person: other.person,
          registration: other.registration,
          mobile: other.mobile,
          email: other.email,
          experience:
            twin === 'father_son'
              ? base.experience + 25
              : Math.max(3, base.experience + (other.experience % 7) - 3),
          specialtyCode:
            twin === 'father_son' && other.experience % 2 === 0 ? other.specialtyCode : base.specialtyCode,
        };
      }
      return drawPerson(
        createSeededRandom(mix(seed, `${system}:${city.name}`, slot, 2)),
        city,
        `${system}:${slotKey}`,
        'single',
      );
    },
    record(system, sourceId, doctor) {
      truth.set(`${system}:${sourceId}`, { person: doctor.person, kind: doctor.kind });
    },
    truth: () => truth,
  };
}
