// Broken infrastructure, in process, against real servers on loopback:
// PostgreSQL connections terminated mid-file, S3 answering 500 and slowly
// through a faulty proxy in front of s3rver, s3rver stopped mid-pull, and a
// Places server in a 429 storm. Each time the pull ends `failed` cleanly (or,
// for the enricher, `processed` with the practices marked `failed`), and a
// rerun ends with the tables of one clean run.
import { randomBytes, randomUUID } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import {
  createLocalObjectStore,
  createRegistry,
  createS3ObjectStore,
  type ObjectStore,
  processPull,
  type PullStore,
  silentLogger,
} from '@provider-data/core';
import { startS3TestServer, type S3TestServer, testPull } from '@provider-data/core/testing';
import { createPlacesEnricher } from '@provider-data/enricher-places';
import { type KnownPlace, startPlacesTestServer } from '@provider-data/enricher-places/testing';
import { fortisPlugin } from '@provider-data/plugin-fortis';
import type { GeneratedFortisPull } from '@provider-data/plugin-fortis/testing';
import {
  createDatabase,
  createPostgresPullStore,
  createPostgresSink,
  type DatabaseHandle,
  databaseFromPool,
  registerPull,
} from '@provider-data/sink-postgres';
import { type KyselyPlugin, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordFigure } from './figures.js';
import {
  compareRuns,
  DATABASE_URL,
  FAULT_SEED,
  generateFaultPull,
  freshSchemas,
  leftovers,
  pullRow,
  reconcileProblems,
  type SchemaPair,
  SKIP_REASON,
  sleep,
  tableHashes,
  waitFor,
} from './support/harness.js';
import { startFaultyS3Proxy } from './support/s3-proxy.js';

const DOCTORS = Number(process.env.PDM_FAULT_INFRA_DOCTORS ?? 900);
const LEASE_MS = 2000;
const BATCH_SIZE = 50;

const figures: Record<string, unknown> = {};

describe.skipIf(!DATABASE_URL)('broken infrastructure', () => {
  if (!DATABASE_URL) console.warn(SKIP_REASON);
  const registry = createRegistry().register(fortisPlugin);
  const pullId = randomUUID();
  let admin: DatabaseHandle;
  let dir: string;
  let local: ObjectStore;
  let generated: GeneratedFortisPull;
  let reference: SchemaPair;
  let s3: S3TestServer;
  const schemas: SchemaPair[] = [];
  const closers: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    admin = await createDatabase(DATABASE_URL!, { applicationName: 'pdm-fault-infra-admin' });
    dir = await mkdtemp(path.join(tmpdir(), 'pdm-fault-infra-'));
    generated = await generateFaultPull(DOCTORS, dir);
    local = createLocalObjectStore(dir);
    s3 = await startS3TestServer();
    for (const key of [...generated.keys, ...generated.ignoredKeys]) {
      await s3.putFile(key, path.join(dir, ...key.split('/')));
    }
    // The reference: one clean run of the pull.
    reference = await newSchemas('infra_ref');
    const { db, close } = await createDatabase(DATABASE_URL!, { applicationName: 'pdm-fault-infra-ref' });
    try {
      const result = await processPull({ ...common(db, reference), store: local });
      expect(result.status).toBe('processed');
    } finally {
      await close();
    }
  }, 120_000);

  afterAll(async () => {
    for (const close of closers.reverse()) await close().catch(() => {});
    await s3?.close();
    for (const names of schemas) await names.drop().catch(() => {});
    await admin?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
    if (Object.keys(figures).length > 0) await recordFigure('infrastructure', figures);
  });

  async function newSchemas(label: string): Promise<SchemaPair> {
    const names = await freshSchemas(admin.db, label);
    schemas.push(names);
    await registerPull(
      admin.db,
      { pullId, healthSystem: 'fortis', pullTimestamp: generated.pullTimestamp, dataType: 'full' },
      names,
    );
    return names;
  }

  function common(db: DatabaseHandle['db'], names: SchemaPair) {
    return {
      pullId,
      registry,
      pullStore: createPostgresPullStore(db, names) as PullStore,
      sink: createPostgresSink(db, names),
      leaseMs: LEASE_MS,
      batchSize: BATCH_SIZE,
      workerId: `infra:${process.pid}`,
    };
  }

  /** A pool of its own, closed after the test file. */
  async function openPool(applicationName: string): Promise<DatabaseHandle> {
    const handle = await createDatabase(DATABASE_URL!, { applicationName, maxConnections: 4 });
    closers.push(() => handle.close());
    return handle;
  }

  async function checkpoints(names: SchemaPair): Promise<number> {
    return (await leftovers(admin.db, names.schema, pullId)).checkpoints;
  }

  /** After the fault: the rerun completes and the tables equal the clean run's; returns the summary. */
  async function expectRerunEqualsClean(names: SchemaPair, store: ObjectStore, label: string) {
    const rerunDb = await openPool(`pdm-fault-${label}-rerun`);
    const result = await processPull({ ...common(rerunDb.db, names), store });
    expect(result.status).toBe('processed');
    const row = await pullRow(admin.db, names.pullSchema, pullId);
    expect(row.status).toBe('processed');
    const stats = row.stats!;
    expect(reconcileProblems(stats)).toEqual([]);
    expect(stats.records).toMatchObject(generated.expected.records);
    expect(stats.quarantineByReason).toEqual(generated.expected.quarantineByReason);
    expect(stats.files.total).toBe(generated.expected.files);
    const compared = await compareRuns(admin.db, reference.schema, names.schema);
    expect(compared.actual).toEqual(compared.expected);
    expect(await leftovers(admin.db, names.schema, pullId)).toEqual({
      pending: 0,
      checkpoints: generated.expected.files,
    });
    return { stats, rows: compared.rows, resumed: stats.files.resumed };
  }

  /**
   * A store whose `key` streams the first half of its bytes, then waits for
   * `fault()` before the rest: the file's transaction is open, batches of it
   * are written, when the fault happens.
   */
  function pausingStore(store: ObjectStore, key: string, fault: () => Promise<void>): ObjectStore {
    return {
      name: store.name,
      list: (prefix, options) => store.list(prefix, options),
      async open(k, options) {
        if (k !== key) return store.open(k, options);
        const body = await readFile(path.join(dir, ...k.split('/')));
        const half = Math.floor(body.length / 2);
        return Readable.from(
          (async function* () {
            yield body.subarray(0, half);
            await fault();
            yield body.subarray(half);
          })(),
        );
      },
    };
  }

  it('PostgreSQL connections terminated mid-file: the pull fails, nothing stays processing, a rerun equals a clean run', async () => {
    const names = await newSchemas('infra_pgcut');
    const applicationName = `pdm-fault-cut-${randomBytes(3).toString('hex')}`;
    const pool = await openPool(applicationName);
    // The fourth file in the order the pipeline takes them: files commit in
    // that order, so the three before it can commit while it is held.
    const listed: string[] = [];
    const pull = testPull({ pullId, healthSystem: 'fortis', pullTimestamp: generated.pullTimestamp });
    for await (const file of registry
      .get('fortis')
      .source.listFiles({ pull, store: local, logger: silentLogger })) {
      listed.push(file.key);
    }
    const target = listed[3]!;
    let terminated = 0;
    let committedBefore = 0;
    const store = pausingStore(local, target, async () => {
      await waitFor('two files committed', async () => (await checkpoints(names)) >= 2);
      committedBefore = await checkpoints(names);
      const { rows } = await sql<{ pid: number }>`
        SELECT pg_terminate_backend(pid) AS ok, pid FROM pg_stat_activity
         WHERE application_name = ${applicationName} AND pid <> pg_backend_pid()`.execute(admin.db);
      terminated = rows.length;
    });

    const error = await processPull({ ...common(pool.db, names), store }).then(
      () => null,
      (e: unknown) => e as { code?: string; message?: string },
    );
    expect(terminated).toBeGreaterThan(0);
    expect(error?.code).toBe('sink_error');

    // The failure is recorded through a fresh connection of the same pool; were
    // it not, the lease would free the pull within LEASE_MS.
    const row = await pullRow(admin.db, names.pullSchema, pullId);
    expect(row.status).toBe('failed');
    expect(row.last_error?.code).toBe('sink_error');
    expect(row.lease_expires_at).toBeNull();
    const afterFailure = await checkpoints(names);
    expect(afterFailure).toBeGreaterThanOrEqual(2);
    expect(afterFailure).toBeLessThan(generated.expected.files);

    const rerun = await expectRerunEqualsClean(names, local, 'pgcut');
    expect(rerun.resumed).toBe(afterFailure);
    figures.postgresCut = {
      backendsTerminated: terminated,
      filesCommittedBeforeCut: committedBefore,
      filesResumedByRerun: rerun.resumed,
      rowsCompared: rerun.rows,
      outcome: `${row.status} (${row.last_error?.code}), rerun processed`,
    };
  }, 90_000);

  it('S3 answering 500 and slowly: the SDK retries absorb it and the pull equals a clean run', async () => {
    const names = await newSchemas('infra_s3flaky');
    const proxy = await startFaultyS3Proxy(s3.endpoint, FAULT_SEED);
    closers.push(() => proxy.close());
    // The first attempt of every request fails half the time; a retry always passes.
    proxy.setPlan({
      decide: (request, chance) => {
        if (request.seen === 1 && chance('500') < 0.5) return { kind: 'error500' };
        return { kind: 'pass', delayMs: Math.floor(chance('delay') * 150), slowBody: chance('slow') < 0.3 };
      },
    });
    const store = createS3ObjectStore({
      ...s3.connection,
      endpoint: proxy.url,
      bucket: s3.bucket,
      maxAttempts: 3,
    });
    const pool = await openPool('pdm-fault-s3flaky');
    const result = await processPull({ ...common(pool.db, names), store });
    expect(result.status).toBe('processed');
    expect(proxy.stats.error500).toBeGreaterThan(0);
    expect(proxy.stats.slowBodies).toBeGreaterThan(0);
    const compared = await compareRuns(admin.db, reference.schema, names.schema);
    expect(compared.actual).toEqual(compared.expected);
    const stats = (await pullRow(admin.db, names.pullSchema, pullId)).stats!;
    expect(reconcileProblems(stats)).toEqual([]);
    expect(stats.records).toMatchObject(generated.expected.records);
    figures.s3Absorbed = { ...proxy.stats, rowsCompared: compared.rows };
  }, 90_000);

  it('S3 failing for good on one object: the pull fails with an object store error, a rerun through a healthy endpoint equals a clean run', async () => {
    const names = await newSchemas('infra_s3down');
    const proxy = await startFaultyS3Proxy(s3.endpoint, FAULT_SEED);
    closers.push(() => proxy.close());
    const broken = generated.keys[4]!;
    proxy.setPlan({
      decide: (request, chance) =>
        request.path.endsWith(`/${broken}`) || (request.seen === 1 && chance('500') < 0.3)
          ? { kind: 'error500' }
          : { kind: 'pass', delayMs: Math.floor(chance('delay') * 50) },
    });
    const store = createS3ObjectStore({
      ...s3.connection,
      endpoint: proxy.url,
      bucket: s3.bucket,
      maxAttempts: 3,
    });
    const pool = await openPool('pdm-fault-s3down');
    const error = await processPull({ ...common(pool.db, names), store }).then(
      () => null,
      (e: unknown) => e as { code?: string; objectKey?: string },
    );
    expect(error?.code).toBe('object_store_error');
    expect(error?.objectKey).toBe(broken);
    expect(proxy.timesSeen(`/${broken}`)).toBe(3); // maxAttempts
    const row = await pullRow(admin.db, names.pullSchema, pullId);
    expect(row.status).toBe('failed');
    expect(row.last_error?.code).toBe('object_store_error');
    // Bad data is quarantined; broken infrastructure is not: no quarantine row blames the file.
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM ${sql.table(`${names.schema}.quarantine`)} WHERE object_key = ${broken}`.execute(
      admin.db,
    );
    expect(rows[0]!.n).toBe(0);
    const failedAfter = await checkpoints(names);
    const rerun = await expectRerunEqualsClean(names, s3.store({ maxAttempts: 3 }), 's3down');
    expect(rerun.resumed).toBe(failedAfter);
    figures.s3FailedForGood = {
      ...proxy.stats,
      attemptsOnBrokenObject: proxy.timesSeen(`/${broken}`),
      filesCommittedBeforeFailure: failedAfter,
      outcome: `${row.status} (${row.last_error?.code}), rerun processed`,
      rowsCompared: rerun.rows,
    };
  }, 90_000);

  it('S3 connection cut part way through a body: broken infrastructure, not a truncated file', async () => {
    const names = await newSchemas('infra_s3cut');
    const proxy = await startFaultyS3Proxy(s3.endpoint, FAULT_SEED);
    closers.push(() => proxy.close());
    const victim = generated.keys.find((k) => k.endsWith('doctors.ndjson'))!;
    proxy.setPlan({
      decide: (request) => (request.path.endsWith(`/${victim}`) ? { kind: 'cut' } : { kind: 'pass' }),
    });
    const store = createS3ObjectStore({
      ...s3.connection,
      endpoint: proxy.url,
      bucket: s3.bucket,
      maxAttempts: 3,
    });
    const pool = await openPool('pdm-fault-s3cut');
    const error = await processPull({ ...common(pool.db, names), store }).then(
      () => null,
      (e: unknown) => e as { code?: string },
    );
    expect(error?.code).toBe('object_store_error');
    expect(proxy.stats.cut).toBeGreaterThan(0);
    const row = await pullRow(admin.db, names.pullSchema, pullId);
    expect(row.status).toBe('failed');
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM ${sql.table(`${names.schema}.quarantine`)} WHERE object_key = ${victim}`.execute(
      admin.db,
    );
    expect(rows[0]!.n).toBe(0);
    const rerun = await expectRerunEqualsClean(names, s3.store({ maxAttempts: 3 }), 's3cut');
    figures.s3BodyCut = {
      cut: proxy.stats.cut,
      outcome: `${row.status} (${row.last_error?.code})`,
      rowsCompared: rerun.rows,
    };
  }, 90_000);

  it('s3rver stopped after the first file commits: the pull fails, and once it is back the rerun equals a clean run', async () => {
    const names = await newSchemas('infra_s3stop');
    const healthy = s3.store({ maxAttempts: 2 });
    let stopped = false;
    // The first file in the order the pipeline takes them goes through (files
    // commit in that order); any other waits for a checkpoint, then finds s3rver gone.
    const pull = testPull({ pullId, healthSystem: 'fortis', pullTimestamp: generated.pullTimestamp });
    let firstKey: string | undefined;
    for await (const file of registry
      .get('fortis')
      .source.listFiles({ pull, store: healthy, logger: silentLogger })) {
      firstKey ??= file.key;
    }
    let committedBefore = 0;
    const store: ObjectStore = {
      name: healthy.name,
      list: (prefix, options) => healthy.list(prefix, options),
      async open(key, options) {
        if (key !== firstKey && !stopped) {
          await waitFor('the first file committed', async () => (await checkpoints(names)) >= 1);
          if (!stopped) {
            stopped = true;
            committedBefore = await checkpoints(names);
            await s3.stop();
          }
        }
        return healthy.open(key, options);
      },
    };
    const pool = await openPool('pdm-fault-s3stop');
    let error: { code?: string } | null;
    try {
      error = await processPull({ ...common(pool.db, names), store }).then(
        () => null,
        (e: unknown) => e as { code?: string },
      );
    } finally {
      if (stopped) await s3.start();
    }
    expect(stopped).toBe(true);
    expect(error?.code).toBe('object_store_error');
    const row = await pullRow(admin.db, names.pullSchema, pullId);
    expect(row.status).toBe('failed');
    const rerun = await expectRerunEqualsClean(names, store, 's3stop');
    expect(rerun.resumed).toBeGreaterThanOrEqual(1);
    figures.s3Stopped = {
      filesCommittedBeforeStop: committedBefore,
      filesResumedByRerun: rerun.resumed,
      outcome: `${row.status} (${row.last_error?.code}), rerun processed`,
      rowsCompared: rerun.rows,
    };
  }, 90_000);

  it('Places in a 429 storm: practices end failed, nothing is lost; after the storm a reprocess matches them and changes nothing else', async () => {
    const names = await newSchemas('infra_places');
    // Google knows every practice of the pull, by name and city.
    const { rows: practices } = await sql<{
      source_id: string;
      name: string;
      city: string | null;
      address_line: string | null;
      latitude: number | null;
      longitude: number | null;
    }>`SELECT source_id, name, city, address_line, latitude, longitude
         FROM ${sql.table(`${reference.schema}.practices`)} ORDER BY source_id`.execute(admin.db);
    const places: KnownPlace[] = practices.map((p) => ({
      placeId: `place-${p.source_id}`,
      name: `${p.name} ${p.city ?? ''}`.trim(),
      formattedAddress: [p.address_line, p.city].filter(Boolean).join(', '),
      lat: p.latitude ?? 28.6,
      lng: p.longitude ?? 77.2,
    }));
    const server = await startPlacesTestServer({ places });
    closers.push(() => server.close());
    const enricher = () =>
      createPlacesEnricher({
        apiKey: 'fault-suite-key',
        baseUrl: server.url,
        maxRetries: 2,
        retryBaseMs: 1,
        retryMaxMs: 5,
        requestsPerSecond: 1000,
      });
    const pool = await openPool('pdm-fault-places');

    server.setMode('over_query_limit');
    const storm = await processPull({ ...common(pool.db, names), store: local, enrichers: [enricher()] });
    const stormCalls = server.calls.total;
    expect(storm.status).toBe('processed');
    expect(reconcileProblems(storm.summary)).toEqual([]);
    expect(storm.summary.records).toMatchObject(generated.expected.records);
    const statuses = async () =>
      Object.fromEntries(
        (
          await sql<{ enrichment_status: string; n: number }>`
            SELECT enrichment_status, count(*)::int AS n FROM ${sql.table(`${names.schema}.practices`)}
             GROUP BY 1 ORDER BY 1`.execute(admin.db)
        ).rows.map((r) => [r.enrichment_status, r.n]),
      );
    expect(await statuses()).toEqual({ failed: practices.length });
    // Nothing lost: the same rows as the clean run, practices but for their enrichment.
    const compared = await compareRuns(admin.db, reference.schema, names.schema);
    for (const table of ['practitioners', 'providers', 'quarantine'] as const)
      expect(compared.actual[table]).toBe(compared.expected[table]);
    const enrichment = [
      'enrichment_status',
      'google_place_id',
      'place_details',
      'enrichment_evidence',
      'geo_source',
      'latitude',
      'longitude',
    ];
    const practicesBut = async (schema: string) =>
      (
        await tableHashes(admin.db, schema, ['practices'], {
          exclude: ['raw', 'content_hash', ...enrichment],
        })
      ).practices!.md5;
    expect(await practicesBut(names.schema)).toBe(await practicesBut(reference.schema));
    const before = await tableHashes(admin.db, names.schema, ['practitioners', 'providers', 'quarantine']);

    server.setMode('ok');
    server.resetCalls();
    const after = await processPull({
      ...common(pool.db, names),
      store: local,
      enrichers: [enricher()],
      reprocess: true,
    });
    expect(after.status).toBe('processed');
    expect(reconcileProblems(after.summary)).toEqual([]);
    const afterStatuses = await statuses();
    expect(afterStatuses.failed ?? 0).toBe(0);
    expect(afterStatuses.matched ?? 0).toBeGreaterThan(0);
    // Every practice changed: from failed to matched (or, for a name Google does not tell apart, no_match).
    expect(after.summary.entities.practice.updated).toBe(practices.length);
    for (const entity of ['practitioner', 'provider'] as const) {
      expect(after.summary.entities[entity]).toMatchObject({ inserted: 0, updated: 0 });
    }
    expect(await tableHashes(admin.db, names.schema, ['practitioners', 'providers', 'quarantine'])).toEqual(
      before,
    );
    expect(await practicesBut(names.schema)).toBe(await practicesBut(reference.schema));
    figures.placesStorm = {
      practices: practices.length,
      callsDuringStorm: stormCalls,
      failedDuringStorm: practices.length,
      afterStorm: afterStatuses,
      callsAfterStorm: server.calls.total,
      recordsLost: 0,
    };
  }, 90_000);

  // The last step: every file is checkpointed, and the backends are terminated
  // while the sink finishes the pull, between two statements of its
  // transaction (no statement in flight: the client itself gets the error
  // event, which once ended the process). The worker must live, record the
  // pull failed through a fresh connection, free it, and a rerun finish it.
  it('PostgreSQL backends terminated while the pull is finished: the pull is recorded failed and freed, a rerun finishes it', async () => {
    const names = await newSchemas('infra_fincut');
    const applicationName = `pdm-fault-fincut-${randomBytes(3).toString('hex')}`;
    const rawPool = new pg.Pool({
      connectionString: DATABASE_URL!,
      application_name: applicationName,
      max: 4,
    });
    const handle = databaseFromPool(rawPool);
    closers.push(() => handle.close());
    let terminated = 0;
    let checkpointedBefore = 0;
    let pendingBefore = 0;
    let armed = true;
    const finishing = new Set<unknown>();
    // Pauses the finish right after its first statement on pull_finishes has answered.
    const pause: KyselyPlugin = {
      transformQuery(args) {
        if (armed && JSON.stringify(args.node).includes('"pull_finishes"')) finishing.add(args.queryId);
        return args.node;
      },
      async transformResult(args) {
        if (!armed || !finishing.has(args.queryId)) return args.result;
        armed = false;
        ({ checkpoints: checkpointedBefore, pending: pendingBefore } = await leftovers(
          admin.db,
          names.schema,
          pullId,
        ));
        const { rows } = await sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE application_name = ${applicationName} AND pid <> pg_backend_pid()`.execute(admin.db);
        terminated = rows.length;
        await sleep(300); // the clients see their sockets close
        return args.result;
      },
    };
    const sink = createPostgresSink(handle.db.withPlugin(pause), { ...names, pool: rawPool });
    const error = await processPull({ ...common(handle.db, names), sink, store: local }).then(
      () => null,
      (e: unknown) => e as { code?: string; message?: string },
    );
    expect(armed).toBe(false);
    expect(terminated).toBeGreaterThan(0);
    expect(checkpointedBefore).toBe(generated.expected.files);
    expect(error?.code).toBe('sink_error');
    expect(error?.message).toContain(`could not finish pull ${pullId}`);
    const row = await pullRow(admin.db, names.pullSchema, pullId);
    expect(row.status).toBe('failed');
    expect(row.last_error?.code).toBe('sink_error');
    expect(row.lease_expires_at).toBeNull();
    // The finish rolled back whole: the pending providers wait for the rerun.
    expect(await leftovers(admin.db, names.schema, pullId)).toEqual({
      pending: pendingBefore,
      checkpoints: generated.expected.files,
    });

    const rerun = await expectRerunEqualsClean(names, local, 'fincut');
    expect(rerun.resumed).toBe(generated.expected.files);
    figures.finishCut = {
      backendsTerminated: terminated,
      filesCheckpointed: checkpointedBefore,
      pendingProviders: pendingBefore,
      outcome: `${row.status} (${row.last_error?.code}), lease freed, rerun processed`,
      filesResumedByRerun: rerun.resumed,
      rowsCompared: rerun.rows,
    };
  }, 90_000);

  // A worker that dies after the sink's finishPull committed (providers
  // merged, pending providers deleted) but before the pull row is finished
  // leaves the pull `processing`; the run that takes it over calls finishPull
  // again, which answers what the first call did, so the summary reconciles.
  it('a worker that dies between finishing the sink and recording the outcome: the takeover summary reconciles', async () => {
    const names = await newSchemas('infra_finish');
    const pool = await openPool('pdm-fault-finish');
    const real = createPostgresPullStore(pool.db, names);
    const dying: PullStore = {
      ...real,
      finish: async () => {
        throw new Error('the worker died');
      },
    };
    await expect(processPull({ ...common(pool.db, names), pullStore: dying, store: local })).rejects.toThrow(
      'the worker died',
    );
    const stuck = await pullRow(admin.db, names.pullSchema, pullId);
    expect(stuck.status).toBe('processing');
    await sleep(LEASE_MS + 200);
    const result = await processPull({ ...common(pool.db, names), store: local });
    expect(result.status).toBe('processed');
    const compared = await compareRuns(admin.db, reference.schema, names.schema);
    expect(compared.actual).toEqual(compared.expected);
    figures.finishTwice = {
      tablesEqualCleanRun: true,
      summaryReconciles: reconcileProblems(result.summary).length === 0,
      providerCounts: result.summary.entities.provider,
    };
    expect(reconcileProblems(result.summary)).toEqual([]);
    expect(result.summary.quarantineByReason).toEqual(generated.expected.quarantineByReason);
  }, 60_000);
});
