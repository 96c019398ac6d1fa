import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConfigError,
  createFileThreads,
  createLocalObjectStore,
  createRegistry,
  type FileThreads,
  LeaseLostError,
  type LeaseGuard,
  type Logger,
  PdmError,
  runPull,
} from '../src/index.js';
import { createMemorySink, testPull } from '../src/testing/index.js';
import { ACME_PREFIX, acme, acmeLines } from './acme-plugin.js';
import type { AcmeThreadData } from './fixtures/acme-thread-setup.js';

const setup = new URL('./fixtures/acme-thread-setup.ts', import.meta.url);
const pull = testPull({ healthSystem: 'acme' });
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'pdm-threads-'));
  await mkdir(path.join(dir, ACME_PREFIX), { recursive: true });
  const files: Record<string, string> = {
    'A.ndjson': acmeLines(10),
    'B.ndjson': `${acmeLines(10, 10)}not json\n${JSON.stringify({ id: 'X1' })}\n`,
    'C.ndjson': `${acmeLines(5, 20)}#truncated\n${acmeLines(5, 25)}`,
    'D.ndjson': acmeLines(10, 30),
  };
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, ACME_PREFIX, name), text);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A logger that keeps its lines. */
function keptLogger() {
  const lines: { level: string; fields: Record<string, unknown>; message?: string }[] = [];
  const at =
    (level: string) =>
    (fields: object, message?: string): void => {
      lines.push({ level, fields: fields as Record<string, unknown>, message });
    };
  const logger: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { lines, logger };
}

async function withThreads<T>(data: AcmeThreadData, run: (threads: FileThreads) => Promise<T>, size = 2) {
  const threads = createFileThreads({ setup, data, threads: size });
  try {
    return await run(threads);
  } finally {
    await threads.close();
  }
}

const runOptions = () => ({
  pull,
  healthSystem: createRegistry().register(acme).get('acme'),
  store: createLocalObjectStore(dir),
  sink: createMemorySink(),
  fileConcurrency: 3,
});

describe('createFileThreads', () => {
  it('runs every file in a worker thread, and the pull ends as in the calling thread', async () => {
    const here = await runPull(runOptions());
    const options = runOptions();
    const progress: number[] = [];
    const { lines, logger } = keptLogger();
    // One thread, so that one memory sink sees every file (test/integration/file-threads.test.ts runs
    // two threads into one PostgreSQL database).
    const threaded = await withThreads(
      { dir },
      (fileRunner) =>
        runPull({ ...options, fileRunner, logger, onProgress: (p) => progress.push(p.recordsReadTotal) }),
      1,
    );
    // The files were written by the threads' sinks: the calling thread's saw none of them.
    expect(options.sink.writes).toBe(0);
    expect(here.summary.records).toEqual({ read: 37, loaded: 35, quarantined: 2 });
    expect(threaded.summary.records).toEqual(here.summary.records);
    expect(threaded.summary.entities).toEqual(here.summary.entities);
    expect(threaded.summary.files).toEqual(here.summary.files);
    expect(threaded.summary.reconciled).toBe(true);
    expect(threaded.summary.quarantineByReason).toEqual(here.summary.quarantineByReason);
    // The truncated file is failed with what was read before the break, as in the calling thread.
    expect(here.summary.files.failed.map((f) => f.reason)).toEqual(['truncated_file']);
    expect(threaded.summary.files.failed).toEqual(here.summary.files.failed);
    expect(progress.at(-1)).toBe(37);
    // The file done lines are the pipeline's own; the threads' lines come to the same logger.
    expect(lines.filter((l) => l.message === 'file done').map((l) => l.fields.file)).toHaveLength(4);
  });

  it('with callingThread, runs files in the calling thread too, with the parts the run passes', async () => {
    const alone = runOptions();
    await runPull(alone);
    const options = runOptions();
    const threads = createFileThreads({ setup, data: { dir }, threads: 1, callingThread: true });
    try {
      const { summary } = await runPull({ ...options, fileRunner: threads, fileConcurrency: 2 });
      expect(summary.records).toEqual({ read: 37, loaded: 35, quarantined: 2 });
      expect(summary.reconciled).toBe(true);
    } finally {
      await threads.close();
    }
    // Some files went to this thread's sink, the others to the thread's own.
    expect(options.sink.writes).toBeGreaterThan(0);
    expect(options.sink.writes).toBeLessThan(alone.sink.writes);
  });

  it("keeps an error's class across the thread: a setup that fails fails the pull with its ConfigError", async () => {
    const failed = withThreads({ dir, mode: 'setup-fails' }, (fileRunner) =>
      runPull({ ...runOptions(), fileRunner }),
    );
    await expect(failed).rejects.toSatisfy((error: unknown) => ConfigError.is(error));
    await expect(failed).rejects.toThrow('this thread has no database (a test)');
  });

  it('refuses to run a file when the thread registers the plugin otherwise', async () => {
    const failed = withThreads({ dir, mode: 'other-version' }, (fileRunner) =>
      runPull({ ...runOptions(), fileRunner }),
    );
    await expect(failed).rejects.toSatisfy((error: unknown) => ConfigError.is(error));
    await expect(failed).rejects.toThrow(/acme@2\.0\.0\) is not registered as in the pipeline's thread/);
  });

  it('commits nothing once the lease is lost: the check before each commit runs in the calling thread', async () => {
    let commits = 0;
    const lease: LeaseGuard = {
      fence: { kind: 'pull', pullId: pull.pullId, workerId: 'w1', attempt: 1 },
      check() {
        commits++;
        if (commits > 1) throw new LeaseLostError('the lease ran out (a test)', pull.pullId);
      },
      due: () => false,
      renew: async () => {},
    };
    const failed = withThreads(
      { dir },
      (fileRunner) => runPull({ ...runOptions(), fileRunner, lease, fileConcurrency: 1 }),
      1,
    );
    await expect(failed).rejects.toSatisfy((error: unknown) => LeaseLostError.is(error));
    expect(commits).toBe(2);
  });

  it('fails the files of a thread that dies as broken infrastructure, and starts a new thread for the next file', async () => {
    await withThreads(
      { dir, mode: 'dies-on-D13' },
      async (fileRunner) => {
        const failed = runPull({ ...runOptions(), fileRunner, fileConcurrency: 1 });
        await expect(failed).rejects.toSatisfy(
          (error: unknown) => PdmError.is(error) && error.code === 'file_thread_failed',
        );
        await expect(failed).rejects.toThrow('file thread 1 exited (code 3)');
        // File B (doctors D10 to D19) kills its thread; file A alone runs in a new one.
        const options = runOptions();
        const file = { key: `${ACME_PREFIX}A.ndjson`, size: 0 };
        const result = await fileRunner.run({ ...options, file, logger: keptLogger().logger });
        expect(result.records).toEqual({ read: 10, loaded: 10, quarantined: 0 });
      },
      1,
    );
  });

  it('refuses a size that is not a whole number of threads, and files after close', async () => {
    expect(() => createFileThreads({ setup, threads: 0 })).toThrow(ConfigError);
    const threads = createFileThreads({ setup, data: { dir } });
    await threads.close();
    const options = runOptions();
    await expect(
      threads.run({
        ...options,
        file: { key: `${ACME_PREFIX}A.ndjson`, size: 0 },
        logger: keptLogger().logger,
      }),
    ).rejects.toThrow('the file threads were closed');
  });
});
