import { describe, expect, it } from 'vitest';
import { createRegistry, finalizePull, runPull, runPullWorker, silentLogger } from '../src/index.js';
import {
  createMemoryFileQueue,
  createMemoryObjectStore,
  createMemoryPullStore,
  createMemorySink,
  testPull,
} from '../src/testing/index.js';
import { ACME_PREFIX, acme, acmeLines } from './acme-plugin.js';

const PULL_ID = '5d0c9a4e-3b1f-4e8a-9c7d-6a2b1f0e9d83';
const registry = createRegistry().register(acme);

function fortyFiles() {
  const objects: Record<string, string> = {};
  for (let i = 0; i < 40; i++)
    objects[`${ACME_PREFIX}City${String(i).padStart(2, '0')}.ndjson`] = acmeLines(25, i * 25);
  return createMemoryObjectStore(objects);
}

describe('workers sharing a pull', () => {
  it('four workers process each of 40 files once, finalize once, and end as one worker would', async () => {
    const store = fortyFiles();
    const pullStore = createMemoryPullStore([testPull({ pullId: PULL_ID, healthSystem: 'acme' })]);
    const sink = createMemorySink({ pullStore });
    const fileQueue = createMemoryFileQueue(sink);
    const results = await Promise.all(
      [1, 2, 3, 4].map((n) =>
        runPullWorker({
          pullId: PULL_ID,
          registry,
          pullStore,
          fileQueue,
          store,
          sink,
          workerId: `w${n}`,
          batchSize: 7,
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'processed')).toHaveLength(1);
    expect(results.reduce((n, r) => n + r.filesProcessed, 0)).toBe(40);
    expect([...fileQueue.claims.values()].every((n) => n === 1)).toBe(true);
    expect(fileQueue.claims.size).toBe(40);
    expect(results.filter((r) => r.filesProcessed > 0).length).toBeGreaterThan(1);
    const outcome = pullStore.outcome(PULL_ID);
    expect(outcome?.status).toBe('processed');

    // One worker alone, from scratch, gives the same rows and the same counts.
    const alone = createMemorySink();
    const single = await runPull({
      pull: testPull({ pullId: PULL_ID, healthSystem: 'acme' }),
      healthSystem: registry.get('acme'),
      store,
      sink: alone,
    });
    const rows = (s: typeof sink) =>
      JSON.stringify(
        [...s.practitioners.values(), ...s.practices.values(), ...s.providers.values()]
          .map((r) => [r.id, r.contentHash])
          .sort(),
      );
    expect(rows(sink)).toBe(rows(alone));
    if (outcome?.status !== 'processed') throw new Error('not processed');
    expect(outcome.summary.records).toEqual(single.summary.records);
    expect(outcome.summary.entities).toEqual(single.summary.entities);
    expect(outcome.summary.reconciled).toBe(true);
  });

  it('a file whose worker died is handed out again after its lease, and finalize waits for every file', async () => {
    const store = fortyFiles();
    const pullStore = createMemoryPullStore([testPull({ pullId: PULL_ID, healthSystem: 'acme' })]);
    const sink = createMemorySink({ pullStore });
    const fileQueue = createMemoryFileQueue(sink);
    const pull = await pullStore.join!(PULL_ID, { workerId: 'dead' });
    const files = [];
    for await (const f of registry.get('acme').source.listFiles({ pull, store, logger: silentLogger }))
      files.push(f);
    await fileQueue.enqueue(pull, files);
    // A worker claims a file with a short lease and dies.
    const lost = await fileQueue.claimNext(pull, { workerId: 'dead', leaseMs: 1 });
    expect(lost).not.toBeNull();
    await expect(
      finalizePull({ pullId: PULL_ID, registry, pullStore, fileQueue, store, sink }),
    ).rejects.toThrow(/has 40 of 40 files left/);
    await new Promise((r) => setTimeout(r, 5));
    const result = await runPullWorker({
      pullId: PULL_ID,
      registry,
      pullStore,
      fileQueue,
      store,
      sink,
      workerId: 'alive',
    });
    expect(result).toMatchObject({ status: 'processed', filesProcessed: 40 });
    expect(fileQueue.claims.get(lost!.file.key)).toBe(2);
  });
});
