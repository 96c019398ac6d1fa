/**
 * Scale of identity on PostgreSQL: practitioners of two health systems drawn
 * from one population (a share at both), COPYed straight into the canonical
 * tables (this measures identity, not loading), then a full run; then a pull
 * that changes a share of them, and an incremental run. Prints wall time,
 * this process's CPU seconds and peak RSS, and the load average.
 *
 *   npm run scale -w @provider-data/identity -- [--per-system 500000] [--overlap 0.1] [--changed 0.01] [--database URL]
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { practiceId, practitionerId, providerId } from '@provider-data/core';
import {
  createDoctorPopulation,
  createSeededRandom,
  INDIAN_CITIES,
  type PopulationDoctor,
} from '@provider-data/core/testing';
import { databaseFromPool, migrate } from '@provider-data/sink-postgres';
import { sql } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { resolveIdentities } from '../src/index.js';

const { values } = parseArgs({
  options: {
    'per-system': { type: 'string', default: '500000' },
    overlap: { type: 'string', default: '0.1' },
    changed: { type: 'string', default: '0.01' },
    database: {
      type: 'string',
      default: process.env.PDM_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    },
    keep: { type: 'boolean', default: false },
    // Internal: the child process that loads the data into this schema and exits.
    'load-into': { type: 'string' },
  },
});
const perSystem = Number(values['per-system']);
const cities = INDIAN_CITIES.slice(0, 40);
const population = createDoctorPopulation({ seed: 18, overlap: Number(values.overlap), hardNegatives: 0.1 });
const schema = values['load-into'] ?? `identity_scale_${process.pid}`;
const pool = new pg.Pool({ connectionString: values.database, max: 2 });
const { db, close } = databaseFromPool(pool);
const pullA = randomUUID();
const pullB = randomUUID();
const esc = (v: string | null) =>
  v === null ? '\\N' : v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n');
const arr = (items: string[]) => `{${items.map((i) => `"${i}"`).join(',')}}`;

async function copy(table: string, columns: string, rows: () => Generator<string>): Promise<void> {
  const client = await pool.connect();
  try {
    const stream = client.query(copyFrom(`COPY "${schema}".${table} (${columns}) FROM STDIN`));
    await pipeline(Readable.from(rows()), stream);
  } finally {
    client.release();
  }
}

const SYLLABLES = [
  'ra',
  'ma',
  'sa',
  'ka',
  'na',
  'va',
  'ja',
  'ha',
  'pa',
  'ba',
  'da',
  'ta',
  'ga',
  'la',
  'ya',
  'sha',
  'cha',
  'bha',
  'dha',
  'ri',
  'ni',
  'vi',
  'ki',
  'si',
  'mi',
  'li',
  'ti',
  'shi',
  'ru',
  'nu',
  'ku',
  'su',
  'mu',
  'du',
  'pu',
  'ro',
  'mo',
  'go',
  'so',
  'ne',
  've',
  'de',
  'pre',
  'shre',
  'sri',
  'kri',
  'pra',
  'tha',
  'nda',
  'ksha',
];
const ENDINGS = ['', 'n', 'sh', 'm', 'th', 'l', 'r', 'j', 'v', 'ndra', 'nth', 'kar', 'deep', 'preet', 'esh'];
const SURNAME_ENDINGS = [
  '',
  'n',
  'r',
  'th',
  'wal',
  'war',
  'kar',
  'ppa',
  'iah',
  'nan',
  'lu',
  'di',
  'ani',
  'ekar',
  'swamy',
];
const capital = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
function composedWord(rng: ReturnType<typeof createSeededRandom>, endings: readonly string[]): string {
  let word = '';
  for (let n = rng.int(2, 3); n > 0; n--) word += rng.pick(SYLLABLES);
  return capital(word + rng.pick(endings));
}
/**
 * The population's doctor with a name of realistic variety. The population
 * draws names from 139 words, which is right for the accuracy run (500
 * doctors a chain in a city) but at 12,500 a chain in a city makes nearly
 * every doctor the namesake of dozens of others of one specialty. Here a
 * given name is the population's with probability 0.3, else a word of two or
 * three syllables and an ending (about 1.5 million forms); a family name the
 * population's with probability 0.4, else composed the same way; so common
 * names stay common, as in a real directory, and most are rare. The hard
 * negatives (two people of one name in one city and specialty) keep the
 * population's common names, as the accuracy run has them. The name is
 * a function of the slot (the hard negatives of one slot keep one name),
 * and the registration number is one of its council's own for each person
 * (the population draws numbers from 190,000, which at 25,000 doctors a
 * city gives thousands of different people one registration); the e-mail
 * follows the new name.
 */
function diverse(d: PopulationDoctor, cityIndex: number): PopulationDoctor {
  const slotKey = d.person.replace(/:[ab]$/, '');
  let h = 0x811c9dc5;
  for (let i = 0; i < slotKey.length; i++) h = Math.imul(h ^ slotKey.charCodeAt(i), 0x01000193);
  const rng = createSeededRandom(h >>> 0);
  // A hard negative keeps the population's common name: two people of one common name in one city and
  // specialty are what it stands for, and two of one rare name there would be no real directory's.
  const common = d.kind === 'same_name' || d.kind === 'father_son';
  const first = common || rng.chance(0.3) ? d.first : composedWord(rng, ENDINGS);
  const middle = d.middle === null ? null : common || rng.chance(0.5) ? d.middle : composedWord(rng, ENDINGS);
  const last = common || rng.chance(0.4) ? d.last : composedWord(rng, SURNAME_ENDINGS);
  const slot = Number(slotKey.split(':').pop());
  const owner = d.person.endsWith(':b')
    ? 1
    : d.person.startsWith('apollo:')
      ? 2
      : d.person.startsWith('fortis:')
        ? 3
        : 0;
  // Unique within a council, then scrambled by a bijection of 0..10^8-1 (48,271 is prime to 10), so
  // that neighbouring slots and the two people of a hard negative are not one keystroke apart.
  const unique = (cityIndex * 4 + owner) * 100_000 + slot;
  const number = String((unique * 48_271 + 12_345_678) % 100_000_000).padStart(8, '0');
  return {
    ...d,
    first,
    middle,
    last,
    registration: d.registration ? { council: d.registration.council, number } : null,
    // The person's own number (the two people of a hard negative have two).
    email: d.email ? `${first}.${last}.${(unique * 7919) % 100_000}@gmail.com`.toLowerCase() : null,
  };
}

/** A changed row's new phone, its own at each system (one number at both would be a new shared doctor). */
const newPhone = (system: string, i: number) =>
  `+91${system === 'apollo' ? '70' : '71'}${String(i).padStart(8, '0')}`;

function* doctorRows(change: (i: number) => boolean, pull: string): Generator<string> {
  let batch = '';
  for (const system of ['apollo', 'fortis'] as const) {
    for (let i = 0; i < perSystem; i++) {
      if (!change(i)) continue;
      const city = cities[i % cities.length]!;
      const slot = Math.floor(i / cities.length);
      const d = diverse(population.doctorAt(system, city, slot), i % cities.length);
      const sourceId = `${system === 'apollo' ? 'AD' : 'FD'}-${i}`;
      const name =
        system === 'apollo'
          ? `${d.last[0]}. ${d.first} ${d.middle ?? ''}`.trim()
          : `${d.first} ${d.middle ? `${d.middle[0]}.` : ''} ${d.last}`;
      const phone = d.mobile && i % 5 !== 0 ? `+91${d.mobile}` : null;
      const changed = pull === pullB;
      batch +=
        [
          practitionerId(system, sourceId),
          system,
          sourceId,
          name.replace(/\s+/g, ' '),
          d.gender,
          arr([d.specialtyCode]),
          '[{"degree":"MBBS","subject":null}]',
          String(2026 - d.experience),
          d.registration && i % 12 !== 0 ? d.registration.council : null,
          d.registration && i % 12 !== 0 ? d.registration.number : null,
          changed ? newPhone(system, i) : phone,
          system === 'fortis' && i % 3 !== 0 ? d.email : null,
          pullA,
          pull,
          changed ? 'changed' : 'h',
        ]
          .map(esc)
          .join('\t') + '\n';
      if (batch.length > 1 << 16) {
        yield batch;
        batch = '';
      }
    }
  }
  if (batch) yield batch;
}

function* providerRows(): Generator<string> {
  let batch = '';
  for (const system of ['apollo', 'fortis'] as const) {
    for (let i = 0; i < perSystem; i++) {
      const city = cities[i % cities.length]!;
      const sourceId = `${system === 'apollo' ? 'AD' : 'FD'}-${i}`;
      batch += `${providerId(system, sourceId, city.slug)}\t${practitionerId(system, sourceId)}\t${practiceId(system, city.slug)}\t${system}\t${sourceId}\t${city.slug}\t${pullA}\t${pullA}\th\n`;
      if (batch.length > 1 << 16) {
        yield batch;
        batch = '';
      }
    }
  }
  if (batch) yield batch;
}

const measure = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
  const cpu = process.cpuUsage();
  const started = Date.now();
  const result = await run();
  const used = process.cpuUsage(cpu);
  console.log(
    `${what}: ${((Date.now() - started) / 1000).toFixed(1)} s wall, ${((used.user + used.system) / 1e6).toFixed(1)} s CPU of this process, ` +
      `peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB, load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
  );
  return result;
};

/** Migrates and fills the schema: run in a child process, so that the identity runs' peak RSS is theirs alone. */
async function load(): Promise<void> {
  await migrate(db, { schema, pullSchema: `${schema}_pulls` });
  await measure(`COPY of ${2 * perSystem} practitioners and their providers`, async () => {
    const practices = ['apollo', 'fortis'].flatMap((s) =>
      cities.map(
        (c) =>
          `${practiceId(s, c.slug)}\t${s}\t${c.slug}\tHospital\thospital\t${c.name}\t${pullA}\t${pullA}\th\n`,
      ),
    );
    await copy(
      'practices',
      'id, health_system, source_id, name, facility_type, city, first_seen_pull_id, last_seen_pull_id, content_hash',
      function* () {
        yield practices.join('');
      },
    );
    await copy(
      'practitioners',
      'id, health_system, source_id, display_name, gender, specialties, qualifications, practice_start_year, registration_council, registration_number, phone, email, first_seen_pull_id, last_seen_pull_id, content_hash',
      () => doctorRows(() => true, pullA),
    );
    await copy(
      'providers',
      'id, practitioner_id, practice_id, health_system, practitioner_source_id, practice_source_id, first_seen_pull_id, last_seen_pull_id, content_hash',
      providerRows,
    );
    await sql`ANALYZE ${sql.id(schema, 'practitioners')}`.execute(db);
    await sql`ANALYZE ${sql.id(schema, 'providers')}`.execute(db);
  });
}

if (values['load-into']) {
  try {
    await load();
  } finally {
    await close();
  }
  process.exit(0);
}

try {
  const child = spawnSync(
    process.execPath,
    [...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2), '--load-into', schema],
    { stdio: 'inherit' },
  );
  if (child.status !== 0) throw new Error(`loading failed: ${child.status ?? child.signal}`);
  const full = await measure('full run', () => resolveIdentities(db, { schema, mode: 'full' }));
  console.log(
    `  ${JSON.stringify({ practitioners: full.practitioners, pairs: full.pairs, persons: full.persons, model: full.model.source, phasesMs: full.phasesMs })}`,
  );
  // A pull that changes a share of the practitioners: a new phone each.
  const every = Math.round(1 / Number(values.changed));
  await measure(`a pull changing ${(100 / every).toFixed(1)}% of them`, async () => {
    const client = await pool.connect();
    try {
      await client.query(`CREATE TEMP TABLE IF NOT EXISTS scale_changes_c (id uuid, phone text)`);
      const rows = function* () {
        for (const system of ['apollo', 'fortis']) {
          let batch = '';
          for (let i = 0; i < perSystem; i += every) {
            batch += `${practitionerId(system, `${system === 'apollo' ? 'AD' : 'FD'}-${i}`)}\t${newPhone(system, i)}\n`;
          }
          yield batch;
        }
      };
      await pipeline(
        Readable.from(rows()),
        client.query(copyFrom('COPY scale_changes_c (id, phone) FROM STDIN')),
      );
      await client.query(
        `UPDATE "${schema}".practitioners p SET phone = c.phone, last_seen_pull_id = '${pullB}', content_hash = 'changed', updated_at = now() FROM scale_changes_c c WHERE c.id = p.id`,
      );
    } finally {
      client.release();
    }
  });
  const incremental = await measure('incremental run', () =>
    resolveIdentities(db, { schema, mode: 'incremental', pullId: pullB }),
  );
  console.log(
    `  ${JSON.stringify({ practitioners: incremental.practitioners, pairs: incremental.pairs, persons: incremental.persons, phasesMs: incremental.phasesMs })}`,
  );
} finally {
  if (!values.keep) await sql`DROP SCHEMA IF EXISTS ${sql.id(schema)} CASCADE`.execute(db).catch(() => {});
  await sql`DROP SCHEMA IF EXISTS ${sql.id(`${schema}_pulls`)} CASCADE`.execute(db).catch(() => {});
  await close();
}
