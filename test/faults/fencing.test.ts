// A slow record lets a second worker take a pull over while the first is
// alive: here a Fortis doctor whose specialties are a 140,000-item pipe list
// (a 2.2 MB line), on which the first worker holds its event loop longer than
// its lease, as the quadratic de-duplication once did (369 s). The worker that
// takes over ends the pull; the first must commit nothing more when it wakes.
// The tables, the quarantine and the stored counts must equal a clean run's.
import { randomUUID } from 'node:crypto';
import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { GeneratedFortisPull } from '@provider-data/plugin-fortis/testing';
import { createDatabase, type DatabaseHandle, registerPull } from '@provider-data/sink-postgres';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordFigure } from './figures.js';
import {
  compareRuns,
  DATABASE_URL,
  disposeWorkers,
  generateFaultPull,
  freshSchemas,
  leftovers,
  prepareWorkers,
  pullRow,
  reconcileProblems,
  type RunningWorker,
  type SchemaPair,
  SKIP_REASON,
  startWorker,
  waitFor,
  type WorkerEnv,
} from './support/harness.js';

const DOCTORS = Number(process.env.PDM_FAULT_INFRA_DOCTORS ?? 900);
const LIST_ITEMS = 140_000;
/**
 * Longer than the second or so that the long line takes to read and map on a
 * loaded 2-core machine (all of it one record, between two lease renewals).
 */
const LEASE_MS = 4000;
/** Longer than the lease, with room for the other worker to claim and work. */
const STALL_MS = 9000;
const POISON_CODE = 'FD-LONG-LIST';

const figures: Record<string, unknown> = {};

describe.skipIf(!DATABASE_URL)('a slow record and two workers: fenced writes', () => {
  if (!DATABASE_URL) console.warn(SKIP_REASON);
  let handle: DatabaseHandle;
  let dir: string;
  let generated: GeneratedFortisPull;
  let poisonKey: string;
  let lineBytes = 0;
  const schemas: SchemaPair[] = [];

  beforeAll(async () => {
    await prepareWorkers();
    handle = await createDatabase(DATABASE_URL!, { applicationName: 'pdm-fault-fencing' });
    dir = await mkdtemp(path.join(tmpdir(), 'pdm-fault-fencing-'));
    generated = await generateFaultPull(DOCTORS, dir);
    // A plain doctors file that ends with a line feed, late in the listing: files come before and after it.
    poisonKey = generated.keys
      .filter((k) => k.endsWith('/doctors.ndjson'))
      .sort()
      .at(-2)!;
    const file = path.join(dir, ...poisonKey.split('/'));
    const text = await readFile(file, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const doctor = JSON.parse(text.slice(0, text.indexOf('\n'))) as Record<string, unknown>;
    const specialties = Array.from({ length: LIST_ITEMS }, (_, i) => `Specialty ${i}`).join('|');
    const line = `${JSON.stringify({ ...doctor, doctor_code: POISON_CODE, specialties })}\n`;
    lineBytes = Buffer.byteLength(line);
    await appendFile(file, line);
  }, 120_000);

  afterAll(async () => {
    await disposeWorkers();
    for (const names of schemas) await names.drop().catch(() => {});
    await handle?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
    if (Object.keys(figures).length > 0) await recordFigure('fencing', figures);
  });

  async function newSchemas(label: string, pullId: string): Promise<SchemaPair> {
    const names = await freshSchemas(handle.db, label);
    schemas.push(names);
    await registerPull(
      handle.db,
      { pullId, healthSystem: 'fortis', pullTimestamp: generated.pullTimestamp, dataType: 'full' },
      names,
    );
    return names;
  }

  const envFor = (names: SchemaPair, pullId: string, extra: Partial<WorkerEnv> = {}): WorkerEnv => ({
    PDM_SCHEMA: names.schema,
    PDM_PULL_SCHEMA: names.pullSchema,
    PDM_STORE_DIR: dir,
    PDM_PULL_ID: pullId,
    PDM_LEASE_MS: String(LEASE_MS),
    PDM_BATCH_SIZE: '100',
    PDM_WAIT_FOR_GO: 'true',
    ...extra,
  });

  const quarantineRows = async (names: SchemaPair) =>
    Number(
      (
        await sql<{
          n: string;
        }>`SELECT count(*) AS n FROM ${sql.table(`${names.schema}.quarantine`)}`.execute(handle.db)
      ).rows[0]?.n,
    );

  /** One uninterrupted run of the same pull, into schemas of its own. */
  async function cleanRun(pullId: string): Promise<SchemaPair> {
    const reference = await newSchemas('fence_ref', pullId);
    const worker = startWorker(envFor(reference, pullId, { PDM_MODE: 'exclusive' }), 120_000);
    await worker.ready;
    worker.go();
    const outcome = await worker.done;
    expect(outcome.result, outcome.stdout + outcome.stderr).toMatchObject({ status: 'processed' });
    return reference;
  }

  /** After the takeover: the stored counts, the quarantine and every table equal the clean run's. */
  async function expectEqualsClean(reference: SchemaPair, names: SchemaPair, pullId: string) {
    const stats = (await pullRow(handle.db, names.pullSchema, pullId)).stats!;
    const cleanStats = (await pullRow(handle.db, reference.pullSchema, pullId)).stats!;
    expect(reconcileProblems(stats)).toEqual([]);
    expect(stats.records).toEqual(cleanStats.records);
    expect(stats.entities).toEqual(cleanStats.entities);
    expect(stats.quarantineByReason).toEqual(cleanStats.quarantineByReason);
    expect(await quarantineRows(names)).toBe(await quarantineRows(reference));
    const compared = await compareRuns(handle.db, reference.schema, names.schema);
    expect(compared.actual).toEqual(compared.expected);
    expect(await leftovers(handle.db, names.schema, pullId)).toEqual({
      pending: 0,
      checkpoints: generated.expected.files,
    });
    return { stats, rows: compared.rows, quarantine: await quarantineRows(names) };
  }

  it(`exclusive runs: the first holds its event loop ${STALL_MS} ms on a ${LIST_ITEMS.toLocaleString('en')}-item list past its ${LEASE_MS} ms lease, the second takes over; the first commits nothing more`, {
    timeout: 180_000,
  }, async () => {
    const pullId = randomUUID();
    const reference = await cleanRun(pullId);
    const names = await newSchemas('fence_excl', pullId);
    const first = startWorker(
      envFor(names, pullId, {
        PDM_MODE: 'exclusive',
        PDM_WORKER_NAME: 'first',
        PDM_STALL_ON: POISON_CODE,
        PDM_STALL_MS: String(STALL_MS),
      }),
      120_000,
    );
    // The second worker's own lease is longer: on a loaded machine a 4 s lease
    // of the worker that takes over can lapse too, and this case is about the first.
    const second = startWorker(
      envFor(names, pullId, {
        PDM_MODE: 'exclusive',
        PDM_WORKER_NAME: 'second',
        PDM_LEASE_MS: String(4 * LEASE_MS),
      }),
      120_000,
    );
    await Promise.all([first.ready, second.ready]);
    first.go();
    await waitFor('the first worker to stall', async () => stalled(first));
    const stallSeenAt = Date.now();
    // Its lease runs out while it is stalled (it cannot renew); then the second worker claims the pull.
    await waitFor('the lease to run out', async () => {
      const row = await pullRow(handle.db, names.pullSchema, pullId);
      return row.lease_expires_at !== null && row.lease_expires_at.getTime() < Date.now();
    });
    const committedBeforeStall = (await leftovers(handle.db, names.schema, pullId)).checkpoints;
    const takeoverAt = Date.now();
    second.go();
    const [firstOutcome, secondOutcome] = await Promise.all([first.done, second.done]);
    expect(
      secondOutcome.result,
      `${JSON.stringify(secondOutcome.result)} ${secondOutcome.stderr}`,
    ).toMatchObject({
      status: 'processed',
    });
    // The first worker woke up, found its claim gone and stopped, saying so.
    expect(firstOutcome.result, firstOutcome.stdout).toMatchObject({ status: 'error', code: 'lease_lost' });
    expect(firstOutcome.result?.message).toContain('worker first:');

    const row = await pullRow(handle.db, names.pullSchema, pullId);
    expect(row).toMatchObject({ status: 'processed', attempts: 2, lease_expires_at: null });
    const equal = await expectEqualsClean(reference, names, pullId);
    // The second worker resumed exactly what the first committed before its lease ran out.
    expect(equal.stats.files.resumed).toBe(committedBeforeStall);
    figures.exclusive = {
      lineBytes,
      listItems: LIST_ITEMS,
      leaseMs: LEASE_MS,
      stallMs: STALL_MS,
      filesCommittedByFirst: committedBeforeStall,
      filesProcessedBySecond: equal.stats.files.processed,
      firstWorker: `${firstOutcome.result?.code}: ${firstOutcome.result?.message}`,
      takeoverAfterStallMs: takeoverAt - stallSeenAt,
      quarantineRows: equal.quarantine,
      reconciled: equal.stats.reconciled,
      rowsCompared: equal.rows,
      attempts: row.attempts,
    };
  });

  it('shared workers: the worker holding the long list loses its file lease to a third; nothing is processed twice', {
    timeout: 180_000,
  }, async () => {
    const pullId = randomUUID();
    const reference = await cleanRun(pullId);
    const names = await newSchemas('fence_shared', pullId);
    // Whichever of the two claims the long list's file stalls on it.
    const stalling = (name: string) =>
      startWorker(
        envFor(names, pullId, {
          PDM_MODE: 'shared',
          PDM_WORKER_NAME: name,
          PDM_STALL_ON: POISON_CODE,
          PDM_STALL_MS: String(STALL_MS),
        }),
        120_000,
      );
    const workers = [stalling('w1'), stalling('w2')];
    const third = startWorker(envFor(names, pullId, { PDM_MODE: 'shared', PDM_WORKER_NAME: 'w3' }), 120_000);
    await Promise.all([...workers.map((w) => w.ready), third.ready]);
    for (const w of workers) w.go();
    await waitFor('a worker to stall', async () => workers.some((w) => stalled(w)));
    const staller = workers.find((w) => stalled(w))!;
    const other = workers.find((w) => w !== staller)!;
    const otherOutcome = await other.done;
    expect(otherOutcome.result, otherOutcome.stderr).toMatchObject({ status: 'working' });
    await waitFor('the stalled file lease to run out', async () => {
      const { rows } = await sql<{ expired: boolean }>`
        SELECT lease_expires_at < clock_timestamp() AS expired FROM ${sql.table(`${names.schema}.pull_files`)}
         WHERE pull_id = ${pullId}::uuid AND object_key = ${poisonKey}`.execute(handle.db);
      return rows[0]?.expired === true;
    });
    third.go();
    const [stallerOutcome, thirdOutcome] = await Promise.all([staller.done, third.done]);
    expect(thirdOutcome.result, thirdOutcome.stderr).toMatchObject({ status: 'processed' });
    expect(stallerOutcome.result, stallerOutcome.stdout).toMatchObject({
      status: 'error',
      code: 'lease_lost',
    });

    const { rows: claims } = await sql<{ object_key: string; claims: number }>`
      SELECT object_key, claims FROM ${sql.table(`${names.schema}.pull_files`)}
       WHERE pull_id = ${pullId}::uuid ORDER BY object_key`.execute(handle.db);
    expect(claims.filter((c) => Number(c.claims) !== 1).map((c) => [c.object_key, Number(c.claims)])).toEqual(
      [[poisonKey, 2]],
    );
    const equal = await expectEqualsClean(reference, names, pullId);
    figures.shared = {
      stalledWorker: `${stallerOutcome.result?.code}: ${stallerOutcome.result?.message}`,
      claimsOfTheLongListFile: 2,
      quarantineRows: equal.quarantine,
      reconciled: equal.stats.reconciled,
      rowsCompared: equal.rows,
    };
  });
});

/** True once the worker printed that it holds its event loop. */
function stalled(worker: RunningWorker): boolean {
  return worker.output().includes('{"event":"stalling"');
}
