import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cityArea } from '@provider-data/core';
import {
  type KnownPlace,
  type PlacesTestServer,
  startPlacesTestServer,
} from '@provider-data/enricher-places/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BIN, dropSchema, ensureBuilt, pdm, TEST_DATABASE_URL } from './pdm.js';

// Places enrichment through `pdm process` as an operator sees it: in a pipe,
// with --json, and in a terminal (a pty made by `script`), against a local
// server speaking both Places APIs. The server runs in this process, the CLI
// in a child: the server's counters say what the CLI sent.
const KEY = 'AIzaCliPlacesKeyThatMustNotLeak';
const hasScript = (() => {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

interface ApolloHospital {
  name: string;
  addressLine?: string | null;
  area?: string | null;
  city: string;
  state?: string | null;
  pincode?: string | number | null;
  location?: { lat: number; lng: number } | null;
}

/** The generated pull's hospitals, as Google would know them. */
async function knownPlaces(dir: string): Promise<KnownPlace[]> {
  const places: KnownPlace[] = [];
  for (const file of (await readdir(dir)).filter((name) => name.endsWith('.json'))) {
    const { hospitals } = JSON.parse(
      (await readFile(path.join(dir, file), 'utf8')).replace(/^\uFEFF/, ''),
    ) as {
      hospitals: ApolloHospital[];
    };
    for (const [i, h] of hospitals.entries()) {
      const area = cityArea(h.city)!;
      const pin = String(h.pincode ?? '').replace(/\s/g, '');
      places.push({
        placeId: `cli-${file}-${i}`,
        name: h.name,
        formattedAddress: [h.addressLine, h.area, area.city, `${h.state ?? ''} ${pin}`.trim(), 'India']
          .filter(Boolean)
          .join(', '),
        lat: h.location?.lat ?? area.lat,
        lng: h.location?.lng ?? area.lng,
        website: 'https://hospital.example',
        internationalPhoneNumber: '+91 44 2829 3333',
      });
    }
  }
  return places;
}

describe('pdm process with Places enrichment', () => {
  let work: string;
  let server: PlacesTestServer;
  let db: string[];
  let timestamp: string;
  let cleanup = async () => {};

  beforeAll(async () => {
    await ensureBuilt();
    work = await mkdtemp(path.join(tmpdir(), 'pdm-places-'));
    const gen = await pdm(
      [
        'generate',
        '--system',
        'apollo',
        '--doctors',
        '20',
        '--cities',
        '2',
        '--seed',
        '11',
        '--out',
        'pulls',
        '--json',
      ],
      { cwd: work },
    );
    expect(gen.code).toBe(0);
    timestamp = JSON.parse(gen.stdout).pullTimestamp;
    const cityFiles = path.join(work, 'pulls', 'apollo', 'datapulls', timestamp, 'by_city');
    server = await startPlacesTestServer({ places: await knownPlaces(cityFiles), echoKeyInErrors: true });
    if (TEST_DATABASE_URL) {
      const schema = `pdm_cli_places_${process.pid}_${Date.now().toString(36)}`;
      db = ['--database', TEST_DATABASE_URL, '--schema', schema, '--pull-schema', schema];
      cleanup = () => dropSchema(TEST_DATABASE_URL!, schema);
    } else {
      db = ['--database', path.join(work, 'db')];
    }
  }, 600_000);

  afterAll(async () => {
    await Promise.all([server?.close(), cleanup()]);
    await rm(work, { recursive: true, force: true });
  });

  beforeEach(() => {
    server.setMode('ok');
    server.resetCalls();
  });

  const register = async () => {
    const reg = await pdm(
      ['register', '--system', 'apollo', '--timestamp', timestamp, '--type', 'full', ...db],
      {
        cwd: work,
      },
    );
    expect(reg.code).toBe(0);
    return reg.stdout.trim();
  };
  const processArgs = (pullId: string, ...more: string[]) => [
    'process',
    pullId,
    '--store',
    'pulls',
    ...db,
    ...more,
  ];
  const env = { PDM_PLACES_API_KEY: KEY };

  // Failures first: they cache nothing, so each later run still calls the server.
  it('in a pipe: a 404 URL stops after one call, with a plain error line; the summary shows every count', async () => {
    const pullId = await register();
    const run = await pdm(processArgs(pullId, '--places-url', `${server.url}/not-places`), {
      cwd: work,
      env,
    });

    expect(run.code).toBe(0);
    expect(server.calls.total).toBe(1);
    expect(run.stderr).toContain(
      `error places: the Places service at ${server.url}/not-places answered HTTP 404 that is not the Places API (New)`,
    );
    expect(run.stderr).toContain('no further Places calls in this pull');
    expect(run.stderr).not.toContain('\x1b[');
    expect(run.stdout).toMatch(
      /enrichment {4}places {2}requested (\d+) · matched 0 · no match 0 · failed \1 · skipped 0 · fresh 0 · calls 1 · retries 0 · cache hits 0 · would call 0/,
    );
    for (const text of [run.stdout, run.stderr]) expect(text).not.toContain(KEY);
  });

  it('with --json: log lines are JSON on stderr, the result one JSON document on stdout', async () => {
    server.setMode('request_denied');
    const pullId = await register();
    const run = await pdm(processArgs(pullId, '--places-url', server.url, '--json'), { cwd: work, env });

    expect(run.code).toBe(0);
    expect(server.calls.total).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ pullId, status: 'processed' });
    const lines = run.stderr
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 'error',
        enricher: 'places',
        code: 'places_request_denied',
        msg: expect.stringContaining('HTTP 403 PERMISSION_DENIED'),
      }),
    );
    for (const text of [run.stdout, run.stderr]) expect(text).not.toContain(KEY);
  });

  it.skipIf(!hasScript)(
    'in a terminal: the error line is coloured and clears the progress line first',
    async () => {
      server.setMode('request_denied');
      const pullId = await register();
      const command = [
        process.execPath,
        BIN,
        ...processArgs(pullId, '--places-api', 'legacy', '--places-url', server.url),
      ]
        .map((arg) => `'${arg.replace(/'/g, `'\\''`)}'`)
        .join(' ');
      const { PDM_DATABASE_URL: _, ...parent } = process.env;
      const output = await new Promise<string>((resolve, reject) => {
        execFile(
          'script',
          ['-q', '-e', '-c', command, '/dev/null'],
          { cwd: work, env: { ...parent, ...env, COLUMNS: '120' }, timeout: 120_000 },
          (error, stdout) => (error ? reject(error) : resolve(stdout)),
        );
      });

      expect(server.calls.total).toBe(1);
      // `\r\x1b[K` clears the progress line; the level is red.
      expect(output).toMatch(
        /\r\x1b\[K\x1b\[31merror\x1b\[0m places: Places answered HTTP 403 REQUEST_DENIED/,
      );
      expect(output).toMatch(/apollo · \d+\/\d+ files/); // the progress line, on the terminal
      expect(output).toMatch(/enrichment {4}places {2}requested \d+ · matched 0/);
      expect(output).not.toContain(KEY);
    },
  );

  it('given the bare host: calls reach the API, Place Details on by option, and --verbose shows debug lines', async () => {
    const pullId = await register();
    const run = await pdm(processArgs(pullId, '--places-url', server.url, '--places-details', '--verbose'), {
      cwd: work,
      env,
    });

    expect(run.code).toBe(0);
    expect(server.calls.byEndpoint).toMatchObject({ other: 0, findplacefromtext: 0 });
    expect(server.calls.byEndpoint.searchText).toBeGreaterThan(0);
    expect(server.calls.byEndpoint.placeDetails).toBeGreaterThan(0);
    expect(run.stderr).toMatch(/^debug places: Places enrichment of a batch done/m);
    expect(run.stderr).toMatch(/^info {2}pdm: pull finished/m);
    const [, matched] =
      /places {2}requested \d+ · matched (\d+) · no match \d+ · failed 0/.exec(run.stdout) ?? [];
    expect(Number(matched)).toBeGreaterThan(0);
  });

  it('--places-api legacy with the full service path speaks the legacy API', async () => {
    const pullId = await register();
    const run = await pdm(processArgs(pullId, '--places-api', 'legacy', '--places-url', server.legacyUrl), {
      cwd: work,
      env,
    });

    expect(run.code).toBe(0);
    expect(run.stderr).not.toMatch(/^(warn|error)/m);
    expect(server.calls.byEndpoint).toMatchObject({ other: 0, searchText: 0 });
    expect(server.calls.byEndpoint.findplacefromtext).toBeGreaterThan(0);
    expect(run.stdout).toMatch(/places {2}requested \d+ · matched [1-9]\d* · no match \d+ · failed 0/);
  });
});
