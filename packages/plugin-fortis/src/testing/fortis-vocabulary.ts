import {
  fakeAddress,
  fakeEmail,
  fakeHospitalName,
  fakeLanguages,
  fakePersonName,
  fakePhone,
  fakeQualifications,
  type IndianCity,
  INDIAN_CITIES,
  PHONE_STYLES,
  type SeededRandom,
  SPECIALTIES,
  UNMAPPED_SPECIALTY_WORDINGS,
} from '@provider-data/core/testing';

// Fortis-specific wordings on top of the shared Indian vocabularies of
// `@provider-data/core/testing`: facility codes, council abbreviations,
// departments, designations, the 24-hour OPD schedule and pipe-separated lists.

/**
 * A city of a generated pull: its folder slug and a short code for facility codes.
 *
 * ### Examples
 * ```ts
 * import type { FortisCity } from '@provider-data/plugin-fortis/testing';
 *
 * declare const city: FortisCity;
 * city.slug; // 'navi-mumbai'
 * ```
 */
export interface FortisCity {
  index: number;
  city: IndianCity;
  /** Folder name: the city's slug, with `-2`, `-3` … once the reference list is used up. */
  slug: string;
  /** `GRG` in `FH-GRG-01`. */
  code: string;
}

/**
 * `count` cities: the shared reference list first, then again with numbered slugs.
 *
 * ### Examples
 * ```ts
 * import { fortisCities } from '@provider-data/plugin-fortis/testing';
 *
 * const [chennai] = fortisCities(80); // { slug: 'chennai', code: 'CHN', … }; the 73rd is 'chennai-2'
 * ```
 */
export function fortisCities(count: number): FortisCity[] {
  const used = new Set<string>();
  const cities: FortisCity[] = [];
  for (let index = 0; index < count; index++) {
    const city = INDIAN_CITIES[index % INDIAN_CITIES.length]!;
    const round = Math.floor(index / INDIAN_CITIES.length);
    const slug = round === 0 ? city.slug : `${city.slug}-${round + 1}`;
    const letters = city.slug.replace(/-/g, '').toUpperCase();
    let code = `${letters[0]}${letters.slice(1).replace(/[AEIOU]/g, '')}`.slice(0, 3).padEnd(3, 'X');
    if (round > 0) code += round + 1;
    for (let n = 2; used.has(code); n++) code = `${code.slice(0, 3)}${n}`;
    used.add(code);
    cities.push({ index, city, slug, code });
  }
  return cities;
}

/**
 * The code of the `n`th facility (0-based) of a city: `FH-GRG-01`.
 *
 * ### Examples
 * ```ts
 * import { facilityCode, fortisCities } from '@provider-data/plugin-fortis/testing';
 *
 * facilityCode(fortisCities(1)[0]!, 0); // 'FH-CHN-01'
 * ```
 */
export function facilityCode(city: FortisCity, n: number): string {
  return `FH-${city.code}-${String(n + 1).padStart(2, '0')}`;
}

const COUNCILS: Readonly<Record<string, string>> = {
  Delhi: 'DMC',
  Haryana: 'HMC',
  Maharashtra: 'MMC',
  Karnataka: 'KMC',
  'Tamil Nadu': 'TNMC',
  Punjab: 'PMC',
  'West Bengal': 'WBMC',
  'Uttar Pradesh': 'UPMC',
  Rajasthan: 'RMC',
};

/**
 * A council abbreviation as Fortis writes it, and a registration number in one of its shapes.
 *
 * ### Examples
 * ```ts
 * import { createSeededRandom, INDIAN_CITIES } from '@provider-data/core/testing';
 * import { fakeFortisRegistration } from '@provider-data/plugin-fortis/testing';
 *
 * fakeFortisRegistration(createSeededRandom(1), INDIAN_CITIES[3]!); // e.g. { council: 'DMC', number: 'DMC/R/48213' }
 * ```
 */
export function fakeFortisRegistration(
  rng: SeededRandom,
  city: IndianCity,
): { council: string | null; number: string | null } {
  if (rng.chance(0.05)) return { council: null, number: null };
  const council = rng.chance(0.1) ? 'NMC' : (COUNCILS[city.state] ?? 'NMC');
  const digits = String(rng.int(1000, 99999));
  return { council, number: rng.chance(0.4) ? `${council}/R/${digits}` : digits };
}

const DEPARTMENTS: Readonly<Record<string, string>> = {
  cardiology: 'Cardiac Sciences',
  'interventional-cardiology': 'Cardiac Sciences',
  'cardiothoracic-surgery': 'Cardiac Sciences',
  neurology: 'Neurosciences',
  neurosurgery: 'Neurosciences',
  orthopaedics: 'Orthopaedics',
  'obstetrics-gynaecology': 'Obstetrics and Gynaecology',
  oncology: 'Oncology',
  gastroenterology: 'Gastroenterology & Hepatobiliary Sciences',
  hepatology: 'Gastroenterology & Hepatobiliary Sciences',
  'surgical-gastroenterology': 'Gastroenterology & Hepatobiliary Sciences',
  nephrology: 'Renal Sciences',
  urology: 'Renal Sciences',
  paediatrics: 'Paediatrics',
  neonatology: 'Paediatrics',
};

/**
 * Designations as Fortis writes them.
 *
 * ### Examples
 * ```ts
 * import { createSeededRandom } from '@provider-data/core/testing';
 * import { FORTIS_DESIGNATIONS } from '@provider-data/plugin-fortis/testing';
 *
 * const designation = createSeededRandom(2).pick(FORTIS_DESIGNATIONS);
 * ```
 */
export const FORTIS_DESIGNATIONS: readonly string[] = [
  'Director & HOD',
  'Senior Director',
  'Director',
  'Principal Consultant',
  'Senior Consultant',
  'Senior Consultant',
  'Consultant',
  'Consultant',
  'Associate Consultant',
  'Attending Consultant',
];

/**
 * What one doctor is, whichever city lists them: the same in every city file.
 *
 * ### Examples
 * ```ts
 * import type { FortisPerson } from '@provider-data/plugin-fortis/testing';
 *
 * declare const person: FortisPerson;
 * person.first_name;
 * ```
 */
export interface FortisPerson {
  salutation: string;
  first_name: string;
  middle_name: string | null;
  last_name: string | null;
  gender: string;
  specialties: string;
  /** The first specialty's canonical code, for the department. */
  specialtyCode: string;
  degrees: string[];
  experience: number;
  languages: string;
  medical_council: string | null;
  registration_no: string | null;
  mobile: string | null;
  email: string | null;
}

const MOBILE_STYLES = PHONE_STYLES.filter((s) => s.startsWith('mobile'));
const DEGREE_SEPARATORS = /\s*[,;/]\s*|\s+-\s+/;

/**
 * A doctor as Fortis lists them, with the shared name, degree and language vocabularies.
 *
 * ### Examples
 * ```ts
 * import { createSeededRandom, INDIAN_CITIES } from '@provider-data/core/testing';
 * import { fakeFortisPerson } from '@provider-data/plugin-fortis/testing';
 *
 * const person = fakeFortisPerson(createSeededRandom(3), INDIAN_CITIES[6]!);
 * person.specialties; // e.g. 'Cardiology|Interventional Cardiology'
 * ```
 */
export function fakeFortisPerson(rng: SeededRandom, home: IndianCity): FortisPerson {
  const name = fakePersonName(
    rng,
    rng.pick(['western', 'western', 'western', 'upper', 'honorific-rank'] as const),
  );
  const first = rng.pick(SPECIALTIES);
  const specialties = [rng.pick(first.names)];
  if (first.code === 'cardiology' && rng.chance(0.5)) specialties.push('Interventional Cardiology');
  else if (rng.chance(0.1)) specialties.push(rng.pick(rng.pick(SPECIALTIES).names));
  if (rng.chance(0.03)) specialties.push(rng.pick(UNMAPPED_SPECIALTY_WORDINGS));
  const registration = fakeFortisRegistration(rng, home);
  const salutation = name.salutation === 'DR' ? rng.pick(['Dr.', 'Prof.', 'Prof. Dr.', '']) : name.salutation;
  return {
    salutation,
    first_name: name.first,
    middle_name: name.middle,
    last_name: name.last ?? (rng.chance(0.5) ? '' : null),
    gender: rng.chance(0.03) ? rng.pick(['O', '']) : name.gender === 'male' ? 'M' : 'F',
    specialties: specialties.join('|'),
    specialtyCode: first.code,
    degrees: fakeQualifications(rng, first.code).split(DEGREE_SEPARATORS).filter(Boolean),
    experience: rng.int(2, 38),
    languages: fakeLanguages(rng, home).join('|'),
    medical_council: registration.council,
    registration_no: registration.number,
    mobile: rng.chance(0.8) ? fakePhone(rng, home, rng.pick(MOBILE_STYLES)) : null,
    email: rng.chance(0.6)
      ? fakeEmail(rng, `${name.first}.${name.last ?? 'dr'}`, 'fortishealthcare.com')
      : null,
  };
}

/**
 * The department a doctor of `specialtyCode` belongs to.
 *
 * ### Examples
 * ```ts
 * import { fortisDepartment } from '@provider-data/plugin-fortis/testing';
 *
 * fortisDepartment('interventional-cardiology'); // 'Cardiac Sciences'
 * ```
 */
export function fortisDepartment(specialtyCode: string): string {
  return (
    DEPARTMENTS[specialtyCode] ??
    SPECIALTIES.find((s) => s.code === specialtyCode)?.names[0] ??
    'General Medicine'
  );
}

const DAY_SETS = [
  'Mon,Wed,Fri',
  'Tue,Thu,Sat',
  'Mon-Sat',
  'Mon-Fri',
  'Sat',
  'Mon,Tue,Wed,Thu,Fri',
  'Tue,Fri',
];
const SESSIONS = ['09:00-13:00', '10:00-14:00', '16:00-19:00', '17:00-20:00', '09:30-12:30', '14:00-17:00'];

/**
 * An OPD schedule as Fortis writes it: `Mon,Wed,Fri 10:00-14:00; Sat 09:00-12:00`, or null.
 *
 * ### Examples
 * ```ts
 * import { createSeededRandom } from '@provider-data/core/testing';
 * import { fakeFortisSchedule } from '@provider-data/plugin-fortis/testing';
 *
 * fakeFortisSchedule(createSeededRandom(4)); // e.g. 'Mon-Sat 09:00-13:00'
 * ```
 */
export function fakeFortisSchedule(rng: SeededRandom): string | null {
  if (rng.chance(0.08)) return null;
  const first = `${rng.pick(DAY_SETS)} ${rng.pick(SESSIONS)}`;
  return rng.chance(0.3) ? `${first}; ${rng.pick(DAY_SETS)} ${rng.pick(SESSIONS)}` : first;
}

const FACILITY_TYPES = {
  hospital: 'HOSPITAL',
  clinic: 'CLINIC',
  diagnostic_centre: 'DIAGNOSTICS',
  day_care: 'DAY_CARE',
} as const;

/**
 * A facility line of `city` with the shared address, hospital-name and phone vocabularies.
 *
 * ### Examples
 * ```ts
 * import { createSeededRandom } from '@provider-data/core/testing';
 * import { facilityCode, fakeFortisFacility, fortisCities } from '@provider-data/plugin-fortis/testing';
 *
 * const [city] = fortisCities(1);
 * const line = fakeFortisFacility(createSeededRandom(5), city!, facilityCode(city!, 0));
 * JSON.stringify(line); // one line of facilities.ndjson
 * ```
 */
export function fakeFortisFacility(
  rng: SeededRandom,
  city: FortisCity,
  code: string,
): Record<string, unknown> {
  const address = fakeAddress(rng, city.city, rng.chance(0.2));
  let { name, kind } = fakeHospitalName(rng, 'Fortis', address.locality);
  let type: string = FACILITY_TYPES[kind];
  if (kind === 'hospital' && rng.chance(0.15)) {
    name = `Fortis Escorts Heart Institute, ${address.locality}`;
    type = 'HEART_INSTITUTE';
  }
  const phones = Array.from({ length: rng.int(1, 3) }, () => fakePhone(rng, city.city));
  const lat = 8 + rng.next() * 24;
  const lng = 68 + rng.next() * 24;
  const pin = address.pincode;
  return {
    facility_code: code,
    facility_name: name,
    facility_type: type,
    address_1: address.addressLine,
    address_2: rng.chance(0.4)
      ? `Near ${rng.pick(['Metro Station', 'Bus Stand', 'City Mall', 'Flyover'])}`
      : null,
    locality: address.locality,
    city: city.city.oldName && rng.chance(0.5) ? city.city.oldName : city.city.name,
    state: rng.chance(0.9) ? city.city.state : null,
    pin_code: rng.chance(0.1) ? '' : rng.chance(0.3) ? `${pin.slice(0, 3)} ${pin.slice(3)}` : pin,
    contact_numbers: phones.join(rng.pick([', ', ',', ' / ', '/'])),
    geo: rng.chance(0.3) ? '' : `${lat.toFixed(4)},${lng.toFixed(4)}`,
    nabh_accredited: rng.chance(0.7) ? 'Y' : 'N',
  };
}
