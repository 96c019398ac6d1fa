import './cjs-require.js';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PullSummary } from '@provider-data/core';
import { type S3TestServer, startS3TestServer } from '@provider-data/core/testing';
import {
  type KnownPlace,
  type PlacesTestServer,
  startPlacesTestServer,
} from '@provider-data/enricher-places/testing';
import { type GeneratedApolloPull, generateApolloPull } from '@provider-data/plugin-apollo/testing';
import { registerPull } from '@provider-data/sink-postgres';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLambdaApp, type LambdaApp } from '../src/handler.js';
import type { LambdaResponse, ResponseBody } from '../src/response.js';
import {
  canonicalRows,
  captureLines,
  createScenario,
  lambdaContext,
  openTestConnection,
  pullRow,
  quarantineByReason,
  type TestConnection,
  type TestDatabase,
  uploadFolder,
} from './support.js';

const PLACES_KEY = 'AIza-apollo-test-key-Lw93';

let connection: TestConnection;
let database: TestDatabase;
let s3: S3TestServer;
let places: PlacesTestServer;
let apollo: GeneratedApolloPull;
let app: LambdaApp;
let workDir: string;
const logs = captureLines();
const savedEnv = { ...process.env };

type Answer = LambdaResponse & { body: ResponseBody & { summary: PullSummary } };

/** Google knows every generated hospital, by its name, at its own coordinates. */
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
      known.push({
        placeId: `gp-${hospitalId}`,
        name,
        formattedAddress: `${addressLine ?? ''}, ${city ?? ''}, India`,
        lat: location.lat,
        lng: location.lng,
      });
    }
  }
  return known;
}

beforeAll(async () => {
  process.env.AWS_ACCESS_KEY_ID = 'S3RVER';
  process.env.AWS_SECRET_ACCESS_KEY = 'S3RVER';
  workDir = await mkdtemp(path.join(tmpdir(), 'pdm-lambda-apollo-'));
  [connection, s3] = await Promise.all([openTestConnection('the Lambda Apollo test'), startS3TestServer()]);
  apollo = await generateApolloPull({
    seed: 29,
    doctors: 200,
    cities: 3,
    dirt: 0.05,
    target: { dir: workDir },
  });
  await uploadFolder(s3, workDir);
  places = await startPlacesTestServer({ places: await knownHospitals(workDir) });
  database = await createScenario(connection, 'apollo');
  app = createLambdaApp(
    {
      ...database.env,
      PDM_DEFAULT_BUCKET: s3.bucket,
      PDM_S3_ENDPOINT: s3.endpoint,
      PDM_S3_FORCE_PATH_STYLE: 'true',
      AWS_REGION: 'us-east-1',
      PDM_PLACES_API_KEY: PLACES_KEY,
      PDM_PLACES_BASE_URL: places.url,
    },
    { logDestination: logs, database: database.inject },
  );
});

afterAll(async () => {
  await app?.close();
  await database?.drop().catch(() => {});
  await connection?.close();
  await s3?.close();
  await places?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
  process.env = savedEnv;
});

it('processes a generated Apollo pull end to end, then answers 409 to a second invocation', async () => {
  const pull = await registerPull(
    database.handle.db,
    { healthSystem: 'apollo', pullTimestamp: apollo.pullTimestamp, dataType: 'full' },
    { pullSchema: database.names.pullSchema },
  );
  const event = { pull_id: pull.pullId, action: 'process_data' };

  const response = (await app.handler(event, lambdaContext())) as Answer;
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

  const again = (await app.handler(event, lambdaContext())) as Answer;
  expect(again.statusCode).toBe(409);
  expect(again.body.code).toBe('pull_already_processed');
  expect((await pullRow(database, pull.pullId)).status).toBe('processed');

  const everything = [JSON.stringify(response), JSON.stringify(again), ...logs.lines].join('\n');
  expect(everything).not.toContain(PLACES_KEY);
  const claimed = logs.lines.map((line) => JSON.parse(line)).find((line) => line.message === 'pull claimed');
  expect(claimed).toMatchObject({
    pullId: pull.pullId,
    healthSystem: 'apollo',
    awsRequestId: expect.any(String),
  });
});
