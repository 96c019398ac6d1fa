// Shared workers: four worker processes join one pull of 40 files through
// the PostgreSQL file queue. Each file is claimed and processed exactly once,
// exactly one worker finalizes, and the tables equal one worker's clean run.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateApolloPull, type GeneratedApolloPull } from '@provider-data/plugin-apollo/testing';
import { createDatabase, type DatabaseHandle, registerPull } from '@provider-data/sink-postgres';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordFigure } from './figures.js';
import {
  compareRuns,
  DATABASE_URL,
  FAULT_SEED,
  disposeWorkers,
  freshSchemas,
  leftovers,
  prepareWorkers,
  pullRow,
  reconcileProblems,
  type SchemaPair,
  SKIP_REASON,
  startWorker,
  type WorkerEnv,
} from './support/harness.js';

const WORKERS = Number(process.env.PDM_FAULT_WORKERS ?? 4);
const DOCTORS = Number(process.env.PDM_FAULT_WORKER_DOCTORS ?? 2000);
/** Apollo with dirt: 37 city documents plus three deviation files = 40 data files. */
const CITIES = 37;
const FILES = 40;

describe.skipIf(!DATABASE_URL)('shared workers on one pull', () => {
  if (!DATABASE_URL) console.warn(SKIP_REASON);
  let handle: DatabaseHandle;
  let dir: string;
  let generated: GeneratedApolloPull;
  let reference: SchemaPair;
  let shared: SchemaPair;
  const pullId = randomUUID();

  beforeAll(async () => {
    await prepareWorkers();
    handle = await createDatabase(DATABASE_URL!, { applicationName: 'pdm-fault-workers' });
    dir = await mkdtemp(path.join(tmpdir(), 'pdm-fault-workers-'));
    generated = await generateApolloPull({
      seed: FAULT_SEED,
      doctors: DOCTORS,
      cities: CITIES,
      dirt: 0.05,
      target: { dir },
    });
    reference = await freshSchemas(handle.db, 'workers_ref');
    shared = await freshSchemas(handle.db, 'workers');
    for (const names of [reference, shared]) {
      await registerPull(
        handle.db,
        { pullId, healthSystem: 'apollo', pullTimestamp: generated.pullTimestamp, dataType: 'full' },
        names,
      );
    }
  });

  afterAll(async () => {
    await disposeWorkers();
    await reference?.drop();
    await shared?.drop();
    await handle?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const envFor = (names: SchemaPair, extra: Partial<WorkerEnv>): WorkerEnv => ({
    PDM_SCHEMA: names.schema,
    PDM_PULL_SCHEMA: names.pullSchema,
    PDM_STORE_DIR: dir,
    PDM_PULL_ID: pullId,
    PDM_LEASE_MS: '10000',
    PDM_BATCH_SIZE: '200',
    PDM_WAIT_FOR_GO: 'true',
    ...extra,
  });

  it(`${WORKERS} worker processes share a pull of ${FILES} files: each file once, one finalizer, the tables of one worker`, {
    timeout: 240_000,
  }, async () => {
    expect(generated.expected.files).toBe(FILES);
    const started = Date.now();

    const alone = startWorker(
      envFor(reference, { PDM_MODE: 'exclusive', PDM_WORKER_NAME: 'alone' }),
      180_000,
    );
    const workers = Array.from({ length: WORKERS }, (_, i) =>
      startWorker(envFor(shared, { PDM_MODE: 'shared', PDM_WORKER_NAME: `w${i + 1}` }), 180_000),
    );
    await Promise.all([alone.ready, ...workers.map((w) => w.ready)]);

    alone.go();
    const aloneOutcome = await alone.done;
    expect(aloneOutcome.result, aloneOutcome.stderr).toMatchObject({ status: 'processed' });

    // All at once, to make them race for the same files.
    const sharedStart = Date.now();
    for (const w of workers) w.go();
    const outcomes = await Promise.all(workers.map((w) => w.done));
    const sharedMs = Date.now() - sharedStart;
    for (const o of outcomes) expect(o.result, o.stderr).toMatchObject({ status: expect.any(String) });
    for (const o of outcomes) expect(o.result?.status, o.stdout + o.stderr).not.toBe('error');
    const finalizers = outcomes.filter((o) => o.result?.status === 'processed');
    expect(finalizers).toHaveLength(1);
    const filesByWorker = outcomes.map((o) => Number(o.result?.filesProcessed ?? 0));
    expect(filesByWorker.reduce((a, b) => a + b, 0)).toBe(FILES);

    const { rows: files } = await sql<{ object_key: string; claims: number }>`
        SELECT object_key, claims FROM ${sql.table(`${shared.schema}.pull_files`)}
         WHERE pull_id = ${pullId}::uuid ORDER BY object_key`.execute(handle.db);
    expect(files).toHaveLength(FILES);
    expect(files.filter((f) => Number(f.claims) !== 1)).toEqual([]);
    expect(await leftovers(handle.db, shared.schema, pullId)).toEqual({ pending: 0, checkpoints: FILES });

    const compared = await compareRuns(handle.db, reference.schema, shared.schema);
    expect(compared.actual).toEqual(compared.expected);
    const actualHashes = compared.full;

    const row = await pullRow(handle.db, shared.pullSchema, pullId);
    expect(row.status).toBe('processed');
    expect(row.attempts).toBe(1); // the one finalizer's claim
    const stats = row.stats!;
    expect(reconcileProblems(stats)).toEqual([]);
    const { expected } = generated;
    expect(stats.files.total).toBe(FILES);
    expect(stats.files.failed).toHaveLength(expected.failedFiles);
    expect(stats.records).toMatchObject(expected.records);
    expect(stats.quarantineByReason).toEqual(expected.quarantineByReason);
    const aloneStats = (await pullRow(handle.db, reference.pullSchema, pullId)).stats!;
    expect(stats.entities).toEqual(aloneStats.entities);
    expect({
      practitioner: actualHashes.practitioners!.rows,
      practice: actualHashes.practices!.rows,
      provider: actualHashes.providers!.rows,
    }).toEqual(expected.rows);

    await recordFigure('workers', {
      seed: FAULT_SEED,
      workers: WORKERS,
      files: FILES,
      filesByWorker,
      claimsPerFile: 1,
      finalizers: finalizers.length,
      recordsRead: stats.records.read,
      rowsCompared: compared.rows,
      rawFromAnotherListing: compared.rawDiffers,
      oneWorkerMs: aloneOutcome.ms,
      sharedMs,
      durationMs: Date.now() - started,
    });
  });
});
