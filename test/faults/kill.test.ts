// kill -9: a worker process is killed at seeded random points of a pull,
// again and again, and a later worker takes over once its lease expires.
// When a pull completes before enough kills, it is reprocessed (unchanged)
// and killed again. At the end the tables equal those of one clean,
// uninterrupted run of the same pull, row for row.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createSeededRandom } from '@provider-data/core/testing';
import type { GeneratedFortisPull } from '@provider-data/plugin-fortis/testing';
import { createDatabase, type DatabaseHandle, registerPull } from '@provider-data/sink-postgres';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordFigure } from './figures.js';
import {
  md5s,
  tableHashes,
  compareRuns,
  DATABASE_URL,
  FAULT_SEED,
  generateFaultPull,
  freshSchemas,
  disposeWorkers,
  leftovers,
  prepareWorkers,
  pullRow,
  reconcileProblems,
  type RunningWorker,
  type SchemaPair,
  SKIP_REASON,
  sleep,
  startWorker,
  type WorkerEnv,
} from './support/harness.js';

const KILLS = Number(process.env.PDM_FAULT_KILLS ?? 50);
const DOCTORS = Number(process.env.PDM_FAULT_KILL_DOCTORS ?? 1500);
const LEASE_MS = 1500;
const BATCH_SIZE = 100;
/** Workers loaded ahead and waiting, so that start-up (~2–4 s with tsx) overlaps the running one. */
const SPARES = 2;
/** After this many kills in one cycle the next worker is let finish, so that every cycle ends. */
const MAX_KILLS_PER_CYCLE = 8;

describe.skipIf(!DATABASE_URL)('kill -9 at random points of a pull', () => {
  if (!DATABASE_URL) console.warn(SKIP_REASON);
  let handle: DatabaseHandle;
  let dir: string;
  let generated: GeneratedFortisPull;
  let reference: SchemaPair;
  let work: SchemaPair;
  const pullId = randomUUID();

  beforeAll(async () => {
    await prepareWorkers();
    handle = await createDatabase(DATABASE_URL!, { applicationName: 'pdm-fault-kill' });
    dir = await mkdtemp(path.join(tmpdir(), 'pdm-fault-kill-'));
    generated = await generateFaultPull(DOCTORS, dir);
    reference = await freshSchemas(handle.db, 'kill_ref');
    work = await freshSchemas(handle.db, 'kill');
    for (const names of [reference, work]) {
      await registerPull(
        handle.db,
        { pullId, healthSystem: 'fortis', pullTimestamp: generated.pullTimestamp, dataType: 'full' },
        names,
      );
    }
  });

  afterAll(async () => {
    await disposeWorkers();
    await reference?.drop();
    await work?.drop();
    await handle?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const envFor = (names: SchemaPair, extra: Partial<WorkerEnv> = {}): WorkerEnv => ({
    PDM_SCHEMA: names.schema,
    PDM_PULL_SCHEMA: names.pullSchema,
    PDM_STORE_DIR: dir,
    PDM_PULL_ID: pullId,
    PDM_MODE: 'exclusive',
    PDM_LEASE_MS: String(LEASE_MS),
    PDM_BATCH_SIZE: String(BATCH_SIZE),
    PDM_WAIT_FOR_GO: 'true',
    ...extra,
  });

  /** Waits until no live lease holds the pull: a killed worker's claim has expired. */
  async function leaseFree(names: SchemaPair): Promise<void> {
    const deadline = Date.now() + LEASE_MS + 10_000;
    for (;;) {
      const { rows } = await sql<{ free: boolean }>`
        SELECT status <> 'processing' OR lease_expires_at IS NULL OR lease_expires_at < clock_timestamp() AS free
          FROM ${sql.table(`${names.pullSchema}.data_pulls`)} WHERE pull_id = ${pullId}::uuid`.execute(
        handle.db,
      );
      if (rows[0]?.free) return;
      if (Date.now() > deadline) throw new Error('the lease of a killed worker did not expire');
      await sleep(50);
    }
  }

  async function checkpoints(names: SchemaPair): Promise<number> {
    return (await leftovers(handle.db, names.schema, pullId)).checkpoints;
  }

  it(`${KILLS} kills of a worker mid-pull, then a rerun: the tables equal a clean run's, nothing lost`, {
    timeout: 420_000,
  }, async () => {
    const started = Date.now();

    // The reference: the same pull, same id, processed once without interruption.
    const runClean = async (reprocess: boolean) => {
      const worker = startWorker(envFor(reference, { PDM_REPROCESS: String(reprocess) as 'true' }), 120_000);
      await worker.ready;
      const start = worker.go();
      const outcome = await worker.done;
      expect(outcome.result, outcome.stderr).toMatchObject({ status: 'processed' });
      return Date.now() - start;
    };
    const cleanMs = await runClean(false);
    const referenceHashes = await tableHashes(handle.db, reference.schema);
    // An unchanged reprocess, uninterrupted: it changes nothing, and it says how long one takes.
    const reprocessMs = await runClean(true);
    expect(md5s(await tableHashes(handle.db, reference.schema))).toEqual(md5s(referenceHashes));

    // Kill, take over, kill again.
    const rng = createSeededRandom(FAULT_SEED);
    const spares: RunningWorker[] = [];
    const spawnSpare = () => spares.push(startWorker(envFor(work, { PDM_REPROCESS: 'true' }), 120_000));
    for (let i = 0; i < SPARES; i++) spawnSpare();

    let kills = 0;
    let killsAfterFinish = 0;
    let cycles = 0;
    let killsThisCycle = 0;
    let killsInReprocess = 0;
    const killDelays: number[] = [];
    const checkpointsAtKill: number[] = [];
    while (kills < KILLS) {
      const worker = spares.shift()!;
      spawnSpare();
      await worker.ready;
      await leaseFree(work);
      const letFinish = killsThisCycle >= MAX_KILLS_PER_CYCLE;
      // Kill points spread over how long an uninterrupted run of this kind takes.
      const delay = rng.int(0, cycles === 0 ? cleanMs : reprocessMs);
      worker.go();
      const first = await Promise.race([
        worker.done.then(() => 'exited' as const),
        letFinish ? new Promise<never>(() => {}) : sleep(delay).then(() => 'timer' as const),
      ]);
      if (first === 'timer' && worker.kill()) {
        await worker.done;
        if ((await pullRow(handle.db, work.pullSchema, pullId)).status === 'processed') {
          // Too late to matter: the pull was finished, the worker was closing its pool.
          killsAfterFinish++;
          cycles++;
          killsThisCycle = 0;
          continue;
        }
        kills++;
        killsThisCycle++;
        if (cycles > 0) killsInReprocess++;
        killDelays.push(delay);
        checkpointsAtKill.push(await checkpoints(work));
        continue;
      }
      const outcome = await worker.done;
      expect(outcome.result, outcome.stderr).toMatchObject({ status: 'processed' });
      cycles++;
      killsThisCycle = 0;
    }

    // The rerun after the last kill.
    const last = spares.shift()!;
    await last.ready;
    await leaseFree(work);
    last.go();
    const lastOutcome = await last.done;
    expect(lastOutcome.result, lastOutcome.stderr).toMatchObject({ status: 'processed' });
    cycles++;
    for (const spare of spares) spare.kill();
    await Promise.all(spares.map((s) => s.done));

    const compared = await compareRuns(handle.db, reference.schema, work.schema);
    expect(compared.actual).toEqual(compared.expected);
    const actualHashes = compared.full;

    const row = await pullRow(handle.db, work.pullSchema, pullId);
    expect(row.status).toBe('processed');
    expect(row.lease_expires_at).toBeNull();
    const stats = row.stats!;
    expect(reconcileProblems(stats)).toEqual([]);
    const { expected } = generated;
    expect(stats.files.total).toBe(expected.files);
    expect(stats.files.failed).toHaveLength(expected.failedFiles);
    expect(stats.records).toMatchObject(expected.records);
    expect(stats.quarantineByReason).toEqual(expected.quarantineByReason);
    expect({
      practitioner: actualHashes.practitioners!.rows,
      practice: actualHashes.practices!.rows,
      provider: actualHashes.providers!.rows,
    }).toEqual(expected.rows);
    const quarantineRows = Object.values(expected.quarantineByReason).reduce((a, b) => a + b, 0);
    expect(actualHashes.quarantine!.rows).toBe(quarantineRows);
    expect(await leftovers(handle.db, work.schema, pullId)).toEqual({
      pending: 0,
      checkpoints: expected.files,
    });

    const expectedRows = expected.rows.practitioner + expected.rows.practice + expected.rows.provider;
    const rowsCompared = compared.rows;
    const recordsLost =
      Math.max(0, expectedRows - (rowsCompared - actualHashes.quarantine!.rows)) +
      Math.max(0, quarantineRows - actualHashes.quarantine!.rows);
    expect(kills).toBeGreaterThanOrEqual(KILLS);
    expect(killsInReprocess).toBeGreaterThan(0);
    expect(recordsLost).toBe(0);
    const sorted = [...killDelays].sort((a, b) => a - b);
    await recordFigure('kill', {
      seed: FAULT_SEED,
      doctors: DOCTORS,
      files: expected.files,
      recordsPerRun: expected.records.read,
      cleanRunMs: cleanMs,
      reprocessRunMs: reprocessMs,
      killsDelivered: kills,
      killsAfterFinish,
      killsInReprocessRuns: killsInReprocess,
      cycles,
      attempts: row.attempts,
      killDelayMs: { min: sorted[0], median: sorted[Math.floor(sorted.length / 2)], max: sorted.at(-1) },
      filesCheckpointedAtKill: histogram(checkpointsAtKill),
      rowsCompared,
      tablesCompared: Object.keys(actualHashes),
      rawFromAnotherListing: compared.rawDiffers,
      recordsLost,
      durationMs: Date.now() - started,
    });
  });
});

function histogram(values: number[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}
