import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createLocalObjectStore,
  createRegistry,
  type ObjectStore,
  ObjectStoreError,
  runPull,
} from '../src/index.js';
import { createMemorySink, startS3TestServer, type S3TestServer, testPull } from '../src/testing/index.js';
import { ACME_PREFIX, acme, acmeLines } from './acme-plugin.js';

const registry = createRegistry().register(acme);
const pull = testPull({ healthSystem: 'acme' });

// The same pull in each store: three city files, one with dirt.
const FILES: Record<string, string> = {
  [`${ACME_PREFIX}Chennai.ndjson`]: acmeLines(50),
  [`${ACME_PREFIX}Pune.ndjson`]: `${acmeLines(20, 50)}not json\n\n${JSON.stringify({ id: 'X1' })}\n${JSON.stringify({ id: 'X2', name: 'n', hospital: 'h', explode: true })}\n`,
  [`${ACME_PREFIX}Goa.ndjson`]: `${acmeLines(5, 70)}#truncated\n${acmeLines(5, 75)}`,
  [`${ACME_PREFIX}README.txt`]: 'ignored',
};

let s3: S3TestServer;
let localDir: string;
const stores: Record<string, () => ObjectStore> = {};

beforeAll(async () => {
  s3 = await startS3TestServer();
  localDir = await mkdtemp(path.join(tmpdir(), 'pdm-local-'));
  for (const [key, body] of Object.entries(FILES)) {
    await s3.put(key, body);
    await mkdir(path.dirname(path.join(localDir, key)), { recursive: true });
    await writeFile(path.join(localDir, key), body);
  }
  stores.s3 = () => s3.store();
  stores.local = () => createLocalObjectStore(localDir);
});

afterAll(async () => {
  await s3?.close();
  if (localDir) await rm(localDir, { recursive: true, force: true });
});

describe.each(['s3', 'local'])('the pipeline over the %s object store', (storeName) => {
  it('loads or quarantines every record and reconciles', async () => {
    const sink = createMemorySink();
    const { summary, complete } = await runPull({
      pull,
      healthSystem: registry.get('acme'),
      store: stores[storeName]!(),
      sink,
      batchSize: 16,
    });
    expect(complete).toBe(true);
    expect(summary.files.total).toBe(3);
    // 50 + 20 good + 3 bad lines + 5 before the break in Goa.
    expect(summary.records).toEqual({ read: 78, loaded: 75, quarantined: 3 });
    expect(summary.reconciled).toBe(true);
    expect(summary.quarantineByReason).toEqual({
      invalid_json: 1,
      missing_field: 1,
      transform_error: 1,
      truncated_file: 1,
    });
    expect(summary.files.failed).toEqual([
      {
        key: `${ACME_PREFIX}Goa.ndjson`,
        reason: 'truncated_file',
        message: expect.stringContaining('cut off'),
      },
    ]);
    expect(sink.practitioners.size).toBe(75);
    expect(sink.practices.size).toBe(7);
    expect(sink.providers.size).toBe(75);
    // The thrown transform error quarantined that record only.
    const thrown = sink.quarantine.find((q) => q.reason === 'transform_error')!;
    expect(thrown).toMatchObject({
      entity: 'practitioner',
      position: 'line 24',
      objectKey: `${ACME_PREFIX}Pune.ndjson`,
    });
    expect(JSON.parse(thrown.raw!)).toMatchObject({ id: 'X2' });
    // A failed file deactivates nothing in a full pull.
    expect(summary.deactivated).toEqual({ practitioner: 0, practice: 0, provider: 0 });
  });
});

describe('object keys', () => {
  it('a listed key with a ".." segment is recorded as a failed file and never opened', async () => {
    const opened: string[] = [];
    const base = createLocalObjectStore(localDir);
    const store: ObjectStore = {
      name: 'tricky',
      async *list(prefix, options) {
        yield* base.list(prefix, options);
        yield { key: `${ACME_PREFIX}../../../etc/passwd.ndjson`, size: 1 };
      },
      open(key, options) {
        opened.push(key);
        return base.open(key, options);
      },
    };
    const { summary } = await runPull({
      pull,
      healthSystem: registry.get('acme'),
      store,
      sink: createMemorySink(),
    });
    expect(opened.some((key) => key.includes('..'))).toBe(false);
    expect(summary.files.failed.map((f) => f.reason)).toContain('unsafe_key');
    expect(summary.reconciled).toBe(true);
  });
});

describe('S3 object store', () => {
  it('lists more keys than one page holds, in order', async () => {
    const prefix = 'paging/';
    const keys = Array.from({ length: 130 }, (_, i) => `${prefix}k${String(i).padStart(4, '0')}`);
    for (const key of keys) await s3.put(key, 'x');
    const listed: string[] = [];
    for await (const object of s3.store({ pageSize: 50 }).list(prefix)) listed.push(object.key);
    expect(listed).toEqual(keys);
  });

  it('streams a multi-megabyte object without loss', async () => {
    const lines = acmeLines(60_000);
    expect(lines.length).toBeGreaterThan(3_000_000);
    await s3.put('big/object.ndjson', lines);
    let bytes = 0;
    let chunks = 0;
    for await (const chunk of await s3.store().open('big/object.ndjson')) {
      bytes += (chunk as Buffer).length;
      chunks++;
    }
    expect(bytes).toBe(Buffer.byteLength(lines));
    expect(chunks).toBeGreaterThan(1);
  });

  it('says which object could not be read', async () => {
    await expect(s3.store().open('no/such/key')).rejects.toThrow(
      /could not read s3:\/\/provider-pulls\/no\/such\/key: NoSuchKey/,
    );
  });
});

describe('infrastructure errors', () => {
  it('an object store failing mid-file fails the pull with a clear error and commits nothing of that file', async () => {
    const base = createLocalObjectStore(localDir);
    const failing: ObjectStore = {
      name: 'failing',
      list: (prefix, options) => base.list(prefix, options),
      async open(key) {
        if (!key.endsWith('Pune.ndjson')) return base.open(key);
        return Readable.from(
          (async function* () {
            yield Buffer.from(acmeLines(3, 500));
            throw new ObjectStoreError(`connection reset while reading ${key}`);
          })(),
        );
      },
    };
    const sink = createMemorySink();
    await expect(runPull({ pull, healthSystem: registry.get('acme'), store: failing, sink })).rejects.toThrow(
      /connection reset while reading .*Pune\.ndjson/,
    );
    // Chennai and Goa list before Pune: Chennai committed, Goa committed, Pune not.
    const done = [...(sink.checkpointsByPull.get(pull.pullId)?.keys() ?? [])];
    expect(done).toEqual([`${ACME_PREFIX}Chennai.ndjson`, `${ACME_PREFIX}Goa.ndjson`]);
    expect(sink.practitioners.size).toBe(55);

    // A rerun with a healthy store continues from the checkpoints and ends like a clean run.
    const { summary } = await runPull({ pull, healthSystem: registry.get('acme'), store: base, sink });
    expect(summary.files).toMatchObject({ total: 3, processed: 1, resumed: 2 });
    expect(summary.records).toEqual({ read: 78, loaded: 75, quarantined: 3 });
    expect(summary.reconciled).toBe(true);
    expect(sink.practitioners.size).toBe(75);
  });

  it('an unreachable S3 fails the pull with an ObjectStoreError', async () => {
    const store = createS3Unreachable();
    await expect(
      runPull({ pull, healthSystem: registry.get('acme'), store, sink: createMemorySink() }),
    ).rejects.toThrow(ObjectStoreError);
  });
});

function createS3Unreachable(): ObjectStore {
  // Port 9 (discard) on loopback: nothing listens, the connection is refused.
  return s3.store({ endpoint: 'http://127.0.0.1:9', maxAttempts: 1 });
}

describe('files processed at once', () => {
  it('commit in list order, so a record listed in several files ends as a sequential run leaves it', async () => {
    const { createMemoryObjectStore } = await import('../src/testing/index.js');
    const line = (hospital: string) => `${JSON.stringify({ id: 'D1', name: 'Doctor One', hospital })}\n`;
    const store = createMemoryObjectStore({
      [`${ACME_PREFIX}A.ndjson`]: line('HA'),
      [`${ACME_PREFIX}B.ndjson`]: line('HB'),
      [`${ACME_PREFIX}C.ndjson`]: line('HC'),
    });
    const open = store.open.bind(store);
    // The first file is the slowest to read: B and C finish first and must wait their turn.
    store.open = async (key, options) => {
      if (key.endsWith('A.ndjson')) await new Promise((r) => setTimeout(r, 50));
      return open(key, options);
    };
    const sink = createMemorySink();
    const commits: string[] = [];
    const openFile = sink.openFile.bind(sink);
    sink.openFile = async (p, file) => {
      const writer = await openFile(p, file);
      return {
        ...writer,
        commit: async (result) => {
          commits.push(file.key);
          return writer.commit(result);
        },
      };
    };
    const { summary } = await runPull({
      pull,
      healthSystem: registry.get('acme'),
      store,
      sink,
      fileConcurrency: 3,
    });
    expect(commits).toEqual([`${ACME_PREFIX}A.ndjson`, `${ACME_PREFIX}B.ndjson`, `${ACME_PREFIX}C.ndjson`]);
    expect(summary.reconciled).toBe(true);
    const [doctor] = [...sink.practitioners.values()];
    expect(doctor?.raw).toMatchObject({ hospital: 'HA' });
    expect(sink.providers.size).toBe(3);
  });
});
