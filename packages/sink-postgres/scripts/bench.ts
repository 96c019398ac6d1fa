/**
 * Measures the sink's write path against a plain COPY of the same rows.
 *
 *   npm run bench -w @provider-data/sink-postgres -- --rows 1000000
 *
 * Options: --rows N (default 1,000,000), --file-rows N (50,000), --batch N
 * (2,000 rows per `write`, the pipeline's default). Database: PDM_BENCH_DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/test), in a fresh schema dropped at the end.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import {
  copyJson,
  PRACTITIONER_COLUMNS,
  type Practitioner,
  practitionerCodec,
  practitionerId,
  rowHash,
} from '@provider-data/core';
import { sql } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { canonicalLine } from '../src/canonical-rows.js';
import { readFileSync } from 'node:fs';
import { createPostgresSink, databaseFromPool, migrate, registerPull } from '../src/index.js';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    'file-rows': { type: 'string', default: '50000' },
    batch: { type: 'string', default: '2000' },
  },
});
const rows = Number(values.rows);
const fileRows = Number(values['file-rows']);
const batchRows = Number(values.batch);
const url = process.env.PDM_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

// Deterministic text: the same row i on every run.
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const GIVEN = [
  'Ramesh',
  'Lakshmi',
  'Anil',
  'Priya',
  'Suresh',
  'Kavitha',
  'Rajesh',
  'Meena',
  'Vikram',
  'Deepa',
];
const FAMILY = ['Kumar', 'Iyer', 'Reddy', 'Sharma', 'Nair', 'Gupta', 'Menon', 'Rao', 'Pillai', 'Singh'];
const SPECIALTIES = [
  ['cardiology', 'Cardiologist'],
  ['orthopaedics', 'Orthopaedic Surgeon'],
  ['paediatrics', 'Paediatrician'],
  ['neurology', 'Neurologist'],
  ['dermatology', 'Dermatologist'],
  ['general-medicine', 'General Physician'],
] as const;
const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)] as T;

/** Practitioner number `i`: about 800 bytes stored, `raw` about 500. */
export function benchPractitioner(i: number): Practitioner {
  const r = rng(i + 1);
  const given = pick(r, GIVEN);
  const family = pick(r, FAMILY);
  const [code, wording] = pick(r, SPECIALTIES);
  const sourceId = `AD-${String(i).padStart(8, '0')}`;
  const years = 5 + Math.floor(r() * 30);
  return {
    id: practitionerId('bench', sourceId),
    healthSystem: 'bench',
    sourceId,
    displayName: `${given.slice(0, 1)}. ${given} ${family}`,
    prefixes: ['Dr.'],
    givenName: given,
    familyName: family,
    gender: r() < 0.5 ? 'male' : 'female',
    specialties: [code],
    specialtiesRaw: [wording],
    qualifications: [
      { degree: 'MBBS', subject: null, institution: 'Madras Medical College' },
      { degree: 'MD', subject: wording, institution: null },
    ],
    languages: ['en', 'ta', 'hi'],
    practiceStartYear: 2026 - years,
    registrationCouncil: 'Tamil Nadu Medical Council',
    registrationNumber: String(10000 + Math.floor(r() * 89999)),
    phone: `+9198${String(Math.floor(r() * 1e8)).padStart(8, '0')}`,
    email: `${given}.${family}.${i}@example.org`.toLowerCase(),
    active: true,
    raw: {
      doctorId: sourceId,
      name: `Dr. ${given} ${family}`,
      qualification: `MBBS, MD (${wording})`,
      experience: `${years} years`,
      speciality: wording,
      languages: 'English, Tamil, Hindi',
      hospital: { id: `AH-CHN-${i % 40}`, name: 'Apollo Hospitals, Greams Road', city: 'Chennai' },
      fee: `₹ ${500 + Math.floor(r() * 1500)}`,
      timings: 'Mon-Sat 09:00 AM - 01:00 PM',
      about: `Dr. ${given} ${family} is a senior ${wording.toLowerCase()} with ${years} years of experience in tertiary care hospitals across South India.`,
    },
  };
}

function* batches(from: number, to: number): Generator<Practitioner[]> {
  for (let start = from; start < to; start += batchRows) {
    const batch: Practitioner[] = [];
    for (let i = start; i < Math.min(to, start + batchRows); i++) batch.push(benchPractitioner(i));
    yield batch;
  }
}

const startRss = process.memoryUsage().rss;
let peakRss = 0;
let peakHeap = 0;
const sampler = setInterval(() => {
  const usage = process.memoryUsage();
  peakRss = Math.max(peakRss, usage.rss);
  peakHeap = Math.max(peakHeap, usage.heapUsed);
}, 20);

// Connections that stay open and carry a name, so that their server processes' CPU time can be read.
const APP = `pdm-bench-${process.pid}`;
const { db, close } = databaseFromPool(
  new pg.Pool({ connectionString: url, max: 2, idleTimeoutMillis: 0, application_name: APP }),
);

/** CPU seconds of this benchmark's PostgreSQL backends so far (read from /proc: same machine only). */
async function backendCpuSeconds(): Promise<number> {
  const { rows: backends } = await sql<{ pid: number }>`
    SELECT pid FROM pg_stat_activity WHERE application_name = ${APP}`.execute(db);
  let ticks = 0;
  for (const { pid } of backends) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      return Number.NaN;
    }
  }
  return ticks / 100;
}
const cpu: Record<string, { node: number; postgres: number }> = {};
async function measure<T>(phase: string, work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const pgBefore = await backendCpuSeconds();
  const nodeBefore = process.cpuUsage();
  const started = performance.now();
  const result = await work();
  const ms = performance.now() - started;
  const node = process.cpuUsage(nodeBefore);
  cpu[phase] = { node: (node.user + node.system) / 1e6, postgres: (await backendCpuSeconds()) - pgBefore };
  return { result, ms };
}
const suffix = randomBytes(4).toString('hex');
const names = { schema: `bench_${suffix}`, pullSchema: `bench_${suffix}_pulls` };
const rate = (n: number, ms: number) => Math.round((n / ms) * 1000);
const phasePeaks: Record<string, number> = {};
const endPhase = (name: string) => {
  phasePeaks[name] = Math.round(peakRss / 1e6);
};

try {
  await migrate(db, names);
  const sink = createPostgresSink(db, names);
  const pull = await registerPull(
    db,
    { healthSystem: 'bench', pullTimestamp: '20261120T053000Z', dataType: 'full', pullId: randomUUID() },
    names,
  );

  // 1. Plain COPY of the same rows (hashed and encoded the same way) into an identical empty table.
  await sql`CREATE TABLE ${sql.id(names.schema, 'practitioners_copy')}
    (LIKE ${sql.id(names.schema, 'practitioners')} INCLUDING ALL)`.execute(db);
  const pool = new pg.Pool({ connectionString: url, max: 1, application_name: APP });
  const client = await pool.connect();
  const { ms: copyMs } = await measure('copy', async () => {
    const columns = [...PRACTITIONER_COLUMNS, 'content_hash', 'first_seen_pull_id', 'last_seen_pull_id'];
    const statement = `COPY ${names.schema}.practitioners_copy (${columns.join(', ')}) FROM STDIN`;
    const lines = function* () {
      for (const batch of batches(0, rows)) {
        let chunk = '';
        for (const p of batch) {
          // The staging line without its leading position, plus lineage.
          const content = practitionerCodec.content(p);
          const line = canonicalLine(0, content, copyJson(p.raw), rowHash(content));
          chunk += `${line.slice(line.indexOf('\t') + 1, -1)}\t${pull.pullId}\t${pull.pullId}\n`;
          if (chunk.length > 256_000) {
            yield chunk;
            chunk = '';
          }
        }
        if (chunk) yield chunk;
      }
    };
    await pipeline(Readable.from(lines()), client.query(copyFrom(statement)));
  });
  client.release();
  await pool.end();
  endPhase('copy');

  // 2. The sink: files through openFile / write / commit.
  const loadAll = async () => {
    const totals = { inserted: 0, updated: 0, unchanged: 0, superseded: 0 };
    for (let start = 0, file = 0; start < rows; start += fileRows, file++) {
      const key = `bench/datapulls/20261120T053000Z/by_city/file-${file}.json`;
      const writer = await sink.openFile(pull, { key, size: 0 });
      for (const practitioners of batches(start, Math.min(rows, start + fileRows))) {
        await writer.write({ practitioners, practices: [], providers: [], quarantine: [] });
      }
      const counts = await writer.commit({
        key,
        status: 'loaded',
        records: { read: 0, loaded: 0, quarantined: 0 },
        entities: {
          practitioner: { read: 0, inserted: 0, updated: 0, unchanged: 0, superseded: 0, quarantined: 0 },
          practice: { read: 0, inserted: 0, updated: 0, unchanged: 0, superseded: 0, quarantined: 0 },
          provider: { read: 0, inserted: 0, updated: 0, unchanged: 0, superseded: 0, quarantined: 0 },
        },
        quarantineByReason: {},
        unmappedSpecialties: {},
        unusableFields: {},
        durationMs: 0,
      });
      for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] += counts.practitioner[k];
    }
    return totals;
  };
  const { result: first, ms: sinkMs } = await measure('sink', loadAll);
  endPhase('sink');

  // 3. The same pull again: forget its checkpoints and load every file again.
  const walBefore = await sql<{ lsn: string }>`SELECT pg_current_wal_lsn()::text AS lsn`.execute(db);
  const { result: rerun, ms: rerunMs } = await measure('rerun', async () => {
    await sink.resetPull(pull);
    return loadAll();
  });
  endPhase('rerun');
  const wal = await sql<{ bytes: string }>`
    SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), ${walBefore.rows[0]?.lsn}::pg_lsn)::bigint::text AS bytes`.execute(
    db,
  );
  const size = await sql<{ avg: string }>`
    SELECT round(avg(pg_column_size(t.*)))::text AS avg FROM ${sql.id(names.schema, 'practitioners')} t`.execute(
    db,
  );
  const rawSize = await sql<{ avg: string }>`
    SELECT round(avg(pg_column_size(raw)))::text AS avg FROM ${sql.id(names.schema, 'practitioners')}`.execute(
    db,
  );

  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const copyRate = rate(rows, copyMs);
  const sinkRate = rate(rows, sinkMs);
  const rerunRate = rate(rows, rerunMs);
  console.log(
    `rows ${rows}, files of ${fileRows}, writes of ${batchRows}; row ${size.rows[0]?.avg} B, raw ${rawSize.rows[0]?.avg} B`,
  );
  const perCpu = (phase: string) => {
    const c = cpu[phase] ?? { node: Number.NaN, postgres: Number.NaN };
    return Math.round(rows / (c.node + c.postgres));
  };
  const line = (phase: string, rowsPerSecond: number, ms: number) => ({
    'rows/s': rowsPerSecond,
    seconds: +(ms / 1000).toFixed(1),
    'vs COPY': +(rowsPerSecond / copyRate).toFixed(2),
    'node CPU s': +(cpu[phase]?.node ?? 0).toFixed(1),
    'postgres CPU s': +(cpu[phase]?.postgres ?? 0).toFixed(1),
    'rows/CPU-s': perCpu(phase),
    'rows/CPU-s vs COPY': +(perCpu(phase) / perCpu('copy')).toFixed(2),
  });
  console.table({
    'plain COPY into an empty table': line('copy', copyRate, copyMs),
    'sink, first load': line('sink', sinkRate, sinkMs),
    'sink, unchanged rerun': line('rerun', rerunRate, rerunMs),
  });
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  console.log(`load average at the end: ${load}`);
  console.log('first load counts', first);
  console.log('rerun counts', rerun);
  console.log(`WAL written by the rerun: ${(Number(wal.rows[0]?.bytes) / 1e6).toFixed(1)} MB`);
  const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
  console.log('peak RSS (MB) after each phase', phasePeaks);
  console.log(
    `peak RSS ${mb(peakRss)} (${mb(startRss)} after loading modules), peak V8 heap ${mb(peakHeap)}`,
  );
} finally {
  clearInterval(sampler);
  await sql`DROP SCHEMA IF EXISTS ${sql.id(names.schema)} CASCADE`.execute(db);
  await sql`DROP SCHEMA IF EXISTS ${sql.id(names.pullSchema)} CASCADE`.execute(db);
  await close();
}
