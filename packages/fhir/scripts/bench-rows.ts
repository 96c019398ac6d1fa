/**
 * Canonical rows for the export benchmark, generated deterministically and
 * streamed into the tables with COPY (the sink's hashing and merging are not
 * what this measures). Row i is the same on every run. Two health systems;
 * every doctor works at two practices of their system.
 */
import { practiceId, practitionerId, providerId } from '@provider-data/core';
import { createSeededRandom } from '@provider-data/core/testing';

export const DOCTORS_PER_PRACTICE = 40;
export const SYSTEMS = ['bench-north', 'bench-south'] as const;

const GIVEN = [
  'Ramesh',
  'Priya',
  'Anil',
  'Lakshmi',
  'Suresh',
  'Kavita',
  'Arjun',
  'Meera',
  'Vikram',
  'Sunita',
];
const FAMILY = ['Kumar', 'Sharma', 'Iyer', 'Reddy', 'Nair', 'Gupta', 'Menon', 'Rao', 'Patel', 'Das'];
const SPECIALTIES = [
  'cardiology',
  'paediatrics',
  'orthopaedics',
  'dermatology',
  'ent',
  'neurology',
  'oncology',
];
const CITIES = [
  ['Chennai', 'Tamil Nadu', 'Tamil Nadu Medical Council'],
  ['Bengaluru', 'Karnataka', 'Karnataka Medical Council'],
  ['New Delhi', 'Delhi', 'Delhi Medical Council'],
] as const;

/** `{"a","b"}`: the generated values hold no quote, backslash, tab or newline. */
const array = (values: readonly string[]) => `{${values.map((v) => `"${v}"`).join(',')}}`;
const line = (values: readonly (string | number | boolean | null)[]) =>
  `${values.map((v) => (v === null ? '\\N' : String(v))).join('\t')}\n`;

function systemOf(i: number) {
  return SYSTEMS[i % SYSTEMS.length]!;
}

/** Practices per system for `doctors` doctors. */
export function practicesPerSystem(doctors: number): number {
  return Math.max(1, Math.ceil(doctors / SYSTEMS.length / DOCTORS_PER_PRACTICE));
}

export const PRACTITIONER_COLUMNS =
  'id, health_system, source_id, display_name, prefixes, given_name, family_name, gender, specialties, specialties_raw, qualifications, languages, practice_start_year, registration_council, registration_number, phone, email, active, first_seen_pull_id, last_seen_pull_id, content_hash, raw';

export function* practitionerLines(doctors: number, pullId: string): Generator<string> {
  for (let i = 0; i < doctors; i++) {
    const rng = createSeededRandom(i + 1);
    const system = systemOf(i);
    const sourceId = `D-${String(i).padStart(8, '0')}`;
    const given = rng.pick(GIVEN);
    const family = rng.pick(FAMILY);
    const city = rng.pick(CITIES);
    const specialty = rng.pick(SPECIALTIES);
    const raw = JSON.stringify({
      doctorId: sourceId,
      name: `Dr. ${given} ${family}`,
      speciality: `Consultant ${specialty}`,
      qualifications: 'MBBS, MD (General Medicine), DM (Cardiology)',
      experience: '22 Years',
      languages: 'English, Tamil, Hindi',
      registration: { council: city[2], number: String(10000 + i) },
      mobile: `98400${String(i % 100000).padStart(5, '0')}`,
      profileUrl: `https://hospital.example/doctors/${sourceId}`,
      updatedAt: '2026-11-20T05:30:00Z',
    });
    yield line([
      practitionerId(system, sourceId),
      system,
      sourceId,
      `${given} ${family}`,
      array(['Dr.']),
      given,
      family,
      rng.pick(['male', 'female']),
      array([specialty]),
      array([`Consultant ${specialty}`]),
      JSON.stringify([
        { degree: 'MBBS', subject: null, institution: null },
        { degree: 'MD', subject: 'General Medicine', institution: 'Madras Medical College' },
      ]),
      array(['en', 'ta', 'hi']),
      2004,
      city[2],
      String(10000 + i),
      `+9198400${String(i % 100000).padStart(5, '0')}`,
      rng.chance(0.5) ? `doctor${i}@hospital.example` : null,
      i % 50 !== 0,
      pullId,
      pullId,
      'bench',
      raw,
    ]);
  }
}

export const PRACTICE_COLUMNS =
  'id, health_system, source_id, name, facility_type, address_line, locality, city, state, pincode, phones, latitude, longitude, enrichment_status, active, first_seen_pull_id, last_seen_pull_id, content_hash';

export function* practiceLines(doctors: number, pullId: string): Generator<string> {
  const perSystem = practicesPerSystem(doctors);
  for (const system of SYSTEMS) {
    for (let p = 0; p < perSystem; p++) {
      const rng = createSeededRandom(1_000_000_000 + p);
      const city = rng.pick(CITIES);
      const sourceId = `H-${String(p).padStart(6, '0')}`;
      yield line([
        practiceId(system, sourceId),
        system,
        sourceId,
        `${city[0]} Hospital ${p}`,
        rng.pick(['hospital', 'hospital', 'clinic', 'diagnostic_centre']),
        `${p} Main Road`,
        'Central',
        city[0],
        city[1],
        String(600001 + (p % 900)),
        array([`+91442829${String(p % 10000).padStart(4, '0')}`]),
        rng.chance(0.5) ? 13 + rng.next() : null,
        rng.chance(0.5) ? 80 + rng.next() : null,
        'skipped',
        true,
        pullId,
        pullId,
        'bench',
      ]);
    }
  }
}

export const PROVIDER_COLUMNS =
  'id, health_system, practitioner_id, practice_id, practitioner_source_id, practice_source_id, designation, department, specialties, consultation_fee_inr, schedule, active, first_seen_pull_id, last_seen_pull_id, content_hash';

export function* providerLines(doctors: number, pullId: string): Generator<string> {
  const perSystem = practicesPerSystem(doctors);
  for (let i = 0; i < doctors; i++) {
    const system = systemOf(i);
    const sourceId = `D-${String(i).padStart(8, '0')}`;
    const n = Math.floor(i / SYSTEMS.length);
    for (const p of new Set([n % perSystem, (n + 1) % perSystem])) {
      const practiceSource = `H-${String(p).padStart(6, '0')}`;
      yield line([
        providerId(system, sourceId, practiceSource),
        system,
        practitionerId(system, sourceId),
        practiceId(system, practiceSource),
        sourceId,
        practiceSource,
        'Senior Consultant',
        'Cardiac Sciences',
        array(['cardiology']),
        800 + (i % 10) * 100,
        JSON.stringify([{ days: ['mon', 'wed', 'fri'], start: '09:00', end: '13:00' }]),
        i % 50 !== 0,
        pullId,
        pullId,
        'bench',
      ]);
    }
  }
}
