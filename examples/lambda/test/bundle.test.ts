import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { discoverPlugins } from '@provider-data/core/discover';
import { type S3TestServer, startS3TestServer } from '@provider-data/core/testing';
import { type PlacesTestServer, startPlacesTestServer } from '@provider-data/enricher-places/testing';
import { generateFortisPull } from '@provider-data/plugin-fortis/testing';
import { registerPull } from '@provider-data/sink-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResponseBody } from '../src/response.js';
import { type AwsSecretsTestServer, startAwsSecretsServer } from './aws-secrets-server.js';
import {
  canonicalRows,
  createScenario,
  DB_PASSWORD,
  openTestConnection,
  pullRow,
  type TestConnection,
  uploadFolder,
} from './support.js';

const run = promisify(execFile);
const lambdaDir = path.resolve(import.meta.dirname, '..');
const realDatabase = process.env.PDM_TEST_DATABASE_URL;
let unpacked: string;
let zipEntries: string[];
const PLACES_KEY = 'AIza-bundle-test-key-5Xw';

/** Runs the unpacked bundle with Node alone, in a folder without node_modules, as Lambda would. */
async function invokeBundle(env: Record<string, string>, events: unknown[]) {
  const script = `
    const { handler } = await import('./handler.mjs');
    const results = [];
    for (const event of JSON.parse(process.env.EVENTS)) {
      results.push(await handler(event, { awsRequestId: 'bundle-test', getRemainingTimeInMillis: () => 900000 }));
    }
    process.stdout.write('\\nRESULTS ' + JSON.stringify(results) + '\\n');
    process.exit(0);
  `;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    cwd: unpacked,
    // Only what Lambda would set: no NODE_OPTIONS, no workspace resolution conditions.
    env: { PATH: process.env.PATH ?? '', EVENTS: JSON.stringify(events), ...env },
    timeout: 60_000,
    maxBuffer: 64 << 20,
  });
  const line = stdout.split('\n').find((l) => l.startsWith('RESULTS '));
  if (!line) throw new Error(`the bundle printed no results:\n${stdout}`);
  return {
    responses: JSON.parse(line.slice('RESULTS '.length)) as { statusCode: number; body: ResponseBody }[],
    stdout,
  };
}

beforeAll(async () => {
  await run(process.execPath, ['scripts/package.mjs'], { cwd: lambdaDir, timeout: 120_000 });
  unpacked = await mkdtemp(path.join(tmpdir(), 'pdm-lambda-zip-'));
  const zip = path.join(lambdaDir, 'dist/lambda.zip');
  expect((await stat(zip)).size).toBeGreaterThan(100_000);
  try {
    await run('unzip', ['-q', zip, '-d', unpacked]);
    zipEntries = (await readdir(unpacked)).sort();
  } catch {
    console.info('no unzip on PATH: testing dist/handler.mjs as bundled, not as unzipped');
    await copyFile(path.join(lambdaDir, 'dist/handler.mjs'), path.join(unpacked, 'handler.mjs'));
  }
});

afterAll(async () => {
  if (unpacked) await rm(unpacked, { recursive: true, force: true });
});

describe('the packaged function (dist/lambda.zip)', () => {
  it('holds the bundle alone, under 1 MB; its source map is beside the zip', async () => {
    if (zipEntries) expect(zipEntries).toEqual(['handler.mjs']);
    expect((await stat(path.join(lambdaDir, 'dist/lambda.zip'))).size).toBeLessThan(1 << 20);
    expect((await stat(path.join(lambdaDir, 'dist/handler.mjs.map'))).size).toBeGreaterThan(1 << 20);
  });

  it('loads with Node alone: 400 to a malformed event, 500 without the password when the database is down', async () => {
    const { responses, stdout } = await invokeBundle(
      { PDM_DATABASE_URL: `postgres://lambda:${DB_PASSWORD}@127.0.0.1:9/providers` },
      [
        { pull_id: 'f3e51f05-6517-4099-b216-d7850fd6a418' },
        { pull_id: 'f3e51f05-6517-4099-b216-d7850fd6a418', action: 'process_data' },
      ],
    );
    expect(responses[0]).toEqual({
      statusCode: 400,
      body: { message: 'action is required and must be a string', code: 'invalid_request' },
    });
    expect(responses[1]?.statusCode).toBe(500);
    expect(stdout).not.toContain(DB_PASSWORD);
  });

  it('does not carry PGlite: a non-postgres database URL is refused with a clear message', async () => {
    const { responses } = await invokeBundle({ PDM_DATABASE_URL: 'memory://' }, [
      { pull_id: 'f3e51f05-6517-4099-b216-d7850fd6a418', action: 'process_data' },
    ]);
    expect(responses[0]?.statusCode).toBe(500);
    expect(responses[0]?.body.message).toContain('PGlite is not included in the Lambda bundle');
  });

  describe('against PostgreSQL', () => {
    let connection: TestConnection;
    let s3: S3TestServer;
    let places: PlacesTestServer;
    let aws: AwsSecretsTestServer;
    let workDir: string;

    beforeAll(async () => {
      if (!realDatabase) {
        console.info(
          'PDM_TEST_DATABASE_URL is not set: the bundled function is not run against PostgreSQL (skipped)',
        );
        return;
      }
      workDir = await mkdtemp(path.join(tmpdir(), 'pdm-lambda-bundle-'));
      [connection, s3, places, aws] = await Promise.all([
        openTestConnection('the bundle test'),
        startS3TestServer(),
        startPlacesTestServer({ places: [] }),
        startAwsSecretsServer(),
      ]);
    });

    /** The environment that points the bundled function at the S3 test server. */
    const s3Env = () => ({
      PDM_DEFAULT_BUCKET: s3.bucket,
      PDM_S3_ENDPOINT: s3.endpoint,
      PDM_S3_FORCE_PATH_STYLE: 'true',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
    });

    afterAll(async () => {
      await connection?.close();
      await s3?.close();
      await places?.close();
      await aws?.close();
      if (workDir) await rm(workDir, { recursive: true, force: true });
    });

    it.skipIf(!realDatabase)(
      'processes a generated pull of every installed health system (its plugins found when it was built)',
      async () => {
        const installed = await discoverPlugins({ only: [] });
        expect(installed.length).toBeGreaterThanOrEqual(2);
        const database = await createScenario(connection, 'bundle_all');
        try {
          const events = [];
          const generated = [];
          for (const [i, { plugin, loadGenerator }] of installed.entries()) {
            const dir = path.join(workDir, `all-${plugin.key}`);
            const pull = await (await loadGenerator!())({
              seed: 40 + i,
              doctors: 40,
              cities: 2,
              dirt: 0.1,
              target: { dir },
            });
            await uploadFolder(s3, dir);
            const row = await registerPull(
              database.handle.db,
              { healthSystem: plugin.key, pullTimestamp: pull.pullTimestamp, dataType: 'full' },
              { pullSchema: database.names.pullSchema },
            );
            events.push({ pull_id: row.pullId, action: 'process_data' });
            generated.push({ key: plugin.key, expected: pull.expected });
          }
          const { responses } = await invokeBundle(
            {
              ...database.env,
              ...s3Env(),
            },
            events,
          );
          expect(responses.map((r) => r.statusCode)).toEqual(events.map(() => 200));
          for (const { key, expected } of generated)
            expect(await canonicalRows(database, key)).toEqual(expected.rows);
        } finally {
          await database.drop();
        }
      },
    );

    it.skipIf(!realDatabase)(
      'reads its secrets through the bundled SDK, processes a generated Fortis pull with Places (200), then answers 409',
      async () => {
        const fortis = await generateFortisPull({
          seed: 3,
          doctors: 60,
          cities: 2,
          target: { dir: workDir },
        });
        await uploadFolder(s3, workDir);
        const database = await createScenario(connection, 'bundle');
        try {
          const pull = await registerPull(
            database.handle.db,
            { healthSystem: 'fortis', pullTimestamp: fortis.pullTimestamp, dataType: 'full' },
            { pullSchema: database.names.pullSchema },
          );
          const event = { pull_id: pull.pullId, action: 'process_data' };
          const { PDM_DATABASE_URL: databaseUrl, ...env } = database.env;
          aws.secrets.set('bundle/database', databaseUrl!);
          aws.parameters.set('/bundle/places-key', PLACES_KEY);
          const { responses, stdout } = await invokeBundle(
            {
              ...env,
              PDM_DATABASE_URL_SECRET: 'bundle/database',
              PDM_PLACES_API_KEY_SECRET: 'ssm:/bundle/places-key',
              AWS_ENDPOINT_URL_SECRETS_MANAGER: aws.url,
              AWS_ENDPOINT_URL_SSM: aws.url,
              PDM_PLACES_BASE_URL: places.url,
              ...s3Env(),
            },
            [event, event],
          );
          expect(responses.map((r) => r.statusCode)).toEqual([200, 409]);
          // The bundled Google client asked the Places test server (which knows no place).
          expect(responses[0]?.body.summary?.enrichment['places.calls']).toBeGreaterThan(0);
          expect(places.requests.length).toBeGreaterThan(0);
          expect(places.requests.every((r) => r.hadKey)).toBe(true);
          expect(aws.requests.map((r) => r.target).sort()).toEqual([
            'AmazonSSM.GetParameter',
            'secretsmanager.GetSecretValue',
          ]);
          expect(await canonicalRows(database, 'fortis')).toEqual(fortis.expected.rows);
          expect((await pullRow(database, pull.pullId)).status).toBe('processed');
          expect(stdout).not.toContain(DB_PASSWORD);
          expect(stdout).not.toContain(PLACES_KEY);
        } finally {
          await database.drop();
        }
      },
    );
  });
});
