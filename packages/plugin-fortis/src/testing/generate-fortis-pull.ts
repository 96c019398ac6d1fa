import type { PullGeneratorOptions } from '@provider-data/core';
import {
  createSeededRandom,
  type DoctorPopulation,
  drawPopulationDoctor,
  type ExpectedPullOutcome,
  gzipBytes,
  type PullTarget,
  pullWriter,
  type SeededRandom,
} from '@provider-data/core/testing';
import {
  facilityCode,
  fakeFortisFacility,
  fakeFortisPerson,
  fakeFortisSchedule,
  type FortisCity,
  type FortisPerson,
  fortisCities,
  FORTIS_DESIGNATIONS,
  fortisDepartment,
} from './fortis-vocabulary.js';
import { fortisIdentityFields } from './population-fields.js';

/** Where a generated pull goes: a folder laid out like the bucket, or any store with `put`. */
export type FortisPullTarget = PullTarget;

/** Options of {@link generateFortisPull}. */
export interface GenerateFortisPullOptions extends PullGeneratorOptions {
  /** Doctors listed by their home city (visiting consultants appear once more, in a second city). */
  doctors: number;
  /** City folders; with `dirt` > 0 and two or more, the last one has a facilities file only. */
  cities: number;
  /** Facilities per city. Default 3. */
  hospitalsPerCity?: number;
  /**
   * Share of doctor lines given one of the deviations of the format, 0 to 1 (default 0: a clean
   * pull). Any value above 0 also injects every file-level deviation once: a cut-off last line, a
   * truncated gzip file, a city without a doctors file, blank lines, keys that are not data.
   */
  dirt?: number;
  /** Which files are gzip-compressed. Default `some` (about a third). */
  gzip?: 'none' | 'some' | 'all';
  /**
   * Draw each doctor's identity (names, gender, specialty, degrees,
   * experience, council and number, mobile, e-mail) from this shared
   * population, slot by slot in its home city, so that some doctors are also
   * in an Apollo pull drawn from it. The population records the truth.
   */
  population?: DoctorPopulation;
  target: FortisPullTarget;
}

/** What {@link generateFortisPull} wrote. */
export interface GeneratedFortisPull {
  pullTimestamp: string;
  /** The data files written, in the order they were written. */
  keys: string[];
  /** Keys written that are not data files and that the source must ignore. */
  ignoredKeys: string[];
  /** What a correct first run of this pull into an empty sink produces. */
  expected: ExpectedPullOutcome;
}

/** The record-level deviations, given in turn to the doctors chosen as dirty. */
const DOCTOR_DEVIATIONS = [
  'invalid_json',
  'not_an_object',
  'missing_field',
  'invalid_value',
  'unknown_practice',
  'inactive',
  'extra_fields',
  'read_for_meaning',
  'duplicate_line',
  'no_facility_codes',
  'other_city_facility',
  'unusable_optional',
] as const;
type DoctorDeviation = (typeof DOCTOR_DEVIATIONS)[number];

/** The extra facility lines of a dirty pull: four bad, one good with unknown and wrong-typed fields. */
const FACILITY_DEVIATIONS = [
  'invalid_json',
  'not_an_object',
  'missing_field',
  'invalid_value',
  'extra_fields',
] as const;
type FacilityDeviation = (typeof FACILITY_DEVIATIONS)[number];

const CHUNK_CHARS = 64 * 1024;

/**
 * Writes a deterministic Fortis pull of any size, file by file and chunk by
 * chunk (memory stays flat for millions of doctors), with realistic Indian
 * names, facilities, specialties, degrees and phones from
 * `@provider-data/core/testing`. With `dirt` > 0 it injects every deviation
 * the Fortis format lists, and returns the exact outcome a correct run must
 * have, counted as the lines are written.
 *
 * ### Examples
 * ```ts
 * import { fortisPlugin } from '@provider-data/plugin-fortis';
 * import { generateFortisPull } from '@provider-data/plugin-fortis/testing';
 * import { createMemoryObjectStore, runPlugin } from '@provider-data/core/testing';
 * import { expectPullOutcome } from '@provider-data/core/vitest';
 *
 * const store = createMemoryObjectStore();
 * const { pullTimestamp, expected } = await generateFortisPull({
 *   seed: 7, doctors: 500, cities: 4, dirt: 0.1, target: { store },
 * });
 * const result = await runPlugin({ plugin: fortisPlugin, store, pull: { pullTimestamp } });
 * expectPullOutcome(result, expected);
 * ```
 */
export async function generateFortisPull(options: GenerateFortisPullOptions): Promise<GeneratedFortisPull> {
  const plan = planPull(options);
  const keys: string[] = [];
  const ignoredKeys: string[] = [];
  const put = pullWriter(options.target);

  for (const city of plan.cities) {
    for (const kind of ['facilities', 'doctors'] as const) {
      if (kind === 'doctors' && city.index >= plan.doctorCities) continue;
      const gzip = plan.gzipped(city.index, kind);
      const key = `${plan.prefix}${city.slug}/${kind}.ndjson${gzip ? '.gz' : ''}`;
      const lines = kind === 'facilities' ? facilityLines(plan, city) : doctorLines(plan, city);
      const truncated = plan.truncatedGzip?.city === city.index && plan.truncatedGzip.kind === kind;
      const text = chunked(lines, plan.crlf(city.index, kind) ? '\r\n' : '\n');
      await put(key, gzip ? gzipBytes(text, truncated) : encoded(text));
      keys.push(key);
      plan.expected.files++;
    }
  }
  if (plan.dirty) {
    const extras: Record<string, string> = {
      [`fortis/datapulls/${plan.timestamp}/_manifest.json`]: `${JSON.stringify({ files: keys.length })}\n`,
      [`${plan.prefix}README.txt`]: 'Fortis provider directory export\n',
      [`${plan.prefix}${plan.cities[0]!.slug}/doctors.csv`]: 'doctor_code,first_name\nFD-1,Anil\n',
      [`${plan.prefix}${plan.cities[0]!.slug}/archive/doctors.ndjson`]: '{"doctor_code":"FD-OLD"}\n',
    };
    for (const [key, body] of Object.entries(extras)) {
      await put(key, body);
      ignoredKeys.push(key);
    }
  }
  return { pullTimestamp: plan.timestamp, keys, ignoredKeys, expected: plan.expected };
}

// ---------------------------------------------------------------- plan

interface Plan {
  seed: number;
  population: DoctorPopulation | undefined;
  timestamp: string;
  prefix: string;
  dirty: boolean;
  doctors: number;
  cities: FortisCity[];
  /** Cities with a doctors file: the first `doctorCities`. */
  doctorCities: number;
  hospitalsPerCity: number;
  /** Every `dirtyEvery`th doctor gets a deviation (0: none). */
  dirtyEvery: number;
  /** Every `visitingEvery`th doctor is also listed by the next city (0: none). */
  visitingEvery: number;
  /** The next deviation to give. */
  deviationTurn: number;
  cutOffCity: number | null;
  truncatedGzip: { city: number; kind: 'facilities' | 'doctors' } | null;
  lastModified: number;
  gzipped(city: number, kind: 'facilities' | 'doctors'): boolean;
  crlf(city: number, kind: 'facilities' | 'doctors'): boolean;
  expected: ExpectedPullOutcome;
}

function planPull(options: GenerateFortisPullOptions): Plan {
  const timestamp = options.timestamp ?? '20261120T053000Z';
  if (!/^\d{8}T\d{6}Z$/.test(timestamp))
    throw new RangeError(`timestamp must be YYYYMMDDTHHMMSSZ, got ${timestamp}`);
  const dirt = Math.min(1, Math.max(0, options.dirt ?? 0));
  const dirty = dirt > 0;
  const cityCount = Math.max(1, Math.floor(options.cities));
  const doctors = Math.max(0, Math.floor(options.doctors));
  const doctorCities = dirty && cityCount >= 2 ? cityCount - 1 : cityCount;
  const gzipMode = options.gzip ?? 'some';
  const truncatedGzip = !dirty
    ? null
    : doctorCities >= 2
      ? { city: doctorCities - 1, kind: 'doctors' as const }
      : { city: cityCount - 1, kind: 'facilities' as const };
  const cutOffCity = dirty ? 0 : null;
  const stamp = Date.UTC(
    +timestamp.slice(0, 4),
    +timestamp.slice(4, 6) - 1,
    +timestamp.slice(6, 8),
    +timestamp.slice(9, 11),
    +timestamp.slice(11, 13),
  );
  return {
    seed: options.seed >>> 0,
    population: options.population,
    timestamp,
    prefix: `fortis/datapulls/${timestamp}/by_city/`,
    dirty,
    doctors,
    cities: fortisCities(cityCount),
    doctorCities,
    hospitalsPerCity: Math.max(1, Math.floor(options.hospitalsPerCity ?? 3)),
    dirtyEvery: dirty ? Math.max(1, Math.round(1 / dirt)) : 0,
    visitingEvery: dirty && doctorCities >= 2 ? Math.max(4, Math.round(4 / dirt)) : 0,
    deviationTurn: 0,
    cutOffCity,
    truncatedGzip,
    lastModified: stamp,
    gzipped(city, kind) {
      if (truncatedGzip && truncatedGzip.city === city && truncatedGzip.kind === kind) return true;
      if (cutOffCity === city && kind === 'doctors') return false;
      if (gzipMode === 'none') return false;
      if (gzipMode === 'all') return true;
      return (city + (kind === 'doctors' ? 1 : 0)) % 3 === 2;
    },
    crlf: (city, kind) => (city + (kind === 'facilities' ? 1 : 0)) % 4 === 1,
    expected: {
      files: 0,
      failedFiles: truncatedGzip ? 2 : 0,
      records: { read: 0, quarantined: 0 },
      rows: { practitioner: 0, practice: 0, provider: 0 },
      quarantineByReason: dirty ? { truncated_file: 2 } : {},
    },
  };
}

/** The first doctor (global index) of the `c`th doctor city, for c in [0, doctorCities]. */
function firstDoctor(plan: Plan, c: number): number {
  return Math.floor((plan.doctors * c) / plan.doctorCities);
}

/** A 32-bit mix of a seed and indices, so every doctor has its own stream of random numbers. */
function mix(seed: number, a: number, b = 0): number {
  let h =
    Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(a + 1, 0xc2b2ae35) ^ Math.imul(b + 1, 0x27d4eb2f);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function count(plan: Plan, reason: string, n = 1): void {
  plan.expected.quarantineByReason[reason] = (plan.expected.quarantineByReason[reason] ?? 0) + n;
}

// ---------------------------------------------------------------- facilities

function* facilityLines(plan: Plan, city: FortisCity): Generator<string> {
  const rng = createSeededRandom(mix(plan.seed, -1, city.index));
  const e = plan.expected;
  for (let n = 0; n < plan.hospitalsPerCity; n++) {
    yield JSON.stringify(fakeFortisFacility(rng, city, facilityCode(city, n)));
    e.records.read++;
    e.rows.practice++;
  }
  if (plan.dirty) {
    const kinds: readonly FacilityDeviation[] =
      city.index === 0
        ? FACILITY_DEVIATIONS
        : [FACILITY_DEVIATIONS[city.index % FACILITY_DEVIATIONS.length]!];
    for (const kind of kinds) {
      yield '';
      yield badFacility(plan, rng, city, kind);
    }
  }
  if (plan.truncatedGzip?.city === city.index && plan.truncatedGzip.kind === 'facilities') {
    yield cutOff(JSON.stringify(fakeFortisFacility(rng, city, `FH-${city.code}-CUT`)));
  }
}

function badFacility(plan: Plan, rng: SeededRandom, city: FortisCity, kind: FacilityDeviation): string {
  const e = plan.expected;
  const line = fakeFortisFacility(rng, city, `FH-${city.code}-X${rng.int(10, 99)}`);
  e.records.read++;
  if (kind !== 'extra_fields') {
    e.records.quarantined++;
    count(plan, kind);
  }
  switch (kind) {
    case 'invalid_json':
      return JSON.stringify(line).replace(/"facility_name":/, 'facility_name:');
    case 'not_an_object':
      return JSON.stringify([line.facility_code, line.facility_name]);
    case 'missing_field':
      return JSON.stringify({ ...line, facility_name: undefined });
    case 'invalid_value':
      return JSON.stringify({ ...line, facility_code: rng.int(1000, 9999) });
    case 'extra_fields':
      e.rows.practice++;
      return JSON.stringify({
        ...line,
        pin_code: Number(String(line.pin_code).replace(/\D/g, '')) || null,
        contact_numbers: String(line.contact_numbers).split(/\s*[,/]\s*/),
        bed_count: rng.int(50, 400),
        emergency_24x7: 'Y',
      });
  }
}

// ---------------------------------------------------------------- doctors

function* doctorLines(plan: Plan, city: FortisCity): Generator<string> {
  const from = firstDoctor(plan, city.index);
  const to = firstDoctor(plan, city.index + 1);
  for (let g = from; g < to; g++) yield* homeLines(plan, city, g);

  // Visiting consultants of the previous doctor city: the same person, this city's facilities.
  if (plan.visitingEvery > 0) {
    const previous = (city.index - 1 + plan.doctorCities) % plan.doctorCities;
    const start = firstDoctor(plan, previous);
    const end = firstDoctor(plan, previous + 1);
    for (
      let g = Math.ceil(start / plan.visitingEvery) * plan.visitingEvery;
      g < end;
      g += plan.visitingEvery
    ) {
      const line = doctorLine(plan, g, previous, city);
      plan.expected.records.read++;
      plan.expected.rows.provider += affiliations(line);
      yield JSON.stringify(line);
    }
  }

  if (plan.cutOffCity === city.index)
    yield cutOff(JSON.stringify(doctorLine(plan, plan.doctors + 1, city.index, city)));
  if (plan.truncatedGzip?.city === city.index && plan.truncatedGzip.kind === 'doctors') {
    yield cutOff(JSON.stringify(doctorLine(plan, plan.doctors + 2, city.index, city)));
  }
}

function isVisiting(plan: Plan, g: number): boolean {
  return plan.visitingEvery > 0 && g % plan.visitingEvery === 0;
}

function* homeLines(plan: Plan, city: FortisCity, g: number): Generator<string> {
  const e = plan.expected;
  const line = doctorLine(plan, g, city.index, city);
  const deviation: DoctorDeviation | null =
    plan.dirtyEvery > 0 && !isVisiting(plan, g) && g % plan.dirtyEvery === plan.dirtyEvery - 1
      ? DOCTOR_DEVIATIONS[plan.deviationTurn++ % DOCTOR_DEVIATIONS.length]!
      : null;
  e.records.read++;
  if (deviation === null) {
    e.rows.practitioner++;
    e.rows.provider += affiliations(line);
    yield JSON.stringify(line);
    return;
  }
  const rng = createSeededRandom(mix(plan.seed, g, -2));
  const bad = (reason: string, text: string): string => {
    e.records.quarantined++;
    count(plan, reason);
    return text;
  };
  switch (deviation) {
    case 'invalid_json':
      yield bad('invalid_json', JSON.stringify(line).replace('"first_name":', "'first_name':"));
      return;
    case 'not_an_object':
      yield bad(
        'not_an_object',
        rng.chance(0.5) ? JSON.stringify([line.doctor_code, line.first_name]) : '"FD"',
      );
      return;
    case 'missing_field':
      yield bad(
        'missing_field',
        JSON.stringify({ ...line, ...(rng.chance(0.5) ? { doctor_code: undefined } : { first_name: '' }) }),
      );
      return;
    case 'invalid_value':
      yield bad('invalid_value', JSON.stringify({ ...line, doctor_code: 10_000 + g }));
      return;
    default:
  }
  // The rest load: the practitioner, and the providers of known facility codes.
  e.rows.practitioner++;
  switch (deviation) {
    case 'unknown_practice': {
      e.rows.provider += affiliations(line);
      count(plan, 'unknown_practice');
      line.facility_codes = `${line.facility_codes}|FH-CLOSED-${g}`;
      yield JSON.stringify(line);
      return;
    }
    case 'inactive':
      e.rows.provider += affiliations(line);
      yield JSON.stringify({ ...line, status: 'INACTIVE' });
      return;
    case 'extra_fields':
      e.rows.provider += affiliations(line);
      yield JSON.stringify({
        ...line,
        tele_consult: 'Y',
        schema_version: '1.1',
        video_fee_inr: rng.int(3, 12) * 100,
      });
      yield rng.chance(0.5) ? '' : '   ';
      return;
    case 'read_for_meaning':
      e.rows.provider += affiliations(line);
      yield JSON.stringify({
        ...line,
        experience_years: `${line.experience_years}+`,
        languages: String(line.languages).split('|'),
        specialties: String(line.specialties).split('|'),
        opd_fee_inr:
          line.opd_fee_inr === null ? null : `₹ ${Number(line.opd_fee_inr).toLocaleString('en-IN')}`,
        degrees: (line.degrees as string[]).join(', '),
        mobile: line.mobile === null ? null : Number(String(line.mobile).replace(/\D/g, '').slice(-10)),
      });
      return;
    case 'duplicate_line': {
      e.rows.provider += affiliations(line);
      e.records.read++;
      const text = JSON.stringify(line);
      yield text;
      yield '';
      yield text;
      return;
    }
    case 'no_facility_codes':
      yield JSON.stringify({ ...line, facility_codes: '' });
      return;
    case 'other_city_facility': {
      const other = plan.cities[(city.index + 1) % plan.cities.length]!;
      if (other.index !== city.index)
        line.facility_codes = `${line.facility_codes}|${facilityCode(other, 0)}`;
      e.rows.provider += affiliations(line);
      yield JSON.stringify(line);
      return;
    }
    case 'unusable_optional':
      e.rows.provider += affiliations(line);
      yield JSON.stringify({ ...line, experience_years: true, email: 42, opd_schedule: { mon: '10-2' } });
      return;
  }
}

/** The number of distinct facility codes of a doctor line: each is one provider row. */
function affiliations(line: Record<string, unknown>): number {
  const codes = String(line.facility_codes ?? '');
  return codes === '' ? 0 : new Set(codes.split('|')).size;
}

/**
 * Doctor `g` as listed by `listing`: the person (from `g` alone, so every city lists the same
 * one) with `listing`'s affiliation fields.
 */
function doctorLine(plan: Plan, g: number, homeCity: number, listing: FortisCity): Record<string, unknown> {
  const person: FortisPerson = fakeFortisPerson(
    createSeededRandom(mix(plan.seed, g)),
    plan.cities[homeCity]!.city,
  );
  const rng = createSeededRandom(mix(plan.seed, g, listing.index));
  const codes = new Set<string>();
  const wanted = rng.chance(0.25) ? 2 : 1;
  for (let i = 0; i < wanted; i++) codes.add(facilityCode(listing, rng.int(0, plan.hospitalsPerCity - 1)));
  const experience = rng.int(0, 9);
  return {
    doctor_code: `FD-${10_000 + g}`,
    salutation: person.salutation,
    first_name: person.first_name,
    middle_name: person.middle_name,
    last_name: person.last_name,
    gender: person.gender,
    primary_department: fortisDepartment(person.specialtyCode),
    designation: rng.pick(FORTIS_DESIGNATIONS),
    specialties: person.specialties,
    degrees: person.degrees,
    experience_years:
      experience < 6
        ? person.experience
        : experience < 8
          ? String(person.experience)
          : `${person.experience}+`,
    languages: person.languages,
    medical_council: person.medical_council,
    registration_no: person.registration_no,
    facility_codes: [...codes].join('|'),
    opd_fee_inr: rng.chance(0.1) ? null : rng.int(5, 30) * 100,
    mobile: person.mobile,
    email: person.email,
    opd_schedule: fakeFortisSchedule(rng),
    status: rng.chance(0.05) ? 'ON_LEAVE' : 'ACTIVE',
    last_modified: plan.lastModified - rng.int(1, 400) * 86_400_000,
    ...(plan.population
      ? fortisIdentityFields(
          drawPopulationDoctor(
            plan.population,
            'fortis',
            plan.cities[homeCity]!.city,
            g - firstDoctor(plan, homeCity),
            `FD-${10_000 + g}`,
            mix(plan.seed, g, 7),
          ),
        )
      : {}),
  };
}

/** The first part of a line, as an interrupted export leaves it. */
function cutOff(text: string): string {
  return `${CUT}${text.slice(0, Math.max(10, Math.floor(text.length / 2)))}`;
}
/** Marks a line that must end the file without a line feed. */
const CUT = '\u0000cut:';

// ---------------------------------------------------------------- output

/** Lines joined with `eol` into ~64 KiB strings; a cut-off line ends the file without a line feed. */
function* chunked(lines: Iterable<string>, eol: string): Generator<string> {
  let buffer = '';
  for (const line of lines) {
    if (line.startsWith(CUT)) {
      buffer += line.slice(CUT.length);
      break;
    }
    buffer += line + eol;
    if (buffer.length >= CHUNK_CHARS) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer !== '') yield buffer;
}

async function* encoded(text: Iterable<string>): AsyncGenerator<Uint8Array> {
  for (const chunk of text) yield Buffer.from(chunk, 'utf8');
}
