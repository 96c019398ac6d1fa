// The end-to-end benchmark: `npm run bench [-- --doctors N --cities N --dirt R --systems apollo,fortis --profile --pglite N]`.
// Generates an Apollo and a Fortis pull into s3rver on loopback, processes each
// through the full pipeline into the PostgreSQL at PDM_BENCH_DATABASE_URL,
// measures the COPY ceiling and the row-at-a-time path in the same run, reruns
// unchanged (a reprocess, which reads every file), processes a next full pull
// with 1% of the doctors changed and every other file byte-identical, and
// writes BENCHMARKS.md. With `--pglite N`, the same pipeline also loads pulls
// of N doctors into embedded PGlite, for its rate beside PostgreSQL's.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createReadStream, createWriteStream } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { processPull, registryOf, type PullSummary } from '@provider-data/core';
import { discoverPlugins } from '@provider-data/core/discover';
import { startS3TestServer } from '@provider-data/core/testing';
import {
  createDatabase,
  createPostgresPullStore,
  createPostgresSink,
  migrate,
  registerPull,
} from '@provider-data/sink-postgres';
import { sql } from 'kysely';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { fmt, memoryLine, mib, parseArgs, rate, sampleMemory } from './bench/measure.js';
import { startProfile } from './bench/profile.js';
import { filesUnder, uploadNextPull } from './bench/pull-files.js';
import { createRowAtATimeSink } from './bench/row-at-a-time-sink.js';
import { benchFileThreads } from './bench/file-threads.js';

const args = parseArgs(process.argv.slice(2));
const doctors = Number(args.doctors ?? 1_000_000);
const cities = Number(args.cities ?? 40);
const dirt = Number(args.dirt ?? 0.02);
// The original approach is slow: its slice is 20,000 doctors, or a fifth of a smaller pull.
const slice = Number(args.slice ?? Math.min(20_000, Math.ceil(doctors / 5)));
// `--systems apollo` runs one health system (every installed plugin with a generator by default).
const installed = (await discoverPlugins({ only: args.systems })).filter((p) => p.loadGenerator);
const systems = installed.map((p) => p.plugin.key);
const generatorOf = async (system: string) =>
  installed.find((p) => p.plugin.key === system)!.loadGenerator!();
const databaseUrl = process.env.PDM_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const write = args.write !== 'false';
// The next pull: this share of the doctors changed (a digit of their mobile), in as few files as it takes.
const changeShare = Number(args.changed ?? 0.01);
const nextTimestamp = '20261121T053000Z';
// `--batch N`: records a file sends the sink at once (the pipeline's `batchSize`; its default otherwise).
const batchSize = args.batch === undefined ? undefined : Number(args.batch);
// `--threads N` and its options: see bench/file-threads.ts;
// `--files N`: files in flight at once (the pipeline's `fileConcurrency`; the sink's default otherwise).
const fileConcurrency = args.files === undefined ? undefined : Number(args.files);
const pgliteDoctors = args.pglite === undefined ? 0 : Number(args.pglite === 'true' ? 100_000 : args.pglite);
const stamp = `${Date.now()}`;
const schema = `bench_${stamp}`;
const pullSchema = `bench_pulls_${stamp}`;
const work = await mkdtemp(path.join(tmpdir(), 'pdm-bench-'));
const profileDir = path.resolve('.bench');
await mkdir(profileDir, { recursive: true });

const log = (line: string) => process.stderr.write(`${line}\n`);
log(`benchmark: ${fmt(doctors)} doctors over ${cities} cities, dirt ${dirt}, in ${work}`);
log(`process: Node ${process.version} ${process.execArgv.join(' ') || '(no flags)'}`);

const s3 = await startS3TestServer({ bucket: 'bench-pulls' });
const { db, close } = await createDatabase(databaseUrl, { maxConnections: 4 });
const admin = new pg.Pool({ connectionString: databaseUrl, max: 2 });
await migrate(db, { schema, pullSchema });
const registry = registryOf(installed);
const pullStore = createPostgresPullStore(db, { pullSchema });
const sink = createPostgresSink(db, { schema, pullSchema });
const store = s3.store();
const { runner: fileRunner, flags: threadFlags } = benchFileThreads(args, {
  databaseUrl,
  schema,
  pullSchema,
  systems: args.systems,
  s3: { ...s3.connection, bucket: s3.bucket },
});

/** Uploads every file under `dir` under its key there; returns the bytes. */
async function upload(dir: string): Promise<number> {
  let bytes = 0;
  for (const { key, file, size } of await filesUnder(dir)) {
    await s3.putFile(key, file);
    bytes += size;
  }
  return bytes;
}

async function tableRows(): Promise<number> {
  const { rows } = await admin.query(
    `SELECT (SELECT count(*) FROM ${schema}.practitioners) + (SELECT count(*) FROM ${schema}.practices) + (SELECT count(*) FROM ${schema}.providers) AS n`,
  );
  return Number(rows[0].n);
}

interface Run {
  label: string;
  ms: number;
  records: number;
  rows: number;
  peak: number;
  summary?: PullSummary;
}
const runs: Run[] = [];
let profileLines: string[] = [];

async function processRun(label: string, pullId: string, reprocess: boolean, profile: boolean): Promise<Run> {
  const before = await tableRows();
  const memory = sampleMemory();
  const profiler = profile ? await startProfile() : undefined;
  const started = performance.now();
  const result = await processPull({
    pullId,
    registry,
    pullStore,
    store,
    sink,
    reprocess,
    leaseMs: 600_000,
    batchSize,
    fileRunner,
    fileConcurrency,
  });
  const ms = performance.now() - started;
  if (profiler)
    profileLines = await profiler.stop(path.join(profileDir, `${label.replace(/\W+/g, '-')}.cpuprofile`));
  const peakHeap = memory.peakHeap();
  const atPeak = memory.atPeak();
  const peak = memory.stop();
  const s = result.summary;
  const rows = reprocess ? await tableRows() : (await tableRows()) - before;
  const run = { label, ms, records: s.records.read, rows, peak, summary: s };
  log(
    `${label}: ${fmt(s.records.read)} records, ${fmt(rows)} rows in ${(ms / 1000).toFixed(1)} s = ${fmt(rate(rows, ms))} rows/s, peak RSS ${mib(peak)}, peak heap ${mib(peakHeap)}, reconciled ${s.reconciled}`,
  );
  log(`  at the peak: ${memoryLine(atPeak)}`);
  const updated = s.entities.practitioner.updated + s.entities.practice.updated + s.entities.provider.updated;
  log(
    `  files: ${s.files.processed} processed, ${s.files.unchanged ?? 0} of them unchanged and not read; rows updated ${fmt(updated)}`,
  );
  runs.push(run);
  return run;
}

// 1. Generate and upload the first pull and the next one.
const generated: { system: string; pullId: string; nextPullId: string; expected: unknown }[] = [];
for (const system of systems) {
  const dir = path.join(work, system);
  const t = performance.now();
  const options = { seed: 20261127, doctors, cities, dirt, target: { dir } };
  const pull = await (await generatorOf(system))(options);
  const bytes = await upload(dir);
  const changed = await uploadNextPull(
    (key, file) => s3.putFile(key, file),
    dir,
    pull.pullTimestamp,
    nextTimestamp,
    Math.round(doctors * changeShare),
  );
  await rm(dir, { recursive: true, force: true });
  const register = async (pullTimestamp: string) =>
    (
      await registerPull(
        db,
        { healthSystem: system, pullTimestamp, dataType: 'full', bucket: null },
        { pullSchema },
      )
    ).pullId;
  const pullId = await register(pull.pullTimestamp);
  const nextPullId = await register(nextTimestamp);
  generated.push({ system, pullId, nextPullId, expected: pull.expected });
  log(
    `${system}: generated and uploaded ${mib(bytes)} in ${((performance.now() - t) / 1000).toFixed(1)} s; next pull: ${fmt(changed.doctors)} doctors changed in ${changed.files} files`,
  );
}

// 2. Process each pull; 4. rerun unchanged.
const first: Run[] = [];
for (const [i, g] of generated.entries())
  first.push(await processRun(`${g.system} first run`, g.pullId, false, i === 0 && args.profile === 'true'));
const reruns: Run[] = [];
for (const g of generated)
  reruns.push(await processRun(`${g.system} unchanged rerun`, g.pullId, true, false));
const nextPulls: Run[] = [];
for (const g of generated)
  nextPulls.push(
    await processRun(`${g.system} next pull, ${changeShare * 100}% changed`, g.nextPullId, false, false),
  );

// 3a. The ceiling: the same output rows with COPY FROM STDIN into empty copies of the tables.
const ceilingSchema = `${schema}_copy`;
await admin.query(`CREATE SCHEMA ${ceilingSchema}`);
let copyRows = 0;
let copyMs = 0;
for (const table of ['practices', 'practitioners', 'providers']) {
  const file = path.join(work, `${table}.copy`);
  const exportClient = await admin.connect();
  try {
    await pipeline(exportClient.query(copyTo(`COPY ${schema}.${table} TO STDOUT`)), createWriteStream(file));
  } finally {
    exportClient.release();
  }
  await admin.query(`CREATE TABLE ${ceilingSchema}.${table} (LIKE ${schema}.${table} INCLUDING ALL)`);
  const client = await admin.connect();
  try {
    const t = performance.now();
    const copy = client.query(copyFrom(`COPY ${ceilingSchema}.${table} FROM STDIN`));
    await pipeline(createReadStream(file), copy);
    copyMs += performance.now() - t;
    copyRows += Number(copy.rowCount);
  } finally {
    client.release();
  }
  await rm(file);
}
const copyRate = rate(copyRows, copyMs);
log(`COPY ceiling: ${fmt(copyRows)} rows in ${(copyMs / 1000).toFixed(1)} s = ${fmt(copyRate)} rows/s`);

// 3b. The original approach on a slice: one INSERT per record.
const sliceDir = path.join(work, 'slice');
const slicePull = await (await generatorOf(systems[0]!))({
  seed: 7,
  doctors: slice,
  cities: Math.min(cities, 10),
  dirt: 0,
  timestamp: '20261121T000000Z',
  target: { dir: sliceDir },
});
await upload(sliceDir);
const sliceSchema = `${schema}_rows`;
await migrate(db, { schema: sliceSchema, pullSchema });
const { pullId: slicePullId } = await registerPull(
  db,
  { healthSystem: systems[0]!, pullTimestamp: slicePull.pullTimestamp, dataType: 'full', bucket: null },
  { pullSchema },
);
const rowSink = createRowAtATimeSink(admin, sliceSchema);
const tRows = performance.now();
await processPull({ pullId: slicePullId, registry, pullStore, store, sink: rowSink });
const rowMs = performance.now() - tRows;
const rowRate = rate(rowSink.rows, rowMs);
log(`row at a time: ${fmt(rowSink.rows)} rows in ${(rowMs / 1000).toFixed(1)} s = ${fmt(rowRate)} rows/s`);

// 3c. The embedded default: the same pipeline into PGlite, pulls of `--pglite` doctors.
const pgliteRuns: Run[] = [];
if (pgliteDoctors > 0) {
  const embedded = await createDatabase('memory://');
  await migrate(embedded.db);
  const pgliteSink = createPostgresSink(embedded.db);
  const pglitePulls = createPostgresPullStore(embedded.db);
  const count = async () => {
    const { rows } = await sql<{ n: number }>`SELECT (SELECT count(*) FROM provider_data.practitioners)
      + (SELECT count(*) FROM provider_data.practices) + (SELECT count(*) FROM provider_data.providers) AS n`.execute(
      embedded.db,
    );
    return Number(rows[0]?.n ?? 0);
  };
  for (const system of systems) {
    const dir = path.join(work, `pglite-${system}`);
    const pull = await (await generatorOf(system))({
      seed: 20261202,
      doctors: pgliteDoctors,
      cities,
      dirt,
      timestamp: '20261122T053000Z',
      target: { dir },
    });
    await upload(dir);
    await rm(dir, { recursive: true, force: true });
    const { pullId } = await registerPull(embedded.db, {
      healthSystem: system,
      pullTimestamp: pull.pullTimestamp,
      dataType: 'full',
      bucket: null,
    });
    const before = await count();
    const memory = sampleMemory();
    const started = performance.now();
    const result = await processPull({
      pullId,
      registry,
      pullStore: pglitePulls,
      store,
      sink: pgliteSink,
      leaseMs: 600_000,
      batchSize,
    });
    const ms = performance.now() - started;
    const peak = memory.stop();
    const rows = (await count()) - before;
    const run = {
      label: `${system} first run into PGlite`,
      ms,
      records: result.summary.records.read,
      rows,
      peak,
    };
    log(
      `${run.label}: ${fmt(run.records)} records, ${fmt(rows)} rows in ${(ms / 1000).toFixed(1)} s = ${fmt(rate(rows, ms))} rows/s, peak RSS ${mib(peak)}, reconciled ${result.summary.reconciled}`,
    );
    pgliteRuns.push(run);
  }
  await embedded.close();
}

// 5. Report.
const firstRows = first.reduce((n, r) => n + r.rows, 0);
const firstMs = first.reduce((n, r) => n + r.ms, 0);
const e2eRate = rate(firstRows, firstMs);
const rerunMs = reruns.reduce((n, r) => n + r.ms, 0);
// Records per second, side by side: a next pull or a rerun against the first load of the same pulls.
const recordRate = (list: Run[]) =>
  rate(
    list.reduce((n, r) => n + r.records, 0),
    list.reduce((n, r) => n + r.ms, 0),
  );
const firstRecordRate = recordRate(first);
const nextSpeedup = recordRate(nextPulls) / firstRecordRate;
const rerunSpeedup = recordRate(reruns) / firstRecordRate;
const peak = Math.max(...runs.map((r) => r.peak));
const pass = (ok: boolean) => (ok ? 'met' : '**missed**');
const table = [
  '| measure | figure | target | |',
  '|---|---|---|---|',
  ...first.map(
    (r) =>
      `| ${r.label} | ${fmt(r.records)} records, ${fmt(r.rows)} rows in ${(r.ms / 1000).toFixed(1)} s: ${fmt(rate(r.records, r.ms))} records/s, ${fmt(rate(r.rows, r.ms))} rows/s, peak RSS ${mib(r.peak)} | | |`,
  ),
  ...[...reruns, ...nextPulls].map(
    (r) =>
      `| ${r.label} | ${(r.ms / 1000).toFixed(1)} s: ${fmt(rate(r.records, r.ms))} records/s, ${r.summary?.files.unchanged ?? 0} of ${r.summary?.files.total ?? 0} files not read, peak RSS ${mib(r.peak)} | | |`,
  ),
  ...pgliteRuns.map(
    (r) =>
      `| ${r.label} | ${fmt(r.records)} records, ${fmt(r.rows)} rows in ${(r.ms / 1000).toFixed(1)} s: ${fmt(rate(r.records, r.ms))} records/s, ${fmt(rate(r.rows, r.ms))} rows/s (${((rate(r.rows, r.ms) / e2eRate) * 100).toFixed(0)}% of PostgreSQL's), peak RSS ${mib(r.peak)} | | |`,
  ),
  `| end to end vs COPY ceiling (${fmt(copyRate)} rows/s) | ${fmt(e2eRate)} rows/s = ${((e2eRate / copyRate) * 100).toFixed(0)}% | ≥ 60% | ${pass(e2eRate >= copyRate * 0.6)} |`,
  `| end to end vs row at a time (${fmt(rowRate)} rows/s, ${fmt(slice)}-doctor slice) | ${(e2eRate / rowRate).toFixed(1)}× | ≥ 20× | ${pass(e2eRate >= rowRate * 20)} |`,
  `| next pull (${changeShare * 100}% changed) vs first run, records/s | ${nextSpeedup.toFixed(1)}× | ≥ 3× | ${pass(nextSpeedup >= 3)} |`,
  `| unchanged rerun (reprocess) vs first run, records/s | ${rerunSpeedup.toFixed(1)}× (wall time ${(firstMs / rerunMs).toFixed(1)}×) | ≥ 2× | ${pass(rerunSpeedup >= 2)} |`,
  `| peak RSS of the process | ${mib(peak)} | < 200 MiB | ${pass(peak < 200 * 2 ** 20)} |`,
].join('\n');
console.log(table);
if (profileLines.length)
  console.log(`\nCPU profile of the first Apollo run, self time:\n${profileLines.join('\n')}`);

if (write) {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  // Whether the server analyzes tables on its own: the merges' plans differ with statistics.
  const { rows: vacuum } = await admin.query('SHOW autovacuum');
  const section = `## ${new Date().toISOString().slice(0, 10)}: ${fmt(doctors)} doctors per pull over ${cities} cities, dirt ${dirt}

Command: \`npm run bench -- --doctors ${doctors} --cities ${cities} --dirt ${dirt}${batchSize ? ` --batch ${batchSize}` : ''}${threadFlags}${fileConcurrency ? ` --files ${fileConcurrency}` : ''}${args.profile === 'true' ? ' --profile' : ''}\`
Machine: ${cpus().length} × ${cpu}, ${mib(totalmem())} RAM, Node ${process.version}, PostgreSQL on 127.0.0.1 (autovacuum ${vacuum[0]?.autovacuum ?? 'unknown'}).

${table}
${profileLines.length ? `\nCPU profile of the first Apollo run (self time, top 15):\n\n\`\`\`\n${profileLines.join('\n')}\n\`\`\`\n` : ''}`;
  const file = path.resolve('BENCHMARKS.md');
  const previous = await readFile(file, 'utf8').catch(() => '');
  const head =
    '# Benchmarks\n\nEnd-to-end figures from `npm run bench` (scripts/bench.ts), newest first.\n\n';
  const rest = previous.startsWith('# Benchmarks') ? previous.slice(previous.indexOf('\n## ')) : '';
  await writeFile(file, `${head}${section}${rest ? `\n${rest.trimStart()}` : ''}`);
  log(`wrote ${file}`);
}

// Updates of the canonical tables over all runs (nearly all from the next pulls), and how many were HOT.
// A backend reports its counts when it exits: the pipeline's pool (and the threads') are closed first.
await fileRunner?.close();
await close();
await new Promise((resolve) => setTimeout(resolve, 500));
const updates = await admin.query(
  `SELECT relname, n_tup_upd, n_tup_hot_upd, pg_relation_size(relid) AS heap, pg_indexes_size(relid) AS indexes
   FROM pg_stat_user_tables WHERE schemaname = $1 AND relname IN ('practitioners', 'practices', 'providers') ORDER BY relname`,
  [schema],
);
log(
  `updates (HOT of all): ${updates.rows.map((r) => `${r.relname} ${fmt(Number(r.n_tup_hot_upd))} of ${fmt(Number(r.n_tup_upd))}`).join(', ')}`,
);
log(
  `table sizes: ${updates.rows.map((r) => `${r.relname} heap ${mib(Number(r.heap))}, indexes ${mib(Number(r.indexes))}`).join('; ')}`,
);

await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
await admin.query(`DROP SCHEMA IF EXISTS ${ceilingSchema} CASCADE`);
await admin.query(`DROP SCHEMA IF EXISTS ${sliceSchema} CASCADE`);
await admin.query(`DROP SCHEMA IF EXISTS ${pullSchema} CASCADE`);
await admin.end();
await s3.close();
await rm(work, { recursive: true, force: true });
