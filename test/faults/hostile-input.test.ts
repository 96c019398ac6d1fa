// Hostile input: fuzzed raw records and files of both formats never crash a
// worker, never read outside the pull's prefix, and every record ends loaded
// or quarantined. Figures go to RELIABILITY.md.
import { gzipSync } from 'node:zlib';
import { type DataPull, isProviderDataError, type ObjectStore, pullPrefix } from '@provider-data/core';
import { createMemoryObjectStore, createMemorySink, runPlugin } from '@provider-data/core/testing';
import { apolloPlugin } from '@provider-data/plugin-apollo';
import { fortisPlugin } from '@provider-data/plugin-fortis';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { recordFigure } from './figures.js';

const RUNS = Number(process.env.PDM_FUZZ_RUNS ?? 1200);
/** The floor: at least this many fuzz cases (records or lines) per format. */
const MIN_CASES = Number(process.env.PDM_FUZZ_MIN_CASES ?? 10_000);
const RECORDS_PER_FILE = 24;
const SEED = Number(process.env.PDM_FUZZ_SEED ?? 20261127);

const nasty = fc.constantFrom(
  "'; DROP TABLE provider_data.practitioners; --",
  '<script>alert(1)</script>',
  'Robert"); DELETE FROM quarantine; --',
  '\u0000\u0001\u0002',
  '\uFEFF\u200B\u202E',
  '../../../etc/passwd',
  '%s%s%n',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: hostile text, on purpose
  '${process.exit()}',
  '{{7*7}}',
  'D&#39;Souza &amp; &lt;b&gt;',
  '🩺👩‍⚕️',
  'x'.repeat(100_000),
);
const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), nasty, fc.string({ maxLength: 12 }));
const deep = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    fc.jsonValue({ maxDepth: 2 }),
    fc.array(tie('node'), { maxLength: 2 }),
  ),
})).node;
const anyValue = fc.oneof(
  text,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  deep,
  fc.array(text, { maxLength: 4 }),
);

/** An object with some of `fields`, each either a plausible value or anything at all. */
function record(fields: Record<string, fc.Arbitrary<unknown>>) {
  const entries = Object.entries(fields).map(
    ([key, plausible]) => [key, fc.option(fc.oneof(plausible, anyValue), { nil: undefined })] as const,
  );
  return fc.record(Object.fromEntries(entries), { requiredKeys: [] });
}

const id = fc.oneof(fc.stringMatching(/^[A-Z]{2}-[0-9]{1,6}$/), text);
const apolloHospital = record({
  hospitalId: id,
  name: text,
  category: fc.constantFrom('Hospital', 'Clinic', 'Cradle'),
  addressLine: text,
  city: fc.constantFrom('Bangalore', 'Chennai', '../x'),
  pincode: fc.oneof(fc.integer(), text),
  phones: fc.array(text, { maxLength: 3 }),
  location: fc.record({ lat: fc.double(), lng: fc.double() }),
  departments: fc.array(text, { maxLength: 3 }),
});
const apolloDoctor = record({
  doctorId: id,
  name: text,
  gender: fc.constantFrom('M', 'F', 'Other', ''),
  speciality: text,
  qualifications: text,
  experience: fc.oneof(text, fc.integer()),
  languages: text,
  registration: fc.record({ council: text, number: text }),
  practiceLocations: fc.array(fc.record({ hospitalId: id, fee: fc.oneof(text, fc.integer()), slots: text }), {
    maxLength: 3,
  }),
  mobile: text,
  updatedAt: text,
});
const fortisFacility = record({
  facility_code: id,
  facility_name: text,
  facility_type: fc.constantFrom('HOSPITAL', 'CLINIC'),
  city: text,
  pin_code: text,
  contact_numbers: text,
  geo: fc.oneof(text, fc.constant('28.4,77.0')),
});
const fortisDoctor = record({
  doctor_code: id,
  salutation: text,
  first_name: text,
  last_name: text,
  gender: fc.constantFrom('M', 'F', 'O', ''),
  specialties: text,
  degrees: fc.array(text, { maxLength: 3 }),
  experience_years: fc.oneof(fc.integer(), text),
  languages: text,
  facility_codes: text,
  opd_fee_inr: fc.oneof(fc.integer(), fc.double()),
  opd_schedule: text,
  status: fc.constantFrom('ACTIVE', 'INACTIVE', 'ON_LEAVE', ''),
  last_modified: fc.integer(),
});
/** A line: usually a record, sometimes not JSON, not an object, or invalid UTF-8 bytes. */
function line(object: fc.Arbitrary<unknown>): fc.Arbitrary<Buffer> {
  return fc.oneof(
    { weight: 6, arbitrary: object.map((o) => Buffer.from(JSON.stringify(o))) },
    { weight: 1, arbitrary: text.map((t) => Buffer.from(t.replace(/\n/g, ' '))) },
    { weight: 1, arbitrary: anyValue.map((v) => Buffer.from(JSON.stringify(v) ?? 'null')) },
    {
      weight: 1,
      arbitrary: fc
        .uint8Array({ minLength: 1, maxLength: 30 })
        .map((b) => Buffer.from(b.map((x) => (x === 10 ? 0xff : x)))),
    },
  );
}

const PULL: Partial<DataPull> = { pullTimestamp: '20261120T053000Z' };

/** A store that records every key it is asked to open. */
function watched(store: ObjectStore): { store: ObjectStore; opened: string[] } {
  const opened: string[] = [];
  return {
    opened,
    store: {
      name: store.name,
      list: (prefix, options) => store.list(prefix, options),
      open(key, options) {
        opened.push(key);
        return store.open(key, options);
      },
    },
  };
}

// A case is one fuzzed record or line; each file holds up to RECORDS_PER_FILE of them.
const figures = {
  apollo: { cases: 0, files: 0, recordsRead: 0 },
  fortis: { cases: 0, files: 0, recordsRead: 0 },
};
afterAll(async () => {
  expect(figures.apollo.cases).toBeGreaterThanOrEqual(MIN_CASES);
  expect(figures.fortis.cases).toBeGreaterThanOrEqual(MIN_CASES);
  await recordFigure('fuzz', {
    seed: SEED,
    apollo: figures.apollo,
    fortis: figures.fortis,
  });
});

async function check(
  plugin: typeof apolloPlugin | typeof fortisPlugin,
  objects: Record<string, Buffer>,
  system: 'apollo' | 'fortis',
): Promise<number> {
  const { store, opened } = watched(createMemoryObjectStore(objects));
  const sink = createMemorySink();
  let run: Awaited<ReturnType<typeof runPlugin>>;
  try {
    run = await runPlugin({ plugin: plugin as never, store, pull: PULL, sink });
  } catch (error) {
    // A full pull whose listing holds no data file (every key a path outside
    // the pull) is refused before any file is opened, rather than
    // deactivating the whole health system.
    if (isProviderDataError(error) && error.code === 'no_data_files') {
      expect(opened).toEqual([]);
      return 0;
    }
    throw error;
  }
  const { summary, pull } = run;
  const prefix = pullPrefix({ healthSystem: system, pullTimestamp: pull.pullTimestamp });
  for (const key of opened) {
    expect(key.startsWith(prefix)).toBe(true);
    expect(key.split('/')).not.toContain('..');
  }
  expect(summary.records.read).toBe(summary.records.loaded + summary.records.quarantined);
  expect(summary.reconciled).toBe(true);
  expect(sink.quarantine.length).toBe(Object.values(summary.quarantineByReason).reduce((a, b) => a + b, 0));
  return summary.records.read;
}

describe('hostile input', () => {
  it(`Apollo: ${RUNS} fuzzed city files of ${RECORDS_PER_FILE} records never crash and account for every record`, async () => {
    const prefix = 'apollo/datapulls/20261120T053000Z/by_city/';
    await fc.assert(
      fc.asyncProperty(
        fc.array(apolloHospital, { maxLength: RECORDS_PER_FILE / 4 }),
        fc.array(apolloDoctor, { minLength: 1, maxLength: RECORDS_PER_FILE }),
        fc.constantFrom('Chennai', '..%2F..%2Fetc', 'Navi_Mumbai', '../../fortis/x', 'a/../../b'),
        fc.constantFrom('whole', 'cut', 'bom', 'garbage'),
        async (hospitals, doctors, city, shape) => {
          let body = Buffer.from(JSON.stringify({ doctors, meta: { city }, hospitals }));
          if (shape === 'cut') body = body.subarray(0, Math.floor(body.length / 2));
          if (shape === 'bom') body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]);
          if (shape === 'garbage')
            body = Buffer.concat([body.subarray(0, 10), Buffer.from([0xff, 0xfe, 0x00]), body.subarray(10)]);
          const objects = {
            [`${prefix}${city}.json`]: body,
            [`apollo/datapulls/20261120T053000Z/${city}.json`]: Buffer.from('{}'),
            'apollo/datapulls/20261121T000000Z/by_city/Other.json': Buffer.from('{"doctors":[]}'),
          };
          figures.apollo.recordsRead += await check(apolloPlugin, objects, 'apollo');
          figures.apollo.files++;
          figures.apollo.cases += hospitals.length + doctors.length;
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it(`Fortis: ${RUNS} fuzzed city folders of ${RECORDS_PER_FILE} lines never crash and account for every line`, async () => {
    const prefix = 'fortis/datapulls/20261120T053000Z/by_city/';
    await fc.assert(
      fc.asyncProperty(
        fc.array(line(fortisFacility), { maxLength: RECORDS_PER_FILE / 4 }),
        fc.array(line(fortisDoctor), { minLength: 1, maxLength: RECORDS_PER_FILE }),
        fc.constantFrom('gurgaon', '..', '../../apollo', 'new-delhi', '%2e%2e'),
        fc.constantFrom('\n', '\r\n'),
        fc.constantFrom('plain', 'gzip', 'cut-gzip', 'no-final-newline'),
        async (facilities, doctors, slug, eol, shape) => {
          const join = (lines: Buffer[]) => Buffer.concat(lines.flatMap((l) => [l, Buffer.from(eol)]));
          let doctorsBody = join(doctors);
          let doctorsKey = `${prefix}${slug}/doctors.ndjson`;
          if (shape === 'no-final-newline')
            doctorsBody = doctorsBody.subarray(0, doctorsBody.length - eol.length);
          if (shape === 'gzip' || shape === 'cut-gzip') {
            doctorsBody = gzipSync(doctorsBody);
            if (shape === 'cut-gzip')
              doctorsBody = doctorsBody.subarray(0, Math.max(1, doctorsBody.length - 7));
            doctorsKey += '.gz';
          }
          const objects = {
            [`${prefix}${slug}/facilities.ndjson`]: join(facilities),
            [doctorsKey]: doctorsBody,
            'fortis/datapulls/20261120T053000Z/doctors.ndjson': Buffer.from('{"doctor_code":"outside"}\n'),
          };
          figures.fortis.recordsRead += await check(fortisPlugin, objects, 'fortis');
          figures.fortis.files++;
          figures.fortis.cases += facilities.length + doctors.length;
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
  });
});
