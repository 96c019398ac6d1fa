// The packages as a user gets them: `npm pack` of each, installed from the
// tarballs into a throwaway project outside the repository, with a second,
// nested copy of core under the Apollo plugin (what npm does when the
// plugin's range and the app's core disagree). A pull of a generated Apollo
// delivery, with its bad records and broken files, is run by the app's core
// through the plugin on its own core: the bad data is quarantined, the pull
// processed. Needs the packages built (`npm run test:packed` builds first).
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PACKAGES = readdirSync(path.join(ROOT, 'packages')).filter((name) =>
  existsSync(path.join(ROOT, 'packages', name, 'package.json')),
);

interface PackedFile {
  path: string;
}
interface Packed {
  name: string;
  filename: string;
  files: PackedFile[];
}

function run(command: string, args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { cwd, timeout: 600_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${command} ${args.join(' ')} failed: ${error.message}\n${stderr}`));
        else resolve(stdout);
      },
    );
  });
}

const APP_SCRIPT = `
import { mkdirSync } from 'node:fs';
import { createRegistry, createLocalObjectStore, processPull } from '@provider-data/core';
import * as appCore from '@provider-data/core';
import { actualPullOutcome, createMemoryPullStore, createMemorySink, testPull } from '@provider-data/core/testing';
import { apolloPlugin } from '@provider-data/plugin-apollo';
import { generateApolloPull } from '@provider-data/plugin-apollo/testing';
import * as nestedCore from './node_modules/@provider-data/plugin-apollo/node_modules/@provider-data/core/dist/index.js';

const dir = 'pulls';
mkdirSync(dir, { recursive: true });
const generated = await generateApolloPull({ seed: 17, doctors: 60, cities: 3, dirt: 0.2, target: { dir } });
const pullId = '3f0e8c52-6d1a-4b7e-9c2f-5a4d3e2b1c0f';
const pullStore = createMemoryPullStore([
  testPull({ pullId, healthSystem: 'apollo', pullTimestamp: generated.pullTimestamp }),
]);
const sink = createMemorySink({ pullStore });
const result = await processPull({
  pullId,
  registry: createRegistry().register(apolloPlugin),
  pullStore,
  sink,
  store: createLocalObjectStore(dir),
});
console.log(JSON.stringify({
  twoCopies: nestedCore.FileDataError !== appCore.FileDataError,
  status: result.status,
  reconciled: result.summary.reconciled,
  failedFiles: result.summary.files.failed.map((f) => f.reason),
  actual: actualPullOutcome(result.summary, sink),
  expected: generated.expected,
}));
`;

const REQUIRE_SCRIPT = `
const core = require('@provider-data/core');
const sink = require('@provider-data/sink-postgres');
const apollo = require('@provider-data/plugin-apollo');
console.log(JSON.stringify({
  core: typeof core.processPull,
  sink: typeof sink.createDatabase,
  apollo: typeof apollo.apolloPlugin,
  brand: core.PdmError.is(new core.FileDataError('truncated_file', 'cut off')),
}));
`;

describe('the packed packages, installed', () => {
  let work: string;
  let app: string;
  const packed = new Map<string, Packed>();

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'pdm-packed-'));
    const tarballs = path.join(work, 'tarballs');
    mkdirSync(tarballs);
    for (const name of PACKAGES) {
      const out = await run(
        'npm',
        ['pack', '--json', '--pack-destination', tarballs],
        path.join(ROOT, 'packages', name),
      );
      const [info] = JSON.parse(out) as Packed[];
      packed.set(name, info!);
    }
    app = path.join(work, 'app');
    mkdirSync(app);
    const tarball = (name: string) => `file:${path.join(tarballs, packed.get(name)!.filename)}`;
    writeFileSync(
      path.join(app, 'package.json'),
      JSON.stringify({
        name: 'pdm-packed-app',
        private: true,
        type: 'module',
        dependencies: {
          '@provider-data/core': tarball('core'),
          '@provider-data/plugin-apollo': tarball('plugin-apollo'),
          '@provider-data/sink-postgres': tarball('sink-postgres'),
          kysely: '~0.28.19',
          zod: '^4.6.7',
        },
      }),
    );
    await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], app);
    // The plugin's own copy of core, nested under it, as npm lays out a second version.
    const core = path.join(app, 'node_modules/@provider-data/core');
    cpSync(
      core,
      path.join(app, 'node_modules/@provider-data/plugin-apollo/node_modules/@provider-data/core'),
      {
        recursive: true,
      },
    );
    writeFileSync(path.join(app, 'pull.mjs'), APP_SCRIPT);
    writeFileSync(path.join(app, 'require.cjs'), REQUIRE_SCRIPT);
  }, 900_000);

  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('ship a LICENSE, and nothing test-only', () => {
    for (const [name, info] of packed) {
      const files = info.files.map((f) => f.path);
      expect(files, name).toContain('LICENSE');
      expect(files, name).toContain('README.md');
      const testOnly = files.filter((f) =>
        /(^|\/)(test|fixtures|__fixtures__)\/|\.test\.ts$|\.cases\.ts$|(^|\/)test-support\.ts$/.test(f),
      );
      expect(testOnly, name).toEqual([]);
    }
  });

  it('declare core as a peer, never a dependency, outside core and the CLI', () => {
    for (const name of PACKAGES) {
      const manifest = JSON.parse(readFileSync(path.join(ROOT, 'packages', name, 'package.json'), 'utf8'));
      if (name === 'core' || name === 'cli') continue;
      expect(manifest.dependencies?.['@provider-data/core'], name).toBeUndefined();
      expect(manifest.peerDependencies?.['@provider-data/core'], name).toBeDefined();
    }
  });

  it('run a pull with a plugin on its own copy of core: bad data quarantined, the pull processed', async () => {
    const outcome = JSON.parse(await run(process.execPath, ['pull.mjs'], app));
    expect(outcome.twoCopies).toBe(true);
    expect(outcome.status).toBe('processed');
    expect(outcome.reconciled).toBe(true);
    expect(outcome.expected.failedFiles).toBeGreaterThan(0);
    expect(outcome.expected.records.quarantined).toBeGreaterThan(0);
    expect(outcome.actual).toEqual(outcome.expected);
  });

  it('load with require()', async () => {
    const loaded = JSON.parse(await run(process.execPath, ['require.cjs'], app));
    expect(loaded).toEqual({ core: 'function', sink: 'function', apollo: 'object', brand: true });
  });
});
