import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDatabase } from '@provider-data/sink-postgres';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/run.js';
import { TEST_DATABASE_URL } from './pdm.js';

// `pdm export fhir` in this process (the code the binary runs), against
// PostgreSQL when the tests have one, else a PGlite folder.

let work: string;
let db: string[];
const schema = `pdm_fhir_cli_${process.pid}_${Date.now().toString(36)}`;

async function pdm(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await run(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: {},
    cwd: work,
  });
  return { code, stdout, stderr };
}

let pullId: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'pdm-export-'));
  db = TEST_DATABASE_URL
    ? ['--database', TEST_DATABASE_URL, '--schema', schema, '--pull-schema', schema]
    : ['--database', path.join(work, 'db')];
  const generated = await pdm([
    'generate',
    '--system',
    'apollo',
    '--doctors',
    '40',
    '--cities',
    '2',
    '--out',
    'pulls',
    '--json',
  ]);
  expect(generated.code).toBe(0);
  const { pullTimestamp } = JSON.parse(generated.stdout);
  const registered = await pdm([
    'register',
    '--system',
    'apollo',
    '--timestamp',
    pullTimestamp,
    '--type',
    'full',
    ...db,
    '--json',
  ]);
  pullId = JSON.parse(registered.stdout).pullId;
  const processed = await pdm(['process', pullId, '--store', 'pulls', ...db, '--json']);
  expect(processed.code).toBe(0);
}, 300_000);

afterAll(async () => {
  if (TEST_DATABASE_URL) {
    const handle = await createDatabase(TEST_DATABASE_URL);
    await sql`DROP SCHEMA IF EXISTS ${sql.id(schema)} CASCADE`.execute(handle.db);
    await handle.close();
  }
  await rm(work, { recursive: true, force: true });
});

describe('pdm export fhir', () => {
  it('writes NDJSON per resource type and a manifest, and says what it wrote', async () => {
    const { code, stdout, stderr } = await pdm(['export', 'fhir', '--out', 'fhir', ...db]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Exported [\d,]+ FHIR resources \(a full export\) to fhir in /);
    const files = (await readdir(path.join(work, 'fhir'))).sort();
    expect(files).toEqual([
      'CodeSystem.ndjson',
      'Location.ndjson',
      'Organization.ndjson',
      'Practitioner.ndjson',
      'PractitionerRole.ndjson',
      'manifest.json',
    ]);
    const manifest = JSON.parse(await readFile(path.join(work, 'fhir/manifest.json'), 'utf8'));
    for (const file of manifest.output) {
      const lines = (await readFile(path.join(work, 'fhir', file.url), 'utf8')).trim().split('\n');
      expect(lines).toHaveLength(file.count);
      expect(stdout).toContain(file.url);
    }
  });

  it('--json prints the result; --since the pull itself exports nothing changed after it', async () => {
    const { code, stdout } = await pdm([
      'export',
      'fhir',
      '--out',
      'since',
      '--since',
      pullId,
      ...db,
      '--json',
    ]);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.since.pullId).toBe(pullId);
    // Only the CodeSystem: no row changed after the pull finished.
    expect(result.counts).toEqual({
      CodeSystem: 1,
      Organization: 0,
      Location: 0,
      Practitioner: 0,
      PractitionerRole: 0,
    });
  });

  it('--bundle writes transaction Bundles', async () => {
    const { code, stdout } = await pdm([
      'export',
      'fhir',
      '--out',
      'bundles',
      '--bundle',
      '--bundle-size',
      '50',
      ...db,
      '--json',
    ]);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.files.length).toBeGreaterThan(1);
    const first = JSON.parse(await readFile(path.join(work, 'bundles', result.files[0].url), 'utf8'));
    expect(first).toMatchObject({ resourceType: 'Bundle', type: 'transaction' });
    expect(first.entry).toHaveLength(50);
  });

  it('an unknown --since pull exits 3; a pull not processed exits 2, naming its status', async () => {
    const unknown = await pdm([
      'export',
      'fhir',
      '--out',
      'x',
      '--since',
      'f3e51f05-6517-4099-b216-d7850fd6a418',
      ...db,
    ]);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain('data pull f3e51f05-6517-4099-b216-d7850fd6a418 was not found');
    const pending = await pdm([
      'register',
      '--system',
      'apollo',
      '--timestamp',
      '20261201T000000Z',
      '--type',
      'full',
      ...db,
      '--json',
    ]);
    const pendingId = JSON.parse(pending.stdout).pullId;
    const notDone = await pdm(['export', 'fhir', '--out', 'x', '--since', pendingId, ...db]);
    expect(notDone.code).toBe(2);
    expect(notDone.stderr).toContain(`data pull ${pendingId} is pending, not processed`);
  });

  it.each([
    [['export'], 'pdm: a format is required: pdm export fhir --out DIR'],
    [['export', 'csv', '--out', 'x'], 'pdm: unknown export format "csv"; the only one is fhir'],
    [['export', 'fhir'], 'pdm: --out is required'],
    [['export', 'fhir', '--out', 'x', '--since', 'yesterday'], 'pdm: --since must be a pull id (a UUID)'],
    [
      ['export', 'fhir', '--out', 'x', '--system', 'Apollo Hospitals'],
      'pdm: --system must be a registry key',
    ],
    [['export', 'fhir', '--out', 'x', '--bundle-size', '0'], 'pdm: --bundle-size must be a positive integer'],
  ])('usage error %j exits 2 before opening anything', async (args, message) => {
    const { code, stderr } = await pdm(args);
    expect(code).toBe(2);
    expect(stderr.startsWith(message)).toBe(true);
  });
});
