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
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLambdaApp, type LambdaApp } from '../src/handler.js';
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

let connection: TestConnection;
let s3: S3TestServer;
let places: PlacesTestServer;
let fortis: GeneratedFortisPull;
let apollo: GeneratedApolloPull;
let workDir: string;
const logs = captureLines();
const responses: LambdaResponse[] = [];
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
      'unknown action "delete_everything"; supported: process_data, process_files, finalize',
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

describe('configuration and infrastructure', () => {
  it('refuses a bad configuration naming the variables, never a secret', () => {
    expect(() => createLambdaApp({})).toThrow(/PDM_DATABASE_URL is required/);
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

  it('leaves the database alone with PDM_MIGRATE=false', async () => {
    const schema = `lambda_unmigrated_${Date.now()}`;
    const app = createLambdaApp(
      {
        PDM_DATABASE_URL: connection.url,
        PDM_DB_SCHEMA: schema,
        PDM_PULL_SCHEMA: schema,
        PDM_MIGRATE: 'false',
      },
      { logDestination: logs, database: connection.inject },
    );
    try {
      const response = await app.handler(processData(randomUUID()), lambdaContext());
      responses.push(response);
      // No data_pulls table in a schema nobody migrated: the lookup fails, nothing is created.
      expect(response.statusCode).toBe(500);
      expect(response.body).toMatchObject({ code: 'sink_error' });
      const created = await connection.handle.db.introspection.getSchemas();
      expect(created.map((s) => s.name)).not.toContain(schema);
    } finally {
      await app.close();
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
    const everything = [...responses.map((r) => JSON.stringify(r)), ...logs.lines].join('\n');
    expect(everything).not.toContain(DB_PASSWORD);
    expect(everything).not.toContain(PLACES_KEY);
    for (const response of responses) expect(JSON.stringify(response)).not.toMatch(/\\n\s+at |\.ts:\d+/);
  });

  it('logs JSON lines with the request id, and the pull id and health system on every line of a pull', () => {
    const lines = logs.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const ofPulls = lines.filter((line) => typeof line.pullId === 'string');
    expect(ofPulls.length).toBeGreaterThan(20);
    for (const line of lines.filter((l) => l.message !== 'configuration loaded')) {
      expect(line.awsRequestId).toEqual(expect.any(String));
    }
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
});
