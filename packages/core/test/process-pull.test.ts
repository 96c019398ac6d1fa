import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createRegistry,
  defineHealthSystem,
  InvalidRequestError,
  processPull,
  PullAlreadyProcessedError,
  PullInProgressError,
  PullNotFoundError,
  UnknownHealthSystemError,
} from '../src/index.js';
import {
  createMemoryObjectStore,
  createMemoryPullStore,
  createMemorySink,
  testPull,
} from '../src/testing/index.js';
import { ACME_PREFIX, acme, acmeLines } from './acme-plugin.js';

const PULL_ID = '0b7e3c1a-9f7d-4c55-8a3e-2f1d0c9b8a71';

function setup() {
  const store = createMemoryObjectStore({
    [`${ACME_PREFIX}A.ndjson`]: acmeLines(10),
    [`${ACME_PREFIX}B.ndjson`]: acmeLines(10, 10),
    [`${ACME_PREFIX}C.ndjson`]: acmeLines(10, 20),
  });
  const pullStore = createMemoryPullStore([testPull({ pullId: PULL_ID, healthSystem: 'acme' })]);
  const sink = createMemorySink({ pullStore });
  const registry = createRegistry().register(acme);
  return { store, pullStore, sink, registry, pullId: PULL_ID };
}

describe('processPull', () => {
  it('processes a pending pull and records the summary on it', async () => {
    const deps = setup();
    const result = await processPull(deps);
    expect(result.status).toBe('processed');
    expect(result.summary.records).toEqual({ read: 30, loaded: 30, quarantined: 0 });
    expect(deps.pullStore.outcome(PULL_ID)).toMatchObject({
      status: 'processed',
      summary: { pullId: PULL_ID },
    });
    expect((await deps.pullStore.get(PULL_ID))?.status).toBe('processed');
  });

  it('refuses ids that are not UUIDs, unknown pulls and unknown health systems, reading nothing', async () => {
    const deps = setup();
    await expect(processPull({ ...deps, pullId: 'abc' })).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(
      processPull({ ...deps, pullId: '11111111-1111-4111-8111-111111111111' }),
    ).rejects.toBeInstanceOf(PullNotFoundError);
    deps.pullStore.add(testPull({ pullId: '22222222-2222-4222-8222-222222222222', healthSystem: 'max' }));
    const unknown = processPull({ ...deps, pullId: '22222222-2222-4222-8222-222222222222' });
    await expect(unknown).rejects.toBeInstanceOf(UnknownHealthSystemError);
    await expect(unknown).rejects.toThrow(
      'no plugin is registered for health system "max"; registered: acme',
    );
    expect((await deps.pullStore.get('22222222-2222-4222-8222-222222222222'))?.status).toBe('pending');
  });

  it('refuses a processed pull unless asked to reprocess, and a reprocess rewrites nothing', async () => {
    const deps = setup();
    await processPull(deps);
    await expect(processPull(deps)).rejects.toBeInstanceOf(PullAlreadyProcessedError);
    const writes = deps.sink.writes;
    const again = await processPull({ ...deps, reprocess: true });
    expect(again.summary.files).toMatchObject({ processed: 3, resumed: 0 });
    expect(again.summary.entities.practitioner).toMatchObject({
      read: 30,
      unchanged: 30,
      inserted: 0,
      updated: 0,
    });
    expect(deps.sink.writes).toBe(writes);
  });

  it('a second caller while the first holds the claim gets "in progress"', async () => {
    const deps = setup();
    await deps.pullStore.claim(PULL_ID, { workerId: 'other', leaseMs: 60_000 });
    await expect(processPull(deps)).rejects.toBeInstanceOf(PullInProgressError);
  });

  it('stops between files when told to, releases the pull, and the next call completes it', async () => {
    const deps = setup();
    let files = 0;
    const first = await processPull({ ...deps, shouldContinue: () => files++ < 1 });
    expect(first.status).toBe('incomplete');
    expect(first.summary.files).toMatchObject({ total: 3, processed: 1 });
    expect((await deps.pullStore.get(PULL_ID))?.status).toBe('pending');
    const second = await processPull(deps);
    expect(second.status).toBe('processed');
    expect(second.summary.files).toMatchObject({ total: 3, processed: 2, resumed: 1 });
    expect(second.summary.records).toEqual({ read: 30, loaded: 30, quarantined: 0 });
    expect(deps.sink.practitioners.size).toBe(30);
  });

  it('marks the pull failed when infrastructure breaks, and a rerun continues', async () => {
    const deps = setup();
    const open = deps.store.open.bind(deps.store);
    let broken = true;
    deps.store.open = async (key, options) => {
      if (broken && key.endsWith('B.ndjson')) throw new Error('socket hang up');
      return open(key, options);
    };
    await expect(processPull(deps)).rejects.toThrow(/socket hang up/);
    expect(deps.pullStore.outcome(PULL_ID)).toMatchObject({
      status: 'failed',
      error: { code: 'object_store_error' },
    });
    broken = false;
    const rerun = await processPull(deps);
    expect(rerun.summary.files).toMatchObject({ processed: 2, resumed: 1 });
    expect(rerun.summary.reconciled).toBe(true);
  });
});

describe('registry', () => {
  it('refuses a key twice and validates config', () => {
    const registry = createRegistry().register(acme);
    expect(() => registry.register(acme)).toThrow('health system "acme" is already registered');
    const strict = defineHealthSystem({
      key: 'strict',
      description: 'needs a number',
      configSchema: z.object({ limit: z.number() }),
      create: () => ({ source: acme.create({}).source, transformer: acme.create({}).transformer }),
    });
    expect(() => createRegistry().register(strict, { limit: 'x' } as never)).toThrow(
      /invalid config for "strict": limit/,
    );
    expect(createRegistry().register(acme).register(strict, { limit: 1 }).list()).toEqual(['acme', 'strict']);
  });
});
