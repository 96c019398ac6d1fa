import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { type S3TestServer, startS3TestServer } from '@provider-data/core/testing';
import { generateFortisPull } from '@provider-data/plugin-fortis/testing';
import { registerPull } from '@provider-data/sink-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResponseBody } from '../src/response.js';
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
  } catch {
    console.info('no unzip on PATH: testing dist/handler.mjs as bundled, not as unzipped');
    await copyFile(path.join(lambdaDir, 'dist/handler.mjs'), path.join(unpacked, 'handler.mjs'));
  }
});

afterAll(async () => {
  if (unpacked) await rm(unpacked, { recursive: true, force: true });
});

describe('the packaged function (dist/lambda.zip)', () => {
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
    let workDir: string;

    beforeAll(async () => {
      if (!realDatabase) {
        console.info(
          'PDM_TEST_DATABASE_URL is not set: the bundled function is not run against PostgreSQL (skipped)',
        );
        return;
      }
      workDir = await mkdtemp(path.join(tmpdir(), 'pdm-lambda-bundle-'));
      [connection, s3] = await Promise.all([openTestConnection('the bundle test'), startS3TestServer()]);
    });

    afterAll(async () => {
      await connection?.close();
      await s3?.close();
      if (workDir) await rm(workDir, { recursive: true, force: true });
    });

    it.skipIf(!realDatabase)('processes a generated Fortis pull (200), then answers 409', async () => {
      const fortis = await generateFortisPull({ seed: 3, doctors: 60, cities: 2, target: { dir: workDir } });
      await uploadFolder(s3, workDir);
      const database = await createScenario(connection, 'bundle');
      try {
        const pull = await registerPull(
          database.handle.db,
          { healthSystem: 'fortis', pullTimestamp: fortis.pullTimestamp, dataType: 'full' },
          { pullSchema: database.names.pullSchema },
        );
        const event = { pull_id: pull.pullId, action: 'process_data' };
        const { responses, stdout } = await invokeBundle(
          {
            ...database.env,
            PDM_DEFAULT_BUCKET: s3.bucket,
            PDM_S3_ENDPOINT: s3.endpoint,
            PDM_S3_FORCE_PATH_STYLE: 'true',
            AWS_REGION: 'us-east-1',
            AWS_ACCESS_KEY_ID: 'S3RVER',
            AWS_SECRET_ACCESS_KEY: 'S3RVER',
          },
          [event, event],
        );
        expect(responses.map((r) => r.statusCode)).toEqual([200, 409]);
        expect(responses[0]?.body.summary?.enrichment['places.skipped']).toBeGreaterThan(0);
        expect(await canonicalRows(database, 'fortis')).toEqual(fortis.expected.rows);
        expect((await pullRow(database, pull.pullId)).status).toBe('processed');
        expect(stdout).not.toContain(DB_PASSWORD);
      } finally {
        await database.drop();
      }
    });
  });
});
