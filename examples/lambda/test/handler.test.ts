import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, type PullSummary } from '@provider-data/core';
import { type S3TestServer, startS3TestServer } from '@provider-data/core/testing';
import {
  type KnownPlace,
  type PlacesTestServer,
  startPlacesTestServer,
} from '@provider-data/enricher-places/testing';
import { type GeneratedApolloPull, generateApolloPull } from '@provider-data/plugin-apollo/testing';
import { type GeneratedFortisPull, generateFortisPull } from '@provider-data/plugin-fortis/testing';
import { createPostgresPullStore, registerPull } from '@provider-data/sink-postgres';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { configFailure, createLambdaApp, type LambdaApp } from '../src/app.js';
import { InvocationFailedError } from '../src/invocation.js';
import type { FileProgress, LambdaResponse, ResponseBody } from '../src/response.js';
import {
  cachedAnswers,
  canonicalRows,
  captureLines,
  createScenario,
  DB_PASSWORD,
  lambdaContext,
  openTestConnection,
  pullRow,
  quarantineByReason,
  type TestConnection,
  type TestDatabase,
  uploadFolder,
} from './support.js';

const PLACES_KEY = 'AIza-test-places-key-7Hq2';
const TRACE_ID = '1-67f0a1b2-5d8c3e9f0a1b2c3d4e5f6a7b';

let connection: TestConnection;
let s3: S3TestServer;
let places: PlacesTestServer;
let fortis: GeneratedFortisPull;
let apollo: GeneratedApolloPull;
let workDir: string;
const logs = captureLines();
const responses: LambdaResponse[] = [];
const thrown: unknown[] = [];
const opened: { app: LambdaApp; database: TestDatabase }[] = [];
const savedEnv = { ...process.env };

/** A container of the function over a scenario's schemas. */
function container(database: TestDatabase, extra: Record<string, string> = {}) {
  const app = createLambdaApp(
    {
      ...database.env,
      PDM_DEFAULT_BUCKET: s3.bucket,
      PDM_S3_ENDPOINT: s3.endpoint,
      PDM_S3_FORCE_PATH_STYLE: 'true',
      AWS_REGION: 'us-east-1',
      PDM_PLACES_API_KEY: PLACES_KEY,
      PDM_PLACES_BASE_URL: places.url,
      PDM_LOG_LEVEL: 'debug',
      PDM_BATCH_SIZE: '500',
      ...extra,
    },
    { logDestination: logs, database: database.inject },
  );
  opened.push({ app, database });
  const invoke = async (event: unknown, context = lambdaContext()) => {
    const response = await app.handler(event, context);
    responses.push(response);
    return response as LambdaResponse & {
      body: ResponseBody & { summary: PullSummary; filesProcessed: number; progress: FileProgress };
    };
  };
  return { app, invoke };
}

/** A handler over fresh schemas, as a new container would be. */
async function scenario(label: string, extra: Record<string, string> = {}) {
  const database = await createScenario(connection, label);
  const { app, invoke } = container(database, extra);
  const register = (healthSystem = 'fortis', pullTimestamp = fortis.pullTimestamp) =>
    registerPull(
      database.handle.db,
      { healthSystem, pullTimestamp, dataType: 'full' },
      { pullSchema: database.names.pullSchema },
    );
  return { app, database, invoke, register };
}

const processData = (pullId: string) => ({ pull_id: pullId, action: 'process_data' });
const processFiles = (pullId: string) => ({ pull_id: pullId, action: 'process_files' });
const finalize = (pullId: string) => ({ pull_id: pullId, action: 'finalize' });

/** The database and the stored summary after a complete run of the generated Fortis pull. */
async function expectFortisLoaded(database: TestDatabase, pullId: string, summary: PullSummary) {
  const { expected } = fortis;
  expect(await canonicalRows(database, 'fortis')).toEqual(expected.rows);
  expect(await quarantineByReason(database, pullId)).toEqual(expected.quarantineByReason);
  expect(summary.records).toMatchObject(expected.records);
  expect(summary.files.total).toBe(expected.files);
  expect(summary.files.failed).toHaveLength(expected.failedFiles);
  expect(summary.reconciled).toBe(true);
  const row = await pullRow(database, pullId);
  expect(row.status).toBe('processed');
  expect(row.stats).toEqual(JSON.parse(JSON.stringify(summary)));
}

/** Google knows every generated Apollo hospital, by its name, at its own coordinates. */
async function knownHospitals(dir: string): Promise<KnownPlace[]> {
  const known: KnownPlace[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.json') || entry.name.startsWith('_')) continue;
    let document: { hospitals?: unknown };
    try {
      document = JSON.parse(await readFile(path.join(entry.parentPath, entry.name), 'utf8'));
    } catch {
      continue; // a deliberately broken file
    }
    for (const hospital of Array.isArray(document.hospitals) ? document.hospitals : []) {
      const { hospitalId, name, addressLine, city, location } = hospital ?? {};
      if (
        typeof name !== 'string' ||
        typeof location?.lat !== 'number' ||
        typeof location?.lng !== 'number'
      ) {
        continue;
      }
      const formattedAddress = `${addressLine ?? ''}, ${city ?? ''}, India`;
      known.push({
        placeId: `gp-${hospitalId}`,
        name,
        formattedAddress,
        lat: location.lat,
        lng: location.lng,
      });
    }
  }
  return known;
}

beforeAll(async () => {
  // The SDK's default credential chain reads these, as it reads a role's in Lambda.
  process.env.AWS_ACCESS_KEY_ID = 'S3RVER';
  process.env.AWS_SECRET_ACCESS_KEY = 'S3RVER';
  // Lambda sets the X-Ray trace of each invocation here; Powertools writes it on every line.
  process.env._X_AMZN_TRACE_ID = `Root=${TRACE_ID};Parent=53995c3f42cd8ad8;Sampled=1`;
  workDir = await mkdtemp(path.join(tmpdir(), 'pdm-lambda-'));
  const generated = Promise.all([
    generateFortisPull({ seed: 41, doctors: 200, cities: 3, dirt: 0.05, target: { dir: workDir } }),
    generateApolloPull({ seed: 29, doctors: 200, cities: 3, dirt: 0.05, target: { dir: workDir } }),
  ]);
  [connection, s3, [fortis, apollo]] = await Promise.all([
    openTestConnection('the Lambda handler tests'),
    startS3TestServer(),
    generated,
  ]);
  places = await startPlacesTestServer({ places: await knownHospitals(workDir), echoKeyInErrors: true });
  await uploadFolder(s3, workDir);
});

afterAll(async () => {
  for (const { app, database } of opened) {
    await app.close();
    await database.drop().catch(() => {});
  }
  await connection?.close();
  await s3?.close();
  await places?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
  process.env = savedEnv;
});

describe('bad requests', () => {
  let requests: Awaited<ReturnType<typeof scenario>>;
  beforeAll(async () => {
    requests = await scenario('requests');
  });

  it('answers 400 to a malformed event', async () => {
    const { invoke } = requests;
    for (const event of [null, 'process_data', [], {}, { pull_id: randomUUID() }, { action: 42 }]) {
      const response = await invoke(event);
      expect(response.statusCode).toBe(400);
      expect(response.body.message).toMatch(/event|action/);
    }
    expect((await invoke({ action: 'process_data' })).body.message).toBe(
      'pull_id is required and must be a string',
    );
  });

  it('answers 400 to a pull id that is not a UUID', async () => {
    const { invoke } = requests;
    const response = await invoke(processData('not-a-uuid'));
    expect(response).toEqual({
      statusCode: 400,
      body: { message: 'pull_id must be a UUID, got "not-a-uuid"', code: 'invalid_request' },
    });
  });

  it('answers 400 to an unknown action, naming the supported ones', async () => {
    const { invoke } = requests;
    const response = await invoke({ pull_id: randomUUID(), action: 'delete_everything' });
    expect(response.statusCode).toBe(400);
    expect(response.body.message).toBe(
      'unknown action "delete_everything"; supported: process_data, process_files, finalize, migrate',
    );
  });

  it('answers 404 to a pull that is not in data_pulls', async () => {
    const { invoke } = requests;
    const pullId = randomUUID();
    const response = await invoke(processData(pullId));
    expect(response.statusCode).toBe(404);
    expect(response.body).toEqual({
      message: `[pull-store] data pull ${pullId} was not found`,
      code: 'pull_not_found',
    });
  });

  it('accepts the event as an API Gateway body and answers with a JSON string', async () => {
    const { invoke } = requests;
    const pullId = randomUUID();
    const response = await invoke({
      body: Buffer.from(JSON.stringify(processData(pullId))).toString('base64'),
      isBase64Encoded: true,
      headers: {},
    });
    expect(response.statusCode).toBe(404);
    expect(response.headers).toEqual({ 'content-type': 'application/json' });
    expect(JSON.parse(response.body as unknown as string)).toMatchObject({ code: 'pull_not_found' });
    const notJson = await invoke({ body: '{"pull_id": ' });
    expect(notJson.statusCode).toBe(400);
    expect(JSON.parse(notJson.body as unknown as string).message).toBe('the request body is not JSON');
  });

  it('answers 500 naming the registered plugins for an unknown health system, and leaves the pull pending', async () => {
    const { invoke, register, database } = requests;
    const pull = await register('max-healthcare');
    const response = await invoke(processData(pull.pullId));
    expect(response.statusCode).toBe(500);
    expect(response.body.code).toBe('unknown_health_system');
    expect(response.body.message).toContain('registered: apollo, fortis');
    expect((await pullRow(database, pull.pullId)).status).toBe('pending');
  });
});

describe('an Apollo pull', () => {
  it('is processed end to end with Places matches (200), then answers 409 to a second invocation', async () => {
    const { invoke, register, database } = await scenario('apollo');
    const pull = await register('apollo', apollo.pullTimestamp);
    const response = await invoke(processData(pull.pullId));
    expect(response.statusCode).toBe(200);
    expect(response.body.message).toBe('Data processed successfully');
    const { summary } = response.body;
    const { expected } = apollo;
    expect(summary.healthSystem).toBe('apollo');
    expect(summary.files.total).toBe(expected.files);
    expect(summary.files.failed).toHaveLength(expected.failedFiles);
    expect(summary.records).toMatchObject(expected.records);
    expect(summary.reconciled).toBe(true);
    expect(await canonicalRows(database, 'apollo')).toEqual(expected.rows);
    expect(await quarantineByReason(database, pull.pullId)).toEqual(expected.quarantineByReason);
    const row = await pullRow(database, pull.pullId);
    expect(row.status).toBe('processed');
    expect(row.stats).toEqual(JSON.parse(JSON.stringify(summary)));

    // Practices were matched to their places by the Places test server.
    expect(summary.enrichment['places.matched']).toBeGreaterThan(0);
    const placed = await database.handle.db
      .withSchema(database.names.schema)
      .selectFrom('practices')
      .select('google_place_id')
      .where('google_place_id', 'is not', null)
      .execute();
    expect(placed.length).toBe(summary.enrichment['places.matched']);

    const again = await invoke(processData(pull.pullId));
    expect(again.statusCode).toBe(409);
    expect(again.body.code).toBe('pull_already_processed');
    expect((await pullRow(database, pull.pullId)).status).toBe('processed');
  });
});

describe('a Fortis pull', () => {
  it('is processed (200), then answers 409 already processed, and reprocesses from the Places cache', async () => {
    const { invoke, register, database } = await scenario('fortis');
    const pull = await register();
    const response = await invoke(processData(pull.pullId));
    expect(response.statusCode).toBe(200);
    expect(response.body.message).toBe('Data processed successfully');
    await expectFortisLoaded(database, pull.pullId, response.body.summary);
    // The Places enricher ran against the test server and kept its answers in the database.
    expect(response.body.summary.enrichment['places.calls']).toBeGreaterThan(0);
    expect(places.requests.every((r) => r.hadKey)).toBe(true);
    expect(await cachedAnswers(database)).toBeGreaterThan(0);

    const again = await invoke(processData(pull.pullId));
    expect(again.statusCode).toBe(409);
    expect(again.body.code).toBe('pull_already_processed');

    const rerun = await invoke({ ...processData(pull.pullId), reprocess: true });
    expect(rerun.statusCode).toBe(200);
    expect(rerun.body.summary.entities.practitioner.inserted).toBe(0);
    expect(rerun.body.summary.enrichment['places.calls']).toBe(0);
    expect(await canonicalRows(database, 'fortis')).toEqual(fortis.expected.rows);
  });

  it('answers 409 while another worker holds the pull', async () => {
    const { invoke, register, database } = await scenario('claimed');
    const pull = await register();
    const other = createPostgresPullStore(database.handle.db, { pullSchema: database.names.pullSchema });
    const claim = await other.claim(pull.pullId, { workerId: 'another-lambda', leaseMs: 60_000 });
    const response = await invoke(processData(pull.pullId));
    expect(response.statusCode).toBe(409);
    expect(response.body.code).toBe('pull_in_progress');
    await other.release(claim);
    expect((await pullRow(database, pull.pullId)).status).toBe('pending');
  });

  it('stops after a file when time runs short (202), and the next invocation finishes it (200)', async () => {
    const { invoke, register, database } = await scenario('time');
    const pull = await register();
    // Plenty of time before the first file, then less than the 60 s reserve.
    let asked = 0;
    const shortOfTime = lambdaContext(() => (++asked <= 1 ? 900_000 : 20_000));
    // A refused key on the way, from a server that repeats the key in its errors.
    places.setMode('request_denied');
    const first = await invoke(processData(pull.pullId), shortOfTime);
    places.setMode('ok');
    expect(first.statusCode).toBe(202);
    expect(first.body.message).toBe('Partially processed; invoke again to continue');
    expect(first.body.summary.files.processed).toBe(1);
    expect(first.body.summary.files.total).toBe(fortis.expected.files);
    expect((await pullRow(database, pull.pullId)).status).toBe('pending');

    const second = await invoke(processData(pull.pullId));
    expect(second.statusCode).toBe(200);
    expect(second.body.summary.files.resumed).toBe(1);
    expect(second.body.summary.files.processed).toBe(fortis.expected.files - 1);
    await expectFortisLoaded(database, pull.pullId, second.body.summary);
  });

  it('fails (500) while S3 is unreachable, and a rerun succeeds once it is back', async () => {
    const { invoke, register, database } = await scenario('s3');
    const pull = await register();
    await s3.stop();
    let failed: Awaited<ReturnType<typeof invoke>>;
    try {
      failed = await invoke(processData(pull.pullId));
    } finally {
      await s3.start();
    }
    expect(failed.statusCode).toBe(500);
    expect(failed.body.code).toBe('object_store_error');
    expect(failed.body.message).toMatch(/could not (list|read) s3:\/\//);
    const row = await pullRow(database, pull.pullId);
    expect(row.status).toBe('failed');
    expect(row.last_error).toMatchObject({ code: 'object_store_error' });

    const rerun = await invoke(processData(pull.pullId));
    expect(rerun.statusCode).toBe(200);
    await expectFortisLoaded(database, pull.pullId, rerun.body.summary);
  });
});

describe('a Fortis pull fanned out over several workers', () => {
  it("takes each file's lease from PDM_LEASE_MS", async () => {
    const { invoke, register, database } = await scenario('lease', { PDM_LEASE_MS: '12000' });
    const pull = await register();
    let asked = 0;
    const before = Date.now();
    const one = await invoke(
      processFiles(pull.pullId),
      lambdaContext(() => (++asked <= 1 ? 900_000 : 20_000)),
    );
    expect(one.body.filesProcessed).toBe(1);
    const [file] = await database.handle.db
      .withSchema(database.names.schema)
      .selectFrom('pull_files')
      .select(['lease_expires_at'])
      .where('pull_id', '=', pull.pullId)
      .where('lease_expires_at', 'is not', null)
      .execute();
    // The last renewal of the file's 12 s lease, not the default 5 minutes.
    const ms = new Date(file!.lease_expires_at!).getTime() - before;
    expect(ms).toBeGreaterThan(10_000);
    expect(ms).toBeLessThan(60_000);
  });

  it('shares the files between process_files workers, refuses to finalize early (409), then finalizes once (200, then 409)', async () => {
    const { invoke, register, database } = await scenario('fanout');
    const pull = await register();
    const total = fortis.expected.files;
    expect(total).toBeGreaterThan(2);

    // A worker short of time after its first file: the others are left for the rest.
    let asked = 0;
    const shortOfTime = lambdaContext(() => (++asked <= 1 ? 900_000 : 20_000));
    const first = await invoke(processFiles(pull.pullId), shortOfTime);
    expect(first.statusCode).toBe(200);
    expect(first.body).toEqual({
      message: 'Files processed',
      filesProcessed: 1,
      progress: { total, done: 1, leased: 0 },
    });

    const early = await invoke(finalize(pull.pullId));
    expect(early.statusCode).toBe(409);
    expect(early.body).toEqual({
      message: `[finish] data pull ${pull.pullId} has ${total - 1} of ${total} files left`,
      code: 'pull_incomplete',
    });
    expect(await canonicalRows(database, 'fortis')).not.toEqual(fortis.expected.rows);

    // Three more workers at once, each in a container of its own, as Lambda runs them.
    const workers = [invoke, container(database).invoke, container(database).invoke];
    const answers = await Promise.all(workers.map((run) => run(processFiles(pull.pullId))));
    for (const answer of answers) {
      expect(answer.statusCode).toBe(200);
      expect(answer.body.message).toBe('Files processed');
    }
    // Every file processed exactly once, by one worker or another.
    expect(1 + answers.reduce((sum, a) => sum + a.body.filesProcessed, 0)).toBe(total);
    const last = await invoke(processFiles(pull.pullId));
    expect(last.body).toMatchObject({ filesProcessed: 0, progress: { total, done: total, leased: 0 } });

    const done = await invoke(finalize(pull.pullId));
    expect(done.statusCode).toBe(200);
    expect(done.body.message).toBe('Data processed successfully');
    expect(done.body.summary.files.processed).toBe(total);
    await expectFortisLoaded(database, pull.pullId, done.body.summary);

    const again = await invoke(finalize(pull.pullId));
    expect(again.statusCode).toBe(409);
    expect(again.body.code).toBe('pull_already_processed');
    expect(await canonicalRows(database, 'fortis')).toEqual(fortis.expected.rows);
  });

  it('answers 400 to a fan-out event without a UUID, and 404 to an unknown pull', async () => {
    const { invoke } = await scenario('fanout_requests');
    const bad = await invoke({ action: 'process_files', pull_id: 'nope' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body.message).toBe('pull_id must be a UUID, got "nope"');
    for (const event of [processFiles(randomUUID()), finalize(randomUUID())]) {
      const response = await invoke(event);
      expect(response.statusCode).toBe(404);
      expect(response.body.code).toBe('pull_not_found');
    }
  });
});

describe('asynchronous invocations (Event)', () => {
  /** Invokes as Lambda would asynchronously: a thrown error is what Lambda retries and records. */
  async function invokeAsync(app: LambdaApp, event: unknown, context = lambdaContext()) {
    try {
      const response = await app.handler(event, context);
      responses.push(response);
      return { response: response as LambdaResponse & { body: ResponseBody }, error: undefined };
    } catch (error) {
      thrown.push(error);
      return { response: undefined, error: error as InvocationFailedError };
    }
  }

  it('throws what did not settle, so that Lambda retries it, and returns what did', async () => {
    const { app, register, database } = await scenario('async', { PDM_INVOCATION_TYPE: 'Event' });
    const missing = randomUUID();
    const notFound = await invokeAsync(app, processData(missing));
    expect(notFound.error).toBeInstanceOf(InvocationFailedError);
    expect(notFound.error).toMatchObject({
      name: 'pull_not_found',
      statusCode: 404,
      message: `404 pull_not_found: [pull-store] data pull ${missing} was not found`,
    });
    expect(notFound.error?.stack).toBe(`pull_not_found: ${notFound.error?.message}`);
    expect((await invokeAsync(app, { action: 'process_data' })).error).toMatchObject({
      name: 'invalid_request',
    });

    // Out of time after one file: thrown, so that Lambda's retry continues the pull.
    const pull = await register();
    let asked = 0;
    const shortOfTime = lambdaContext(() => (++asked <= 1 ? 900_000 : 20_000));
    const paused = await invokeAsync(app, processData(pull.pullId), shortOfTime);
    expect(paused.error).toMatchObject({ name: 'pull_incomplete', statusCode: 202 });
    expect((await pullRow(database, pull.pullId)).status).toBe('pending');
    const retried = await invokeAsync(app, processData(pull.pullId));
    expect(retried.error).toBeUndefined();
    expect(retried.response?.statusCode).toBe(200);
    await expectFortisLoaded(database, pull.pullId, retried.response!.body.summary!);
    // A second delivery of the same event: done already, nothing to retry.
    const duplicate = await invokeAsync(app, processData(pull.pullId));
    expect(duplicate.response?.body.code).toBe('pull_already_processed');
  });

  it('answers a caller that waits even when the function defaults to Event: HTTP, or invocation_type RequestResponse', async () => {
    const { app, register, database } = await scenario('async_sync', { PDM_INVOCATION_TYPE: 'Event' });
    const overHttp = await invokeAsync(app, { body: JSON.stringify(processData(randomUUID())) });
    expect(overHttp.response?.statusCode).toBe(404);
    const said = await invokeAsync(app, { ...processData(randomUUID()), invocation_type: 'RequestResponse' });
    expect(said.response?.statusCode).toBe(404);

    const pull = await register();
    const other = createPostgresPullStore(database.handle.db, { pullSchema: database.names.pullSchema });
    const claim = await other.claim(pull.pullId, { workerId: 'another-lambda', leaseMs: 60_000 });
    const busy = await invokeAsync(app, processData(pull.pullId));
    expect(busy.error).toMatchObject({ name: 'pull_in_progress', statusCode: 409 });
    const busyWaiting = await invokeAsync(app, {
      ...processData(pull.pullId),
      invocation_type: 'RequestResponse',
    });
    expect(busyWaiting.response?.body.code).toBe('pull_in_progress');
    await other.release(claim);
  });

  it('throws a refused configuration for an Event invocation, and answers it with 500 otherwise', async () => {
    const error = new ConfigError('invalid Lambda configuration: PDM_BATCH_SIZE expected a whole number');
    const asyncFailure = configFailure(error, { PDM_INVOCATION_TYPE: 'Event' }, logs);
    await expect(asyncFailure(processData(randomUUID()), lambdaContext())).rejects.toMatchObject({
      name: 'invalid_config',
      statusCode: 500,
    });
    const syncFailure = configFailure(error, {}, logs);
    const answered = await syncFailure(processData(randomUUID()), lambdaContext());
    expect(answered).toEqual({ statusCode: 500, body: { code: 'invalid_config', message: error.message } });
  });
});

/** Identity's runs and the practitioners it has features of, in a scenario's schema. */
async function identityState(database: TestDatabase) {
  const db = database.handle.db.withSchema(database.names.schema) as unknown as Kysely<{
    identity_runs: {
      id: number;
      mode: string;
      pull_id: string | null;
      stats: { practitioners: { changed: number } };
    };
    identity_features: { practitioner_id: string };
  }>;
  const runs = await db
    .selectFrom('identity_runs')
    .select(['mode', 'pull_id', 'stats'])
    .orderBy('id')
    .execute();
  const features = await db
    .selectFrom('identity_features')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return {
    runs: runs.map((r) => ({ mode: r.mode, pullId: r.pull_id, changed: r.stats.practitioners.changed })),
    features: Number(features.n),
  };
}

/** The `pull processed` log line of a pull. */
const processedLine = (pullId: string) =>
  logs.lines
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .find((line) => line.message === 'pull processed' && line.pullId === pullId);

describe('identity after a pull', () => {
  it('links the practitioners of a processed pull when PDM_IDENTITY_AFTER_PULL=true, not before it is processed', async () => {
    const { invoke, register, database } = await scenario('identity_on', { PDM_IDENTITY_AFTER_PULL: 'true' });
    const pull = await register();
    let asked = 0;
    const shortOfTime = lambdaContext(() => (++asked <= 1 ? 900_000 : 20_000));
    const paused = await invoke(processData(pull.pullId), shortOfTime);
    expect(paused.statusCode).toBe(202);
    expect(await identityState(database)).toEqual({ runs: [], features: 0 });

    const done = await invoke(processData(pull.pullId));
    expect(done.statusCode).toBe(200);
    const practitioners = fortis.expected.rows.practitioner;
    expect(practitioners).toBeGreaterThan(0);
    // One incremental run for this pull, over every practitioner it inserted.
    expect(await identityState(database)).toEqual({
      runs: [{ mode: 'incremental', pullId: pull.pullId, changed: practitioners }],
      features: practitioners,
    });
    expect(processedLine(pull.pullId)?.identity).toMatchObject({ changed: practitioners });
  });

  it('leaves identity alone without PDM_IDENTITY_AFTER_PULL', async () => {
    const { invoke, register, database } = await scenario('identity_off');
    const pull = await register();
    const done = await invoke(processData(pull.pullId));
    expect(done.statusCode).toBe(200);
    expect(await canonicalRows(database, 'fortis')).toEqual(fortis.expected.rows);
    expect(await identityState(database)).toEqual({ runs: [], features: 0 });
    const line = processedLine(pull.pullId);
    expect(line).toBeDefined();
    expect(line).not.toHaveProperty('identity');
  });
});

describe('configuration and infrastructure', () => {
  it('refuses a bad configuration naming the variables, never a secret', () => {
    expect(() => createLambdaApp({})).toThrow(/PDM_DATABASE_URL or PDM_DATABASE_URL_SECRET is required/);
    let error: unknown;
    try {
      createLambdaApp({
        PDM_DATABASE_URL: `postgres://lambda:${DB_PASSWORD}@db.internal/providers`,
        PDM_PLACES_API_KEY: PLACES_KEY,
        PDM_BATCH_SIZE: 'lots',
        PDM_S3_FORCE_PATH_STYLE: 'sometimes',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('PDM_BATCH_SIZE expected a whole number');
    expect(message).toContain('PDM_S3_FORCE_PATH_STYLE expected true or false');
    expect(message).not.toContain(DB_PASSWORD);
    expect(message).not.toContain(PLACES_KEY);
  });

  it('leaves the database alone unless asked: no migration at cold start, the migrate action applies them once', async () => {
    const schema = `lambda_unmigrated_${Date.now()}`;
    const app = createLambdaApp(
      { PDM_DATABASE_URL: connection.url, PDM_DB_SCHEMA: schema, PDM_PULL_SCHEMA: `${schema}_pulls` },
      { logDestination: logs, database: connection.inject },
    );
    try {
      const response = await app.handler(processData(randomUUID()), lambdaContext());
      responses.push(response);
      // No data_pulls table in a schema nobody migrated: the lookup fails, nothing is created.
      expect(response.statusCode).toBe(500);
      expect(response.body).toMatchObject({ code: 'sink_error' });
      const before = await connection.handle.db.introspection.getSchemas();
      expect(before.map((s) => s.name)).not.toContain(schema);

      const migrated = await app.handler({ action: 'migrate' }, lambdaContext());
      responses.push(migrated);
      expect(migrated.statusCode).toBe(200);
      expect(migrated.body).toMatchObject({ message: 'Database migrated' });
      expect((migrated.body as ResponseBody).applied?.[0]).toMatch(/^0001_/);
      const again = await app.handler({ action: 'migrate' }, lambdaContext());
      expect(again.body).toEqual({ message: 'Database migrated', applied: [] });
      const found = await app.handler(processData(randomUUID()), lambdaContext());
      expect(found.statusCode).toBe(404);
    } finally {
      await app.close();
      for (const name of [schema, `${schema}_pulls`]) {
        await connection.handle.db.schema.dropSchema(name).ifExists().cascade().execute();
      }
    }
  });

  it('answers 500 without the password when the database is unreachable, and tries again next time', async () => {
    const app = createLambdaApp(
      {
        PDM_DATABASE_URL: `postgres://postgres:${DB_PASSWORD}@127.0.0.1:9/test?connect_timeout=2`,
        PDM_PLACES_API_KEY: PLACES_KEY,
      },
      { logDestination: logs },
    );
    try {
      for (let attempt = 0; attempt < 2; attempt++) {
        const response = await app.handler(processData(randomUUID()), lambdaContext());
        responses.push(response);
        expect(response.statusCode).toBe(500);
        expect(response.body).toMatchObject({ code: expect.any(String) });
      }
    } finally {
      await app.close();
    }
  });
});

describe('what leaves the function', () => {
  it('never carries a stack trace, the database password or the Places key', () => {
    expect(responses.length).toBeGreaterThan(15);
    expect(thrown.length).toBeGreaterThanOrEqual(4);
    const errors = thrown.map((e) => `${(e as Error).name} ${(e as Error).message} ${(e as Error).stack}`);
    const everything = [...responses.map((r) => JSON.stringify(r)), ...errors, ...logs.lines].join('\n');
    expect(everything).not.toContain(DB_PASSWORD);
    expect(everything).not.toContain(PLACES_KEY);
    for (const response of responses) expect(JSON.stringify(response)).not.toMatch(/\\n\s+at |\.ts:\d+/);
    for (const error of errors) expect(error).not.toMatch(/\n\s+at |\.ts:\d+/);
  });

  it('logs in the Powertools shape, each key once, with the pull id and health system on every line of a pull', () => {
    // YAML with unique keys is a JSON parser that refuses a key written twice.
    const lines = logs.lines.map((line) => parseYaml(line, { uniqueKeys: true }) as Record<string, unknown>);
    const logLines = lines.filter((line) => !('_aws' in line));
    // Lines written at cold start, before any invocation, carry no invocation's context.
    const atColdStart = ['configuration loaded', 'configuration refused'];
    const ofInvocations = logLines.filter((l) => !atColdStart.includes(String(l.message)));
    expect(ofInvocations.length).toBeGreaterThan(50);
    for (const line of ofInvocations) {
      expect(line).toMatchObject({
        level: expect.stringMatching(/^(DEBUG|INFO|WARN|ERROR|CRITICAL)$/),
        timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        service: 'provider-data-lambda',
        cold_start: expect.any(Boolean),
        function_name: 'provider-data-test',
        function_request_id: expect.any(String),
        function_arn: expect.stringContaining(':function:provider-data-test'),
        xray_trace_id: TRACE_ID,
      });
    }
    const ofPulls = logLines.filter((line) => typeof line.pullId === 'string');
    expect(ofPulls.length).toBeGreaterThan(20);
    const byCore = ofPulls.filter((line) =>
      ['pull claimed', 'file done', 'pull finished'].includes(String(line.message)),
    );
    expect(byCore.length).toBeGreaterThan(5);
    for (const line of byCore) expect(['apollo', 'fortis']).toContain(line.healthSystem);
    for (const system of ['apollo', 'fortis']) {
      expect(lines.some((line) => line.message === 'pull processed' && line.healthSystem === system)).toBe(
        true,
      );
    }
  });

  it("says cold_start: true on every line of a container's first invocation, and only there", async () => {
    const own = captureLines();
    const app = createLambdaApp({ PDM_DATABASE_URL: 'postgres://x@127.0.0.1:9/x' }, { logDestination: own });
    for (const event of [{}, { action: 'nope' }, { action: 'process_data' }]) {
      await app.handler(event, lambdaContext());
    }
    const lines = own.lines.map((line) => JSON.parse(line)).filter((l) => l.message === 'event refused');
    expect(lines.map((l) => l.cold_start)).toEqual([true, false, false]);
    await app.close();
  });

  it('writes EMF metrics per pull: files and time per invocation, records and quarantined once, when it finishes', () => {
    const emf = logs.lines.map((line) => JSON.parse(line)).filter((line) => '_aws' in line);
    const finished = emf.filter((line) => line.PullsProcessed === 1);
    const summaries = responses
      .map((r) => (typeof r.body === 'object' ? r.body : undefined))
      .filter((b) => b?.message === 'Data processed successfully' && b.summary)
      .map((b) => b!.summary!);
    expect(finished).toHaveLength(summaries.length);
    for (const summary of summaries) {
      const line = finished.find(
        (l) => l.pullId === summary.pullId && l.RecordsRead === summary.records.read,
      );
      expect(line).toMatchObject({
        service: 'provider-data-lambda',
        healthSystem: summary.healthSystem,
        RecordsLoaded: summary.records.loaded,
        RecordsQuarantined: summary.records.quarantined,
        FilesFailed: summary.files.failed.length,
      });
      expect(line._aws.CloudWatchMetrics[0]).toMatchObject({
        Namespace: 'ProviderData',
        Dimensions: [['service', 'healthSystem']],
      });
    }
    const workers = emf.filter((line) => line.action === 'process_files');
    expect(workers.length).toBeGreaterThan(3);
    for (const line of workers) expect(line).toMatchObject({ FilesProcessed: expect.any(Number) });
    expect(emf.every((line) => typeof line.ProcessingTime === 'number')).toBe(true);
    expect(emf.filter((line) => line.PullsFailed === 1).length).toBeGreaterThan(0);
  });
});
