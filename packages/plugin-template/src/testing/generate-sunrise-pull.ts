import * as testing from '@provider-data/core/testing';

/** Options of {@link generateSunrisePull}. */
export interface GenerateSunrisePullOptions {
  /** The same seed gives the same pull, byte for byte. */
  seed: number;
  /** Valid doctors; the bad rows of a dirty pull come on top. */
  doctors: number;
  /** City folders, each with a clinics.csv and a doctors.csv. */
  cities: number;
  /** Clinics per city. Default 3. */
  clinicsPerCity?: number;
  /** Share of doctors given a deviation, 0 to 1 (default 0). Above 0 also adds every file-level fault once. */
  dirt?: number;
  /** The pull timestamp. Default `20261120T053000Z`. */
  timestamp?: string;
  target: testing.PullTarget;
}

/** What {@link generateSunrisePull} wrote, and what a correct first run of it must produce. */
export interface GeneratedSunrisePull {
  pullTimestamp: string;
  keys: string[];
  expected: testing.ExpectedPullOutcome;
}

/** The header rows, as the chain writes them. */
export const CLINIC_COLUMNS =
  'clinic_id,clinic_name,address,locality,city,state,pincode,phones,latitude,longitude'.split(',');
export const DOCTOR_COLUMNS =
  'doctor_id,name,gender,specialties,qualifications,languages,experience,registration_council,registration_number,mobile,email,clinic_ids,fee_inr,timings'.split(
    ',',
  );

/** The deviations a doctor row may carry, and what each costs. */
const DEVIATIONS = ['missing_name', 'ragged', 'unknown_clinic', 'bad_mobile'] as const;

const clinicIdOf = (city: number, i: number) => `SC-${String(city).padStart(3, '0')}-${i + 1}`;

/** One clinic row: a pure function of its seed, so that it can be drawn again alone. */
export function drawClinic(
  rng: testing.SeededRandom,
  city: testing.IndianCity,
  id: string,
): Record<string, string> {
  const address = testing.fakeAddress(rng, city);
  const located = rng.chance(0.7);
  return {
    clinic_id: id,
    clinic_name: `Sunrise Clinic – ${address.locality}`,
    address: address.addressLine,
    locality: address.locality,
    city: city.oldName && rng.chance(0.3) ? city.oldName : city.name,
    state: rng.chance(0.9) ? city.state : '',
    pincode: address.pincode,
    phones: [testing.fakePhone(rng, city), testing.fakePhone(rng, city)].slice(0, rng.int(1, 2)).join('; '),
    latitude: located ? (8 + rng.next() * 22).toFixed(4) : '',
    longitude: located ? (72 + rng.next() * 16).toFixed(4) : '',
  };
}

/** One doctor row at the given clinics. */
export function drawDoctor(
  rng: testing.SeededRandom,
  city: testing.IndianCity,
  id: string,
  clinicIds: string[],
): Record<string, string> {
  const person = testing.fakePersonName(rng);
  const specialty = testing.fakeSpecialty(rng);
  const registration = testing.fakeRegistration(rng, city);
  const fee = testing.fakeFee(rng);
  return {
    doctor_id: id,
    name: person.fullName,
    gender: person.gender === 'male' ? rng.pick(['M', 'Male']) : rng.pick(['F', 'Female']),
    specialties: specialty.wording,
    qualifications: testing.fakeQualifications(rng, specialty.code),
    languages: testing.fakeLanguages(rng, city).join(';'),
    experience: testing.fakeExperience(rng),
    registration_council: registration.council,
    registration_number: registration.number,
    mobile: rng.chance(0.6) ? testing.fakePhone(rng, city, 'mobile') : '',
    email: '',
    clinic_ids: clinicIds.join(';'),
    fee_inr: fee === null ? '' : String(fee),
    timings: testing.fakeSlots(rng) ?? '',
  };
}

/**
 * Generates a Sunrise pull, deterministic for a seed, and returns the exact
 * outcome a correct run must produce. With `dirt > 0`: rows without a name,
 * ragged rows, clinics in no file, unusable mobiles; and once each a
 * Windows-1252 file, CRLF and BOM files, blank lines, a repeated header
 * row, a file cut off in its last row, an empty file and keys that are not data.
 *
 * ### Examples
 * ```ts
 * import { createMemoryObjectStore, runPlugin } from '@provider-data/core/testing';
 * import { expectPullOutcome } from '@provider-data/core/vitest';
 * import { sunrisePlugin } from '@provider-data/plugin-template';
 * import { generateSunrisePull } from '@provider-data/plugin-template/testing';
 *
 * const store = createMemoryObjectStore();
 * const { expected } = await generateSunrisePull({ seed: 1, doctors: 200, cities: 3, dirt: 0.1, target: { store } });
 * expectPullOutcome(await runPlugin({ plugin: sunrisePlugin, store }), expected);
 * ```
 */
export async function generateSunrisePull(
  options: GenerateSunrisePullOptions,
): Promise<GeneratedSunrisePull> {
  const { seed, doctors: D, cities: C, dirt = 0 } = options;
  const H = options.clinicsPerCity ?? 3;
  const timestamp = options.timestamp ?? '20261120T053000Z';
  if (!(Number.isInteger(D) && D >= 0 && Number.isInteger(C) && C >= 1 && H >= 1))
    throw new RangeError('doctors ≥ 0, cities ≥ 1, clinicsPerCity ≥ 1');
  const prefix = `sunrise/datapulls/${timestamp}/by_city/`;
  const put = testing.pullWriter(options.target);
  const keys: string[] = [];
  const tally = testing.createOutcomeTally();
  const write = async (key: string, body: AsyncIterable<Uint8Array> | string, fails = false) => {
    keys.push(prefix + key);
    await put(prefix + key, body);
    tally.file(fails);
  };
  const N = testing.INDIAN_CITIES.length;
  const cityAt = (c: number) => testing.INDIAN_CITIES[c % N]!;
  const slugOf = (c: number) => (c < N ? cityAt(c).slug : `${cityAt(c).slug}-${Math.floor(c / N) + 1}`);
  // File-level faults, by city: one Windows-1252, some CRLF, some with a BOM, one with blank lines.
  const faultsOf = (c: number): testing.CsvFaults => {
    if (dirt === 0) return {};
    return {
      encoding: c === 0 ? 'windows-1252' : 'utf-8',
      crlf: c % 2 === 1,
      bom: c % 3 === 2,
      blankLineEvery: 7,
    };
  };

  for (let c = 0; c < C; c++) {
    const city = cityAt(c);
    const clinics = Array.from({ length: H }, (_, i) =>
      drawClinic(testing.createSeededRandom(seed * 7919 + c * 131 + i), city, clinicIdOf(c, i)),
    );
    tally.read(H);
    tally.rows('practice', H);
    await write(`${slugOf(c)}/clinics.csv`, testing.csvFile(CLINIC_COLUMNS, clinics, faultsOf(c)));
    const rows: (Record<string, string> | unknown[])[] = [];
    for (let d = c; d < D; d += C) {
      const rng = testing.createSeededRandom(seed * 104729 + d);
      const ids = rng
        .shuffle(clinics.map((clinic) => clinic.clinic_id!))
        .slice(0, rng.int(1, Math.min(2, H)));
      const row = drawDoctor(rng, city, `SD-${String(d).padStart(6, '0')}`, ids);
      const deviation = dirt > 0 && rng.chance(dirt) ? rng.pick(DEVIATIONS) : null;
      tally.read();
      if (deviation === 'missing_name') {
        rows.push({ ...row, name: ' ' });
        tally.quarantine('missing_field');
        continue;
      }
      if (deviation === 'ragged') {
        rows.push([...DOCTOR_COLUMNS.map((column) => row[column]), 'stray field']);
        tally.quarantine('ragged_row');
        continue;
      }
      if (deviation === 'unknown_clinic') {
        row.clinic_ids += `;SC-GONE-${d}`;
        tally.quarantine('unknown_practice', { record: false });
      }
      if (deviation === 'bad_mobile') row.mobile = 'call the front desk';
      rows.push(row);
      tally.rows('practitioner');
      tally.rows('provider', ids.length);
    }
    if (dirt > 0 && c === 0) {
      rows.splice(Math.floor(rows.length / 2), 0, DOCTOR_COLUMNS);
      tally.read();
      tally.quarantine('repeated_header');
    }
    await write(`${slugOf(c)}/doctors.csv`, testing.csvFile(DOCTOR_COLUMNS, rows, faultsOf(c)));
  }
  if (dirt > 0) {
    // A doctors file cut off in its third row: the first two load, at the first city's clinics.
    const cut = [0, 1, 2].map((i) =>
      drawDoctor(testing.createSeededRandom(seed + i), cityAt(0), `SD-CUT-${i}`, [clinicIdOf(0, 0)]),
    );
    await write(`${slugOf(C)}/doctors.csv`, testing.csvFile(DOCTOR_COLUMNS, cut, { cutLastRow: true }), true);
    tally.read(2);
    for (const entity of ['practitioner', 'provider'] as const) tally.rows(entity, 2);
    tally.quarantine('truncated_file', { record: false });
    await write(`${slugOf(C + 1)}/clinics.csv`, '', true);
    tally.quarantine('empty_file', { record: false });
    keys.push(`${prefix}README.txt`);
    await put(`${prefix}README.txt`, 'Sunrise Clinics export: clinics.csv and doctors.csv per city.\n');
  }
  return { pullTimestamp: timestamp, keys, expected: tally.expected };
}
