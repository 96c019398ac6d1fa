import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type S3TestServer, startS3TestServer } from '@provider-data/core/testing';
import { type PlacesTestServer, startPlacesTestServer } from '@provider-data/enricher-places/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropSchema, ensureBuilt, pdm, TEST_DATABASE_URL } from './pdm.js';

// The outside services through the CLI's options: a pull in an S3-compatible
// server (s3rver on loopback, through the real AWS SDK) and Places enrichment
// against a local server speaking the Places web-service API.
describe('pdm process with --store s3:// and a Places key', () => {
  const KEY = 'AIzaTestKeyThatMustNotLeak';
  let work: string;
  let s3: S3TestServer;
  let places: PlacesTestServer;
  let db: string[];
  let cleanup = async () => {};
  const env = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1' };

  beforeAll(async () => {
    await ensureBuilt();
    work = await mkdtemp(path.join(tmpdir(), 'pdm-services-'));
    [s3, places] = await Promise.all([
      startS3TestServer({ bucket: 'provider-pulls' }),
      startPlacesTestServer({ places: [], echoKeyInErrors: true }),
    ]);
    if (TEST_DATABASE_URL) {
      const url = TEST_DATABASE_URL;
      const schema = `pdm_cli_services_${process.pid}_${Date.now().toString(36)}`;
      db = ['--database', url, '--schema', schema, '--pull-schema', schema];
      cleanup = () => dropSchema(url, schema);
    } else {
      db = ['--database', path.join(work, 'db')];
    }
  }, 600_000);

  afterAll(async () => {
    await Promise.all([s3?.close(), places?.close(), cleanup()]);
    await rm(work, { recursive: true, force: true });
  });

  it('reads the pull from S3, calls Places with the key, and never prints the key', async () => {
    const gen = await pdm(
      [
        'generate',
        '--system',
        'fortis',
        '--doctors',
        '30',
        '--cities',
        '2',
        '--seed',
        '3',
        '--out',
        'pulls',
        '--json',
      ],
      { cwd: work },
    );
    expect(gen.code).toBe(0);
    const generated = JSON.parse(gen.stdout);
    for (const key of generated.keys as string[]) await s3.putFile(key, path.join(work, 'pulls', key));

    const reg = await pdm(
      ['register', '--system', 'fortis', '--timestamp', generated.pullTimestamp, '--type', 'full', ...db],
      { cwd: work },
    );
    expect(reg.code).toBe(0);
    const pullId = reg.stdout.trim();

    const run = await pdm(
      ['process', pullId, '--store', 's3://provider-pulls', '--s3-endpoint', s3.endpoint, ...db],
      { cwd: work, env: { ...env, PDM_PLACES_API_KEY: KEY, PDM_PLACES_BASE_URL: places.url } },
    );
    expect(run.stderr).not.toMatch(/^pdm: /m);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`fortis full pull ${pullId}`);
    expect(run.stdout).toMatch(new RegExp(`read ${generated.expected.records.read} = loaded`));
    expect(run.stdout).toMatch(
      /enrichment {4}places {2}requested \d+ · matched \d+ · no match \d+ · failed \d+/,
    );
    expect(run.stdout).not.toContain('Places enrichment is off');
    expect(places.calls.total).toBeGreaterThan(0);
    expect(places.requests.every((request) => request.hadKey)).toBe(true);
    for (const text of [run.stdout, run.stderr]) expect(text).not.toContain(KEY);
  });
});
