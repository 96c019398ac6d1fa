// Shared parts of the fault suites: PostgreSQL schemas per test, hashes of
// the canonical tables, the pull row, and worker child processes with a
// deadline.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PullSummary } from '@provider-data/core';
import { type GeneratedFortisPull, generateFortisPull } from '@provider-data/plugin-fortis/testing';
import { type Database, migrate } from '@provider-data/sink-postgres';
import { type Kysely, sql } from 'kysely';

/** PostgreSQL for the suites that need a real server; unset: those suites are skipped. */
export const DATABASE_URL = process.env.PDM_TEST_DATABASE_URL;

/** The seed of the fault tests' pulls and faults; PDM_FAULT_SEED explores others. */
export const FAULT_SEED = Number(process.env.PDM_FAULT_SEED ?? 20261127);

/** The Fortis pull the kill and infrastructure tests break: `doctors` over 6 cities, 5% dirt, into `dir`. */
export function generateFaultPull(doctors: number, dir: string): Promise<GeneratedFortisPull> {
  return generateFortisPull({ seed: FAULT_SEED, doctors, cities: 6, dirt: 0.05, target: { dir } });
}
export const SKIP_REASON = 'PDM_TEST_DATABASE_URL is not set: PostgreSQL-only fault tests skipped';

/** The repository root: workers are started from it. */
export const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');

export interface SchemaPair {
  schema: string;
  pullSchema: string;
  drop(): Promise<void>;
}

/** A fresh, migrated pair of schemas named after `label`, dropped by `drop()`. */
export async function freshSchemas(db: Kysely<Database>, label: string): Promise<SchemaPair> {
  const suffix = `${label}_${randomBytes(3).toString('hex')}`;
  const names = { schema: `flt_${suffix}`, pullSchema: `flt_${suffix}_pulls` };
  await migrate(db, names);
  return {
    ...names,
    async drop() {
      await sql`DROP SCHEMA IF EXISTS ${sql.id(names.schema)} CASCADE`.execute(db);
      await sql`DROP SCHEMA IF EXISTS ${sql.id(names.pullSchema)} CASCADE`.execute(db);
    },
  };
}

/** The tables compared between runs; timestamps and identity ids are left out of each row. */
export const COMPARED_TABLES = ['practitioners', 'practices', 'providers', 'quarantine'] as const;
export type ComparedTable = (typeof COMPARED_TABLES)[number];
/** Columns that say when or in what order a row was written, not what it holds. */
// Timestamps of when a row was written, enriched, or resolved or retried by a replay: not content.
const NOT_CONTENT = new Set([
  'created_at',
  'updated_at',
  'enriched_at',
  'id_seq',
  'resolved_at',
  'replayed_at',
]);

export interface TableHash {
  rows: number;
  md5: string;
  /** The content columns hashed, in order. */
  columns: string[];
}

/**
 * One md5 per table over every row's content columns (named explicitly,
 * timestamps excluded), in a stable order: canonical tables by `id`, the
 * quarantine (whose `id` is an identity, i.e. commit order) by its content.
 */
export async function tableHashes(
  db: Kysely<Database>,
  schema: string,
  tables: readonly ComparedTable[] = COMPARED_TABLES,
  options: { exclude?: readonly string[] } = {},
): Promise<Record<string, TableHash>> {
  const out: Record<string, TableHash> = {};
  for (const table of tables) {
    const { rows: cols } = await sql<{ column_name: string; data_type: string }>`
      SELECT column_name, data_type FROM information_schema.columns
       WHERE table_schema = ${schema} AND table_name = ${table}
       ORDER BY ordinal_position`.execute(db);
    const columns = cols
      .filter((c) => !NOT_CONTENT.has(c.column_name))
      .filter((c) => !(table === 'quarantine' && c.column_name === 'id'))
      .filter((c) => !options.exclude?.includes(c.column_name))
      .map((c) => c.column_name);
    if (columns.length === 0) throw new Error(`no columns for ${schema}.${table}`);
    const timestamps = cols.filter((c) => c.data_type.startsWith('timestamp')).map((c) => c.column_name);
    for (const t of timestamps) {
      if (!NOT_CONTENT.has(t)) throw new Error(`${table}.${t} is a timestamp not excluded from the hash`);
    }
    const rowText = sql`ROW(${sql.join(columns.map((c) => sql.ref(`t.${c}`)))})::text`;
    const order = table === 'quarantine' ? sql`r` : sql`id`;
    const { rows } = await sql<{ rows: string | number; md5: string }>`
      SELECT count(*) AS rows, md5(coalesce(string_agg(r, '|' ORDER BY ${order}), '')) AS md5
        FROM (SELECT t.id, ${rowText} AS r FROM ${sql.table(`${schema}.${table}`)} AS t) AS x`.execute(db);
    out[table] = { rows: Number(rows[0]?.rows ?? 0), md5: rows[0]?.md5 ?? '', columns };
  }
  return out;
}

/** `{ table: md5 }`, for equality assertions with readable diffs. */
export function md5s(hashes: Record<string, TableHash>): Record<string, string> {
  return Object.fromEntries(Object.entries(hashes).map(([t, h]) => [t, `${h.rows}:${h.md5}`]));
}

export interface PullRow {
  status: string;
  attempts: number;
  claimed_by: string | null;
  lease_expires_at: Date | null;
  last_error: { code: string; message: string } | null;
  stats: PullSummary | null;
}

export async function pullRow(db: Kysely<Database>, pullSchema: string, pullId: string): Promise<PullRow> {
  const { rows } = await sql<PullRow>`
    SELECT status, attempts, claimed_by, lease_expires_at, last_error, stats
      FROM ${sql.table(`${pullSchema}.data_pulls`)} WHERE pull_id = ${pullId}::uuid`.execute(db);
  if (!rows[0]) throw new Error(`no data_pulls row ${pullId} in ${pullSchema}`);
  return { ...rows[0], attempts: Number(rows[0].attempts) };
}

/** Rows left where nothing should be after a finished pull. */
export async function leftovers(db: Kysely<Database>, schema: string, pullId: string) {
  const { rows } = await sql<{ pending: string | number; checkpoints: string | number }>`
    SELECT (SELECT count(*) FROM ${sql.table(`${schema}.pending_providers`)} WHERE pull_id = ${pullId}::uuid) AS pending,
           (SELECT count(*) FROM ${sql.table(`${schema}.file_checkpoints`)} WHERE pull_id = ${pullId}::uuid) AS checkpoints`.execute(
    db,
  );
  return { pending: Number(rows[0]?.pending ?? 0), checkpoints: Number(rows[0]?.checkpoints ?? 0) };
}

/** Asserts nothing; returns the ways a summary fails to reconcile (empty when it does). */
export function reconcileProblems(summary: PullSummary): string[] {
  const problems: string[] = [];
  const r = summary.records;
  if (r.read !== r.loaded + r.quarantined) problems.push(`records ${JSON.stringify(r)}`);
  for (const [entity, c] of Object.entries(summary.entities)) {
    if (c.read !== c.inserted + c.updated + c.unchanged + c.superseded + c.quarantined)
      problems.push(`${entity} ${JSON.stringify(c)}`);
  }
  if (!summary.reconciled) problems.push('reconciled: false');
  return problems;
}

export interface WorkerEnv {
  PDM_SCHEMA: string;
  PDM_PULL_SCHEMA: string;
  PDM_STORE_DIR: string;
  PDM_PULL_ID: string;
  PDM_MODE?: 'exclusive' | 'shared';
  PDM_LEASE_MS?: string;
  PDM_BATCH_SIZE?: string;
  PDM_REPROCESS?: 'true' | 'false';
  PDM_WORKER_NAME?: string;
  /** `true`: load, print `{"event":"ready"}`, then wait for {@link RunningWorker.go}. */
  PDM_WAIT_FOR_GO?: 'true' | 'false';
  /** A Fortis doctor_code on which the worker holds its event loop for PDM_STALL_MS, once. */
  PDM_STALL_ON?: string;
  PDM_STALL_MS?: string;
}

export interface WorkerOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The JSON line the worker printed, if it got that far. */
  result: { status: string; code?: string; message?: string; [k: string]: unknown } | null;
  stdout: string;
  stderr: string;
  ms: number;
  timedOut: boolean;
}

export interface RunningWorker {
  child: ChildProcess;
  /** True once the process has exited. */
  exited(): boolean;
  /** Resolves when a PDM_WAIT_FOR_GO worker has loaded and waits (rejects if it exits first). */
  ready: Promise<void>;
  /** Lets a waiting worker start on the pull; the time it did so. */
  go(): number;
  /** SIGKILLs it; true when the signal reached a running process. */
  kill(): boolean;
  /** What it printed on stdout so far. */
  output(): string;
  done: Promise<WorkerOutcome>;
}

const live = new Set<ChildProcess>();
const WORKER_TS = path.join('test', 'faults', 'support', 'worker.ts');
let workerArgs = ['--conditions=source', '--import', 'tsx', WORKER_TS];
let bundleDir: string | undefined;

/**
 * Makes worker start-up cheap. Under tsx a worker spends ~3 s of CPU
 * loading a few thousand modules through the ESM loader hooks before it
 * does anything (measured on the 2-core machines); the kill suite starts
 * dozens. So `support/worker.ts` is bundled once per test file with
 * esbuild (already installed: tsx and tsup are built on it), resolving the
 * workspace packages through their `source` condition exactly as tsx does,
 * into one ESM file that starts in ~0.5 s of CPU. `PDM_FAULT_WORKER=tsx`
 * runs `node --conditions=source --import tsx test/faults/support/worker.ts`
 * instead.
 */
export async function prepareWorkers(): Promise<void> {
  if (process.env.PDM_FAULT_WORKER === 'tsx' || bundleDir) return;
  const { build } = await import('esbuild');
  bundleDir = await mkdtemp(path.join(tmpdir(), 'pdm-fault-worker-'));
  const outfile = path.join(bundleDir, 'worker.mjs');
  await build({
    entryPoints: [path.join(ROOT, WORKER_TS)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['source'],
    logLevel: 'error',
    // CommonJS dependencies (pg) call require(); give the ESM bundle one.
    banner: {
      js: "import { createRequire as __pdmRequire } from 'node:module'; const require = __pdmRequire(import.meta.url);",
    },
  });
  workerArgs = [outfile];
}

/** Kills the workers still running and removes the bundle. */
export async function disposeWorkers(): Promise<void> {
  killAllWorkers();
  if (bundleDir) await rm(bundleDir, { recursive: true, force: true });
  bundleDir = undefined;
  workerArgs = ['--conditions=source', '--import', 'tsx', WORKER_TS];
}

/** Starts `support/worker.ts` in a child process; killed with SIGKILL after `timeoutMs`. */
export function startWorker(env: WorkerEnv, timeoutMs = 90_000): RunningWorker {
  const started = Date.now();
  const child = spawn(process.execPath, workerArgs, {
    cwd: ROOT,
    env: { ...process.env, NODE_OPTIONS: '', PDM_DATABASE_URL: DATABASE_URL, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  live.add(child);
  let stdout = '';
  let stderr = '';
  let exited = false;
  let timedOut = false;
  let onReady: () => void = () => {};
  let onNotReady: (e: Error) => void = () => {};
  const ready = new Promise<void>((resolve, reject) => {
    onReady = resolve;
    onNotReady = reject;
  });
  ready.catch(() => {});
  child.stdin!.on('error', () => {});
  child.stdout!.on('data', (c: Buffer) => {
    stdout += c.toString();
    if (stdout.includes('{"event":"ready"}')) onReady();
  });
  child.stderr!.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, timeoutMs);
  const done = new Promise<WorkerOutcome>((resolve) => {
    child.once('close', (code, signal) => {
      exited = true;
      clearTimeout(timer);
      live.delete(child);
      const line = stdout
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l.startsWith('{"status"'))
        .pop();
      let result: WorkerOutcome['result'] = null;
      try {
        result = line ? JSON.parse(line) : null;
      } catch {
        result = null;
      }
      resolve({ code, signal, result, stdout, stderr, ms: Date.now() - started, timedOut });
    });
  });
  child.once('exit', () => {
    exited = true;
    onNotReady(new Error(`worker exited before it was ready: ${stdout}${stderr}`));
  });
  return {
    child,
    done,
    ready,
    exited: () => exited,
    go() {
      child.stdin!.write('go\n');
      return Date.now();
    },
    kill() {
      if (exited || child.exitCode !== null || child.signalCode !== null) return false;
      return child.kill('SIGKILL');
    },
    output: () => stdout,
  };
}

/** SIGKILLs every worker this process started that is still running (for afterAll/afterEach). */
export function killAllWorkers(): void {
  for (const child of live) child.kill('SIGKILL');
}

/** Runs a worker to the end and returns its outcome. */
export async function runWorker(env: WorkerEnv, timeoutMs?: number): Promise<WorkerOutcome> {
  return startWorker(env, timeoutMs).done;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `test` every 25 ms until it holds; throws, naming `what`, after `ms`. */
export async function waitFor(
  what: string,
  test: () => Promise<boolean> | boolean,
  ms = 30_000,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

/**
 * For a failure message: up to `limit` rows of `table` whose content differs
 * between two schemas, with the columns that differ (timestamps left out).
 */
export async function diffRows(
  db: Kysely<Database>,
  expectedSchema: string,
  actualSchema: string,
  table: Exclude<ComparedTable, 'quarantine'>,
  limit = 5,
  options: { exclude?: readonly string[] } = {},
): Promise<{ id: string; columns: Record<string, { expected: unknown; actual: unknown }> }[]> {
  const { columns } = (await tableHashes(db, expectedSchema, [table], options))[table]!;
  const { rows } = await sql<{
    id: string;
    e: Record<string, unknown> | null;
    a: Record<string, unknown> | null;
  }>`
    SELECT coalesce(e.id, a.id)::text AS id, to_jsonb(e) AS e, to_jsonb(a) AS a
      FROM ${sql.table(`${expectedSchema}.${table}`)} AS e
      FULL JOIN ${sql.table(`${actualSchema}.${table}`)} AS a ON a.id = e.id
     WHERE e.id IS NULL OR a.id IS NULL
        OR ROW(${sql.join(columns.map((c) => sql.ref(`e.${c}`)))})::text
           IS DISTINCT FROM ROW(${sql.join(columns.map((c) => sql.ref(`a.${c}`)))})::text
     ORDER BY 1 LIMIT ${limit}`.execute(db);
  return rows.map((r) => {
    const out: Record<string, { expected: unknown; actual: unknown }> = {};
    for (const c of columns) {
      const e = r.e?.[c];
      const a = r.a?.[c];
      if (JSON.stringify(e) !== JSON.stringify(a)) out[c] = { expected: e, actual: a };
    }
    return { id: r.id, columns: out };
  });
}

/**
 * How two runs of one pull compare: `content` hashes every column but the
 * timestamps and `raw`, and must be equal; `raw` counts the rows whose
 * stored source record differs. A record listed in several files of a pull
 * (a visiting doctor) keeps the source record of the file that committed
 * first, so when files commit in a different order (several workers, or
 * files in flight at once) `raw` may come from another of its listings.
 */
export async function compareRuns(db: Kysely<Database>, expectedSchema: string, actualSchema: string) {
  const hashes = async (schema: string) => ({
    // `raw` and `last_seen_file` name which of two files listing the same record wrote it (last or first):
    // with shared workers that follows the order the files were taken in, not the content.
    ...(await tableHashes(db, schema, ['practitioners', 'practices', 'providers'], {
      exclude: ['raw', 'last_seen_file'],
    })),
    ...(await tableHashes(db, schema, ['quarantine'])),
  });
  const expected = await hashes(expectedSchema);
  const actual = await hashes(actualSchema);
  const raw: Record<string, number> = {};
  for (const table of ['practitioners', 'practices'] as const) {
    raw[table] = (await diffRows(db, expectedSchema, actualSchema, table, 1_000_000)).length;
  }
  const full = await tableHashes(db, actualSchema);
  const rows = Object.values(full).reduce((n, h) => n + h.rows, 0);
  return { expected: md5s(expected), actual: md5s(actual), full, rows, rawDiffers: raw };
}
