/**
 * Measures the FHIR export: fills a fresh schema of PostgreSQL with
 * generated canonical rows by COPY (N practitioners in two health systems,
 * two providers each, a practice per 40 doctors), then exports it in a child
 * process and reports resources per second and that process's peak RSS.
 *
 *   npm run bench -w @provider-data/fhir -- --practitioners 1000000
 *
 * Options: --practitioners N (default 1,000,000), --keep (leave the schema
 * and print its name), --schema NAME (export an existing filled schema
 * again, skipping the fill), --bundle, --fresh (export right after the
 * COPY, before any VACUUM has set the rows' hint bits). Database: PDM_BENCH_DATABASE_URL
 * (default postgres://postgres@127.0.0.1:5432/test).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { databaseFromPool, migrate } from '@provider-data/sink-postgres';
import { sql } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import {
  PRACTICE_COLUMNS,
  PRACTITIONER_COLUMNS,
  PROVIDER_COLUMNS,
  practiceLines,
  practitionerLines,
  providerLines,
} from './bench-rows.js';

const { values } = parseArgs({
  options: {
    practitioners: { type: 'string', default: '1000000' },
    keep: { type: 'boolean', default: false },
    schema: { type: 'string' },
    bundle: { type: 'boolean', default: false },
    'node-flags': { type: 'string', default: '' },
    fresh: { type: 'boolean', default: false },
  },
});
const nodeFlags = values['node-flags'].split(' ').filter(Boolean);
const doctors = Number(values.practitioners);
const url = process.env.PDM_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const pool = new pg.Pool({ connectionString: url, max: 2 });
const { db } = databaseFromPool(pool);

/** Streams generated lines into a table with COPY, in chunks of ~1,000 lines. */
async function copyLines(table: string, columns: string, lines: Iterable<string>): Promise<void> {
  const client = await pool.connect();
  try {
    const chunks = function* () {
      let chunk = '';
      let n = 0;
      for (const l of lines) {
        chunk += l;
        if (++n % 1000 === 0) {
          yield chunk;
          chunk = '';
        }
      }
      if (chunk) yield chunk;
    };
    await pipeline(Readable.from(chunks()), client.query(copyFrom(`COPY ${table} (${columns}) FROM STDIN`)));
  } finally {
    client.release();
  }
}

async function fill(schema: string): Promise<void> {
  await migrate(db, { schema, pullSchema: schema });
  const pullId = randomUUID();
  const started = Date.now();
  await copyLines(`"${schema}".practitioners`, PRACTITIONER_COLUMNS, practitionerLines(doctors, pullId));
  await copyLines(`"${schema}".practices`, PRACTICE_COLUMNS, practiceLines(doctors, pullId));
  await copyLines(`"${schema}".providers`, PROVIDER_COLUMNS, providerLines(doctors, pullId));
  // VACUUM, not only ANALYZE: a table just filled by COPY has no hint bits
  // set, and the first reader of each row sets them, dirtying every page and
  // writing it out again past the 128 MB of shared buffers. That is a cost of
  // the bulk load, paid once, which autovacuum takes away from any database
  // in service; the export is measured on tables as autovacuum leaves them.
  // --fresh measures the export right after the load instead: ANALYZE only.
  for (const table of ['practitioners', 'practices', 'providers']) {
    if (values.fresh) await sql`ANALYZE ${sql.id(schema, table)}`.execute(db);
    else await sql`VACUUM (ANALYZE) ${sql.id(schema, table)}`.execute(db);
  }
  console.log(
    `filled ${schema} with ${doctors.toLocaleString('en-US')} practitioners in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}

const schema = values.schema ?? `fhir_bench_${randomBytes(4).toString('hex')}`;
const out = mkdtempSync(path.join(tmpdir(), 'pdm-fhir-bench-'));
try {
  if (!values.schema) await fill(schema);
  // The child runs the built packages: build them (turbo answers from its cache when current).
  execFileSync(
    'npx',
    ['turbo', 'run', 'build', '--filter=@provider-data/fhir...', '--output-logs=errors-only'],
    {
      stdio: 'inherit',
    },
  );
  const child = path.join(import.meta.dirname, 'bench-export.mjs');
  const report = execFileSync(
    process.execPath,
    [...nodeFlags, child, url, schema, out, values.bundle ? 'bundle' : 'ndjson'],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const result = JSON.parse(report);
  const rate = Math.round(result.total / result.seconds);
  console.log(
    [
      `exported ${result.total.toLocaleString('en-US')} resources (${Object.entries(result.counts)
        .map(([type, n]) => `${type} ${(n as number).toLocaleString('en-US')}`)
        .join(', ')})`,
      `  ${result.seconds.toFixed(1)} s, ${rate.toLocaleString('en-US')} resources/s, ${(result.bytes / 2 ** 20).toFixed(0)} MiB written`,
      `  export process (node ${nodeFlags.join(' ') || 'without flags'}): peak RSS ${result.peakRssMiB} MiB (${result.rssAfterLoadMiB} MiB after loading the modules), peak heap ${result.peakHeapMiB} MiB`,
      `  CPU: node ${result.cpuSeconds.toFixed(1)} s, PostgreSQL ${result.postgresCpuSeconds.toFixed(1)} s; ` +
        `${Math.round(result.total / result.cpuSeconds).toLocaleString('en-US')} resources per node CPU-second, ` +
        `${Math.round(result.total / (result.cpuSeconds + result.postgresCpuSeconds)).toLocaleString('en-US')} per CPU-second of both`,
      `  load average at the end: ${loadavg()
        .map((n) => n.toFixed(1))
        .join(', ')} (2 cores)`,
    ].join('\n'),
  );
} finally {
  rmSync(out, { recursive: true, force: true });
  if (values.keep || values.schema) console.log(`schema kept: ${schema}`);
  else await sql`DROP SCHEMA IF EXISTS ${sql.id(schema)} CASCADE`.execute(db);
  await db.destroy();
}
