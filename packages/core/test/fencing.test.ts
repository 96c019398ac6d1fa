// A worker that lost its lease commits nothing: its writes are fenced by its
// claim, checked by the sink when it writes; it stops and says so, and the
// worker that took over ends the pull as one clean run would.
import { describe, expect, it } from 'vitest';
import {
  createRegistry,
  defineHealthSystem,
  LeaseLostError,
  processPull,
  type PullStore,
  pullFence,
  runPullWorker,
  type Transformer,
} from '../src/index.js';
import {
  createMemoryFileQueue,
  createMemoryObjectStore,
  createMemoryPullStore,
  createMemorySink,
  type MemorySink,
  testPull,
} from '../src/testing/index.js';
import { ACME_PREFIX, acme, acmeLines, acmeSource, acmeTransformer } from './acme-plugin.js';

const PULL_ID = '3a9e7d21-5c4b-4f0e-8d16-b2a7c9e04f53';
const registry = createRegistry().register(acme);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function fourFiles() {
  const objects: Record<string, string> = {};
  for (let i = 0; i < 4; i++) objects[`${ACME_PREFIX}City${i}.ndjson`] = acmeLines(10, i * 10);
  return createMemoryObjectStore(objects);
}

/** A pull store whose renewals never answer once `cut()` is called: a worker cut off from it. */
function cutOff(pullStore: PullStore) {
  let cut = false;
  const wrapped: PullStore = {
    ...pullStore,
    renew: (claim, leaseMs) => (cut ? new Promise<never>(() => {}) : pullStore.renew(claim, leaseMs)),
  };
  return { pullStore: wrapped, cut: () => (cut = true) };
}

/** Rows and counts, to compare two sinks. */
function contents(sink: MemorySink) {
  return {
    rows: [...sink.practitioners.values(), ...sink.practices.values(), ...sink.providers.values()]
      .map((r) => `${r.id}:${r.contentHash}`)
      .sort(),
    quarantine: sink.quarantine.length,
  };
}

describe('fencing', () => {
  it('a sink refuses a commit, a finish and a reset under a claim that was taken over, and writes nothing', async () => {
    const pullStore = createMemoryPullStore([testPull({ pullId: PULL_ID, healthSystem: 'acme' })]);
    const sink = createMemorySink({ pullStore });
    const first = await pullStore.claim(PULL_ID, { workerId: 'A', leaseMs: 20 });
    const writer = await sink.openFile(
      first.pull,
      { key: `${ACME_PREFIX}A.ndjson`, size: 1 },
      {
        fence: pullFence(first),
      },
    );
    await sleep(30);
    await pullStore.claim(PULL_ID, { workerId: 'B', leaseMs: 60_000 });
    await expect(writer.commit({} as never)).rejects.toBeInstanceOf(LeaseLostError);
    await expect(sink.finishPull(first.pull, { deactivate: true, fence: pullFence(first) })).rejects.toThrow(
      "worker A's claim on pull 3a9e7d21-5c4b-4f0e-8d16-b2a7c9e04f53 (attempt 1) is no longer held",
    );
    await expect(sink.resetPull(first.pull, { fence: pullFence(first) })).rejects.toBeInstanceOf(
      LeaseLostError,
    );
    expect(sink.checkpointsByPull.size).toBe(0);
    // The worker that lost it cannot renew, finish or release the pull either.
    await expect(pullStore.renew(first, 1000)).rejects.toBeInstanceOf(LeaseLostError);
    await expect(pullStore.release(first)).rejects.toBeInstanceOf(LeaseLostError);
  });

  it('a worker cut off from the pull store stops committing once its lease runs out; the one that takes over ends as a clean run', async () => {
    const store = fourFiles();
    const real = createMemoryPullStore([testPull({ pullId: PULL_ID, healthSystem: 'acme' })]);
    const sink = createMemorySink({ pullStore: real });
    const { pullStore, cut } = cutOff(real);
    // Worker A is cut off from the store while it reads its second file, and held there.
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const open = store.open.bind(store);
    store.open = async (key, options) => {
      if (key.endsWith('City1.ndjson') && !cutDone) {
        cutDone = true;
        cut();
        await held;
      }
      return open(key, options);
    };
    let cutDone = false;
    const a = processPull({ pullId: PULL_ID, registry, pullStore, sink, store, leaseMs: 150, workerId: 'A' });
    const aOutcome = a.then(
      () => null,
      (error: unknown) => error,
    );
    while (!cutDone) await sleep(5);
    await sleep(200); // A's lease runs out
    const b = await processPull({ pullId: PULL_ID, registry, pullStore: real, sink, store, workerId: 'B' });
    expect(b.status).toBe('processed');
    release();
    const error = await aOutcome;
    expect(error).toBeInstanceOf(LeaseLostError);
    expect((error as Error).message).toMatch(
      /worker A's claim on pull .* \(attempt 1\) was last renewed \d+ ms ago/,
    );
    // A recorded nothing over B's outcome, and committed nothing after B took over.
    expect(real.outcome(PULL_ID)?.status).toBe('processed');
    expect(b.summary.files).toMatchObject({ total: 4, resumed: 1, processed: 3 });
    expect(b.summary.reconciled).toBe(true);

    const cleanPulls = createMemoryPullStore([testPull({ pullId: PULL_ID, healthSystem: 'acme' })]);
    const clean = createMemorySink({ pullStore: cleanPulls });
    const once = await processPull({ pullId: PULL_ID, registry, pullStore: cleanPulls, sink: clean, store });
    expect(contents(sink)).toEqual(contents(clean));
    expect(b.summary.records).toEqual(once.summary.records);
    expect(b.summary.entities.practitioner).toMatchObject({ read: 40, inserted: 40 });
  });

  it('work that holds the event loop still renews its lease between records, and the pull ends processed', async () => {
    // 20 records of 30 ms each hold the event loop 600 ms: four leases of 150 ms.
    const slow: Transformer = {
      transform(record, context) {
        const until = performance.now() + 30;
        while (performance.now() < until) {}
        return acmeTransformer.transform(record, context);
      },
    };
    const plugin = defineHealthSystem({ ...acme, create: () => ({ source: acmeSource, transformer: slow }) });
    const pullStore = createMemoryPullStore([testPull({ pullId: PULL_ID, healthSystem: 'acme' })]);
    let renewals = 0;
    const counting: PullStore = {
      ...pullStore,
      renew: (claim, leaseMs) => {
        renewals++;
        return pullStore.renew(claim, leaseMs);
      },
    };
    const result = await processPull({
      pullId: PULL_ID,
      registry: createRegistry().register(plugin),
      pullStore: counting,
      sink: createMemorySink({ pullStore }),
      store: createMemoryObjectStore({ [`${ACME_PREFIX}A.ndjson`]: acmeLines(20) }),
      leaseMs: 150,
    });
    expect(result.status).toBe('processed');
    expect(renewals).toBeGreaterThanOrEqual(4);
  });

  it('a shared worker whose file lease was handed to another commits nothing of the file and stops', async () => {
    const store = fourFiles();
    const pullStore = createMemoryPullStore([testPull({ pullId: PULL_ID, healthSystem: 'acme' })]);
    const sink = createMemorySink({ pullStore });
    const fileQueue = createMemoryFileQueue(sink);
    // Worker A's file renewals never answer, and it is held on its first file until after B took it.
    let cut = false;
    const cutQueue = {
      ...fileQueue,
      renew: (lease: Parameters<typeof fileQueue.renew>[0], ms: number) =>
        cut ? new Promise<never>(() => {}) : fileQueue.renew(lease, ms),
    };
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const open = store.open.bind(store);
    let firstOpen = true;
    store.open = async (key, options) => {
      if (firstOpen) {
        firstOpen = false;
        cut = true;
        await held;
      }
      return open(key, options);
    };
    const common = { pullId: PULL_ID, registry, pullStore, sink, store };
    const a = runPullWorker({ ...common, fileQueue: cutQueue, workerId: 'A', leaseMs: 150 }).then(
      () => null,
      (error: unknown) => error,
    );
    while (!cut) await sleep(5);
    await sleep(200);
    const b = await runPullWorker({ ...common, fileQueue, workerId: 'B' });
    expect(b).toMatchObject({ status: 'processed', filesProcessed: 4 });
    release();
    expect(await a).toBeInstanceOf(LeaseLostError);
    expect(fileQueue.claims.get(`${ACME_PREFIX}City0.ndjson`)).toBe(2);
    const outcome = pullStore.outcome(PULL_ID);
    expect(outcome?.status === 'processed' && outcome.summary.records).toEqual({
      read: 40,
      loaded: 40,
      quarantined: 0,
    });
  });
});
