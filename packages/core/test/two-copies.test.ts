// Two copies of core in one process, as in a user's tree where a plugin has
// its own nested copy: the built dist, copied to two folders, each loaded by
// Node on its own path. Errors built by one copy are recognized by the other,
// and a plugin on one copy run by the other's pipeline has its bad file
// quarantined rather than its pull failed. Needs a build (`npm test` builds).
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Core from '../src/index.js';
import type * as CoreTesting from '../src/testing/index.js';
import { ACME_PREFIX, acme, acmeLines } from './acme-plugin.js';

const packageDir = dirname(dirname(fileURLToPath(import.meta.url)));
const dist = join(packageDir, 'dist');
// Inside the package's node_modules, so that each copy resolves core's dependencies as the original does.
const copies = join(packageDir, 'node_modules', `.two-copies-${process.pid}`);

interface Copy {
  core: typeof Core;
  testing: typeof CoreTesting;
}

async function loadCopy(name: string): Promise<Copy> {
  const dir = join(copies, name);
  cpSync(dist, dir, { recursive: true });
  const core = (await import(pathToFileURL(join(dir, 'index.js')).href)) as typeof Core;
  const testing = (await import(pathToFileURL(join(dir, 'testing', 'index.js')).href)) as typeof CoreTesting;
  return { core, testing };
}

describe('two copies of core', () => {
  let a: Copy;
  let b: Copy;

  beforeAll(async () => {
    if (!existsSync(join(dist, 'index.js'))) throw new Error(`build core first: ${dist} is missing`);
    mkdirSync(copies, { recursive: true });
    a = await loadCopy('a');
    b = await loadCopy('b');
  });
  afterAll(() => rmSync(copies, { recursive: true, force: true }));

  it('are distinct module instances', () => {
    expect(a.core.FileDataError).not.toBe(b.core.FileDataError);
    expect(new a.core.FileDataError('truncated_file', 'cut off')).not.toBeInstanceOf(b.core.FileDataError);
  });

  it("recognize each other's errors by their brand", () => {
    const dataError = new a.core.FileDataError('truncated_file', 'cut off');
    expect(b.core.FileDataError.is(dataError)).toBe(true);
    expect(b.core.PdmError.is(dataError)).toBe(true);
    expect(b.core.isProviderDataError(dataError)).toBe(true);
    expect(b.core.isDataError(dataError)).toBe(true);
    expect(b.core.SinkError.is(dataError)).toBe(false);

    const inProgress = new a.core.PullInProgressError('00000000-0000-4000-8000-000000000001');
    expect(b.core.PullInProgressError.is(inProgress)).toBe(true);
    expect(b.core.PullAlreadyProcessedError.is(inProgress)).toBe(false);
    expect(b.core.isDataError(inProgress)).toBe(false);
    expect(inProgress.code).toBe('pull_in_progress');
  });

  it('do not take a look-alike for one of their errors', () => {
    const lookAlike = Object.assign(new Error('cut off'), { code: 'file_data_error', name: 'FileDataError' });
    expect(b.core.PdmError.is(lookAlike)).toBe(false);
    expect(b.core.isDataError(lookAlike)).toBe(false);
    expect(b.core.PdmError.is(null)).toBe(false);
    expect(b.core.PdmError.is('file_data_error')).toBe(false);
  });

  it("quarantine a bad file of a plugin on another copy, and the pull's records still load", async () => {
    // The acme plugin is built on core's sources: a third copy, neither a nor b.
    const store = b.testing.createMemoryObjectStore({
      [`${ACME_PREFIX}A.ndjson`]: acmeLines(10),
      [`${ACME_PREFIX}B.ndjson`]: `${acmeLines(4, 10)}#truncated\n`,
    });
    const { summary } = await b.testing.runPlugin({
      plugin: acme as unknown as Parameters<typeof b.testing.runPlugin>[0]['plugin'],
      store,
    });
    expect(summary.files.failed).toEqual([
      expect.objectContaining({ key: `${ACME_PREFIX}B.ndjson`, reason: 'truncated_file' }),
    ]);
    expect(summary.records).toEqual({ read: 14, loaded: 14, quarantined: 0 });
    expect(summary.reconciled).toBe(true);
  });
});
