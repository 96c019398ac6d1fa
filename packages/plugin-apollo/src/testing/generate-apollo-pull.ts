import type { PullGeneratorOptions } from '@provider-data/core';
import {
  createSeededRandom,
  emptyPullOutcome,
  type ExpectedPullOutcome,
  fakeAddress,
  fakeExperience,
  fakeFee,
  fakeHospitalName,
  fakeLanguages,
  fakePersonName,
  fakePhone,
  fakeQualifications,
  fakeRegistration,
  fakeSlots,
  fakeSpecialty,
  INDIAN_CITIES,
  type IndianCity,
  type PullTarget,
  pullWriter,
  type SeededRandom,
  type DoctorPopulation,
  drawPopulationDoctor,
} from '@provider-data/core/testing';
import { apolloIdentityFields } from './population-fields.js';

/** Where a generated pull is written: a folder laid out like the bucket, or an object store. */
export type GeneratedPullTarget = PullTarget;

/** Options of {@link generateApolloPull}: core's options of every generator, and the hospitals per city. */
export interface GenerateApolloPullOptions extends PullGeneratorOptions {
  /** City files (names beyond the ~70 known cities get a number: `Chennai 2`). */
  cities: number;
  /** Hospitals per city file. Default 4. */
  hospitalsPerCity?: number;
  /** Share of doctors that carry a deviation of the format (0..1). Any value above 0 also adds the broken files. */
  dirt?: number;
  /**
   * Draw each doctor's identity (name, gender, specialty, degrees, experience,
   * registration, mobile) from this shared population, slot by slot in its
   * city, so that some doctors are also in a Fortis pull drawn from it. The
   * population records the truth of every doctor written.
   */
  population?: DoctorPopulation;
  target: GeneratedPullTarget;
}

/** What {@link generateApolloPull} wrote, and what a correct run of it must produce. */
export interface GeneratedApolloPull {
  pullTimestamp: string;
  /** Every key written, data files and the keys a reader must ignore. */
  keys: string[];
  expected: ExpectedPullOutcome;
}

/** The per-doctor deviations of the format; each doctor carries at most one. */
const DOCTOR_DEVIATIONS = [
  'multi_city', // also listed in the next city's file, with a location there
  'duplicate', // listed twice in its own file; the later entry differs and wins
  'cross_city_location', // a location at a hospital of another city's file
  'unknown_hospital', // a location at a hospital in no file
  'bad_location', // a location without hospitalId
  'optional_wrong_type', // experience as a number, registration as text, an HTML entity in the name
  'unknown_fields', // schema 1.4 fields
  'missing_name', // followed by an extra record with no name
  'numeric_id', // followed by an extra record whose doctorId is a number
  'not_an_object', // followed by an extra element that is a string
] as const;
type Deviation = (typeof DOCTOR_DEVIATIONS)[number] | null;

/** The quarantine reason of the extra bad record each deviation adds. */
const BAD_RECORD_REASON = {
  missing_name: 'missing_field',
  numeric_id: 'invalid_value',
  not_an_object: 'not_an_object',
} as const;

const GENERATED_AT = '2026-11-20T11:01:12+05:30';
const CHUNK_CHARS = 256 * 1024;

/** A 32-bit seed for one element of the pull, so that any element can be rebuilt alone. */
function mix(seed: number, a: number, b = 0): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ (a + 0x7f4a7c15), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13) ^ (b + 0x165667b1), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** City `i` of the pull: the known cities first, then numbered repeats. */
function cityAt(i: number): IndianCity & { fileName: string } {
  const base = INDIAN_CITIES[i % INDIAN_CITIES.length]!;
  const round = Math.floor(i / INDIAN_CITIES.length);
  const name = round === 0 ? base.name : `${base.name} ${round + 1}`;
  return { ...base, name, fileName: `${name.replaceAll(' ', '_')}.json` };
}

const hospitalIdOf = (city: number, h: number) => `AH-C${pad(city, 3)}-${pad(h + 1, 3)}`;
const doctorIdOf = (d: number) => `AD-${pad(d, 7)}`;

/**
 * Generates a realistic Apollo pull, deterministic for a seed, streamed file
 * by file and chunk by chunk (memory stays flat for millions of doctors), and
 * returns the exact outcome a correct run must produce. With `dirt > 0` every
 * deviation the format lists appears: doctors in two city files, a doctor
 * twice in one file, locations in another city's file or in none, missing and
 * wrong-typed required fields, non-objects, wrong-typed optional fields,
 * unknown fields, and a cut-off, a non-JSON and an empty file.
 *
 * ### Examples
 *
 * ```ts
 * import { createMemoryObjectStore, runPlugin } from '@provider-data/core/testing';
 * import { expectPullOutcome } from '@provider-data/core/vitest';
 * import { apolloPlugin } from '@provider-data/plugin-apollo';
 * import { generateApolloPull } from '@provider-data/plugin-apollo/testing';
 *
 * const store = createMemoryObjectStore();
 * const { expected } = await generateApolloPull({ seed: 1, doctors: 500, cities: 3, dirt: 0.1, target: { store } });
 * expectPullOutcome(await runPlugin({ plugin: apolloPlugin, store }), expected);
 * ```
 */
export async function generateApolloPull(options: GenerateApolloPullOptions): Promise<GeneratedApolloPull> {
  const { seed, doctors: D, cities: C } = options;
  const H = options.hospitalsPerCity ?? 4;
  const dirt = options.dirt ?? 0;
  const timestamp = options.timestamp ?? '20261120T053000Z';
  if (!Number.isInteger(D) || D < 0) throw new RangeError('doctors must be a whole number ≥ 0');
  if (!Number.isInteger(C) || C < 1) throw new RangeError('cities must be a whole number ≥ 1');
  if (!Number.isInteger(H) || H < 1) throw new RangeError('hospitalsPerCity must be a whole number ≥ 1');
  if (!(dirt >= 0 && dirt <= 1)) throw new RangeError('dirt must be between 0 and 1');

  const root = `apollo/datapulls/${timestamp}/`;
  const prefix = `${root}by_city/`;
  const keys: string[] = [];
  const expected = emptyPullOutcome();
  const quarantine = (reason: string, n = 1) => {
    expected.quarantineByReason[reason] = (expected.quarantineByReason[reason] ?? 0) + n;
  };
  const put = pullWriter(options.target);
  const write = async (key: string, body: string | AsyncIterable<Uint8Array>) => {
    keys.push(key);
    await put(key, body);
  };

  const deviationOf = (d: number): Deviation => {
    if (dirt === 0) return null;
    const rng = createSeededRandom(mix(seed, d, 1));
    if (rng.next() >= dirt) return null;
    const deviation = DOCTOR_DEVIATIONS[Math.floor(rng.next() * DOCTOR_DEVIATIONS.length)]!;
    // With one city there is no other file to appear in or point to.
    if (C === 1 && (deviation === 'multi_city' || deviation === 'cross_city_location')) return 'duplicate';
    return deviation;
  };

  const hospital = (c: number, h: number, rng: SeededRandom, messy: boolean) => {
    const city = cityAt(c);
    const address = fakeAddress(rng, city, messy);
    const { name, kind } = fakeHospitalName(rng, 'Apollo', address.locality);
    const category = {
      hospital: rng.pick(['Hospital', 'Hospital', 'Cradle']),
      clinic: 'Clinic',
      diagnostic_centre: 'Diagnostic Centre',
      day_care: 'Spectra',
    }[kind];
    const record: Record<string, unknown> = {
      hospitalId: hospitalIdOf(c, h),
      name,
      category,
      addressLine: address.addressLine,
      area: rng.chance(0.9) ? address.locality : null,
      city: city.oldName && rng.chance(0.3) ? city.oldName : city.name,
      state: rng.chance(0.9) ? city.state : null,
      pincode: rng.pick([
        address.pincode,
        `${address.pincode.slice(0, 3)} ${address.pincode.slice(3)}`,
        Number(address.pincode),
        '',
      ]),
      phones: Array.from({ length: rng.int(1, 2) }, () => fakePhone(rng, city)),
      email: rng.chance(0.7) ? `${city.slug}.${h + 1}@apollohospitals.com` : null,
      location: rng.chance(0.6) ? { lat: 8 + rng.next() * 22, lng: 72 + rng.next() * 16 } : null,
      bedCount: kind === 'hospital' ? rng.int(50, 700) : null,
      departments: ['Cardiology', 'Orthopaedics', 'Neurology'].slice(0, rng.int(1, 3)),
    };
    if (messy) {
      // Optional fields of the wrong type and schema-1.4 fields: the record still loads.
      record.phones = fakePhone(rng, city, 'landline-spaced');
      record.bedCount = `${rng.int(50, 700)} beds`;
      delete record.location;
      record.accreditation = { nabh: true, jci: rng.chance(0.5) };
    }
    return record;
  };

  /** A doctor: a pure function of (seed, d), so that its copies in several files are identical. */
  const doctor = (d: number, home: number, deviation: Deviation, later = false) => {
    const rng = createSeededRandom(mix(seed, d));
    const city = cityAt(home);
    const person = fakePersonName(rng);
    const specialty = fakeSpecialty(rng, dirt > 0 ? 0.03 : 0);
    const count = rng.int(1, Math.min(3, H));
    const first = rng.int(0, H - 1);
    const locations: Record<string, unknown>[] = [];
    for (let i = 0; i < count; i++) {
      locations.push({
        hospitalId: hospitalIdOf(home, (first + i) % H),
        fee: fakeFee(rng),
        slots: fakeSlots(rng),
      });
    }
    const record: Record<string, unknown> = {
      doctorId: doctorIdOf(d),
      name: person.fullName,
      gender: rng.pick(person.gender === 'male' ? ['Male', 'M', 'Male', ''] : ['Female', 'F', 'Female', '']),
      speciality: specialty.wording,
      qualifications: fakeQualifications(rng, specialty.code),
      experience: fakeExperience(rng),
      languages: fakeLanguages(rng, city).join(', '),
      registration: rng.chance(0.8) ? fakeRegistration(rng, city) : null,
      practiceLocations: locations,
      mobile: rng.chance(0.6)
        ? fakePhone(rng, city, rng.pick(['mobile', 'mobile-intl', 'mobile-zero']))
        : null,
      profileUrl: `https://www.apollohospitals.com/doctors/${d}`,
      updatedAt: '2026-11-18T09:30:00+05:30',
    };
    if (options.population) {
      Object.assign(
        record,
        apolloIdentityFields(
          drawPopulationDoctor(
            options.population,
            'apollo',
            city,
            Math.floor(d / C),
            doctorIdOf(d),
            mix(seed, d, 5),
          ),
        ),
      );
    }
    const extra = createSeededRandom(mix(seed, d, 2));
    switch (deviation) {
      case 'duplicate':
        if (later) {
          for (const location of locations) location.fee = extra.int(5, 20) * 100;
          record.experience = `${extra.int(1, 40)} Years`;
        }
        break;
      case 'cross_city_location':
        locations.push({
          hospitalId: hospitalIdOf((home + 1) % C, 0),
          fee: fakeFee(extra),
          slots: fakeSlots(extra),
        });
        break;
      case 'unknown_hospital':
        locations.push({ hospitalId: `AH-GONE-${pad(d, 7)}`, fee: 500, slots: null });
        break;
      case 'bad_location':
        locations.push({ fee: '₹ 700', slots: 'Mon-Fri 10:00 AM - 01:00 PM' });
        break;
      case 'optional_wrong_type':
        record.experience = extra.int(1, 40);
        record.registration = `TNMC ${extra.int(10000, 99999)}`;
        record.name = `Dr. Anil D&#39;Souza &amp; ${person.first}`;
        break;
      case 'unknown_fields':
        record.telemedicine = { available: true, platform: 'Apollo 24|7' };
        record.awards = ['Best Doctor 2025'];
        break;
      default:
    }
    return record;
  };

  /** The visiting copy of a multi-city doctor in the next city's file: same doctor, that city's location. */
  const visitingCopy = (d: number, home: number) => {
    const record = doctor(d, home, 'multi_city');
    const rng = createSeededRandom(mix(seed, d, 3));
    const there = (home + 1) % C;
    record.practiceLocations = [
      { hospitalId: hospitalIdOf(there, rng.int(0, H - 1)), fee: fakeFee(rng), slots: fakeSlots(rng) },
    ];
    return record;
  };

  /** Text pieces of one regular city file; counts what a correct run makes of them. */
  async function* cityFile(c: number): AsyncGenerator<string> {
    const city = cityAt(c);
    const hospitals = async function* () {
      yield '"hospitals":[\n';
      for (let h = 0; h < H; h++) {
        const rng = createSeededRandom(mix(seed, 1_000_000_000 + c, h));
        yield (h > 0 ? ',\n' : '') + JSON.stringify(hospital(c, h, rng, dirt > 0 && rng.chance(dirt)));
      }
      expected.records.read += H;
      expected.rows.practice += H;
      if (dirt > 0) {
        yield `,\n${JSON.stringify({ name: `Apollo Clinic (unlisted), ${city.name}`, category: 'Clinic', city: city.name })}`;
        expected.records.read++;
        expected.records.quarantined++;
        quarantine('missing_field');
      }
      yield '\n]';
    };
    const doctors = async function* () {
      yield '"doctors":[\n';
      let sep = '';
      const emit = (record: unknown) => {
        const text = sep + JSON.stringify(record);
        sep = ',\n';
        return text;
      };
      let pieces: string[] = [];
      for (let d = c; d < D; d += C) {
        const deviation = deviationOf(d);
        const record = doctor(d, c, deviation);
        pieces.push(emit(record));
        expected.records.read++;
        expected.rows.practitioner++;
        const locations = (record.practiceLocations as { hospitalId?: string }[]).length;
        switch (deviation) {
          case 'duplicate':
            pieces.push(emit(doctor(d, c, deviation, true)));
            expected.records.read++;
            expected.rows.provider += locations;
            break;
          case 'multi_city':
            // One more provider: the location in the next city's file.
            expected.rows.provider += locations + 1;
            break;
          case 'unknown_hospital':
            expected.rows.provider += locations - 1;
            quarantine('unknown_practice');
            break;
          case 'bad_location':
            expected.rows.provider += locations - 1;
            quarantine('missing_field');
            break;
          case 'missing_name':
          case 'numeric_id':
          case 'not_an_object': {
            expected.rows.provider += locations;
            const bad =
              deviation === 'missing_name'
                ? { doctorId: `AD-X${pad(d, 7)}`, speciality: 'ENT', practiceLocations: [] }
                : deviation === 'numeric_id'
                  ? { doctorId: d, name: 'Dr. Numeric Id', practiceLocations: [] }
                  : `AD-${pad(d, 7)} (see profile)`;
            pieces.push(emit(bad));
            expected.records.read++;
            expected.records.quarantined++;
            quarantine(BAD_RECORD_REASON[deviation]);
            break;
          }
          default:
            expected.rows.provider += locations;
        }
        if (pieces.length >= 64) {
          yield pieces.join('');
          pieces = [];
        }
      }
      // Visiting doctors of the previous city.
      if (C > 1) {
        const from = (c - 1 + C) % C;
        for (let d = from; d < D; d += C) {
          if (deviationOf(d) !== 'multi_city') continue;
          pieces.push(emit(visitingCopy(d, from)));
          expected.records.read++;
          if (pieces.length >= 64) {
            yield pieces.join('');
            pieces = [];
          }
        }
      }
      yield `${pieces.join('')}\n]`;
    };
    const meta = async function* () {
      yield `"meta":${JSON.stringify({ city: city.name, state: city.state, generatedAt: GENERATED_AT, schemaVersion: dirt > 0 ? '1.4' : '1.3' })}`;
    };
    // Key order varies by file, as the format allows; some files start with a BOM.
    const order = [
      [meta, hospitals, doctors],
      [doctors, hospitals, meta],
      [hospitals, doctors, meta],
    ][c % 3]!;
    yield c % 4 === 1 ? '\ufeff{\n' : '{\n';
    for (let i = 0; i < order.length; i++) {
      if (i > 0) yield ',\n';
      yield* order[i]!();
    }
    yield '\n}\n';
  }

  /** A small self-contained city file that breaks after two hospitals and two doctors. */
  function brokenFile(c: number, firstDoctor: number, ending: 'cut' | 'garbage'): string {
    const hospitals = [0, 1].map((h) =>
      hospital(c, h, createSeededRandom(mix(seed, 2_000_000_000 + c, h)), false),
    );
    const doctors = [0, 1, 2].map((i) => {
      const record = doctor(firstDoctor + i, c, null);
      record.practiceLocations = [{ hospitalId: hospitalIdOf(c, i % 2), fee: 600, slots: null }];
      return record;
    });
    expected.records.read += 4;
    expected.rows.practice += 2;
    expected.rows.practitioner += 2;
    expected.rows.provider += 2;
    const head = `{"meta":{"city":${JSON.stringify(cityAt(c).name)}},"hospitals":[${hospitals.map((h) => JSON.stringify(h)).join(',\n')}],\n"doctors":[${JSON.stringify(doctors[0])},\n${JSON.stringify(doctors[1])},\n`;
    const third = JSON.stringify(doctors[2]);
    return ending === 'cut'
      ? head + third.slice(0, Math.floor(third.length / 2))
      : `${head}<html><body><h1>502 Bad Gateway</h1></body></html>\n`;
  }

  for (let c = 0; c < C; c++) {
    await write(`${prefix}${cityAt(c).fileName}`, chunked(cityFile(c)));
    expected.files++;
  }
  if (dirt > 0) {
    await write(`${prefix}${cityAt(C).fileName}`, brokenFile(C, D, 'cut'));
    await write(`${prefix}${cityAt(C + 1).fileName}`, brokenFile(C + 1, D + 3, 'garbage'));
    await write(`${prefix}${cityAt(C + 2).fileName}`, '');
    expected.files += 3;
    expected.failedFiles += 3;
    quarantine('truncated_file');
    quarantine('invalid_json');
    quarantine('empty_file');
  }
  // Keys under the prefix that are not data.
  await write(`${root}_manifest.json`, JSON.stringify({ pullTimestamp: timestamp, files: expected.files }));
  await write(`${prefix}.keep`, '');
  await write(`${prefix}README.txt`, 'Apollo provider export, one JSON document per city.\n');
  return { pullTimestamp: timestamp, keys, expected };
}

/** Joins small text pieces into UTF-8 chunks of about 256 KiB. */
async function* chunked(pieces: AsyncIterable<string>): AsyncGenerator<Uint8Array> {
  let buffer: string[] = [];
  let size = 0;
  for await (const piece of pieces) {
    buffer.push(piece);
    size += piece.length;
    if (size >= CHUNK_CHARS) {
      yield Buffer.from(buffer.join(''));
      buffer = [];
      size = 0;
    }
  }
  if (size > 0) yield Buffer.from(buffer.join(''));
}
