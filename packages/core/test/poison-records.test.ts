// Records that would hurt a stage: each costs that record, with a reason of
// its own, and the pull ends processed with counts that reconcile.
import { describe, expect, it } from 'vitest';
import {
  createRegistry,
  defineHealthSystem,
  practiceId,
  processPull,
  providerId,
  type Transformer,
} from '../src/index.js';
import {
  createMemoryObjectStore,
  createMemoryPullStore,
  createMemorySink,
  testPull,
} from '../src/testing/index.js';
import { ACME_PREFIX, acme, acmeLines, acmeSource, acmeTransformer } from './acme-plugin.js';

const PULL_ID = '7c4f2b19-0d3e-4a6b-9e85-3f1a2c7d9b04';
const line = (value: unknown) => `${JSON.stringify(value)}\n`;
const good = (id: string) => ({ id, name: `Doctor ${id}`, hospital: 'H1' });

/** Acme, with a transformer that misbehaves on request. */
const unruly: Transformer = {
  transform(record, context) {
    const value = record.value as { result?: string; hospitals?: number };
    if (value.result === 'not-an-object') return undefined as never;
    if (value.result === 'providers-not-a-list') return { providers: 'many' } as never;
    const result = acmeTransformer.transform(record, context);
    // One record, a hundred thousand affiliations: more than a call takes as arguments.
    if (value.hospitals && result.providers?.[0]) {
      const first = result.providers[0];
      result.providers = Array.from({ length: value.hospitals }, (_, i) => ({
        ...first,
        id: providerId('acme', first.practitionerSourceId, `H${i}`),
        practiceId: practiceId('acme', `H${i}`),
        practiceSourceId: `H${i}`,
      }));
    }
    return result;
  },
};
const acmeUnruly = defineHealthSystem({
  key: 'acme',
  description: acme.description,
  configSchema: acme.configSchema,
  create: () => ({ source: acmeSource, transformer: unruly }),
});

async function run(body: string, recordLimits?: Parameters<typeof processPull>[0]['recordLimits']) {
  const store = createMemoryObjectStore({ [`${ACME_PREFIX}Pune.ndjson`]: `${acmeLines(5)}${body}` });
  const pullStore = createMemoryPullStore([testPull({ pullId: PULL_ID, healthSystem: 'acme' })]);
  const sink = createMemorySink({ pullStore });
  const result = await processPull({
    pullId: PULL_ID,
    registry: createRegistry().register(acmeUnruly),
    pullStore,
    sink,
    store,
    recordLimits,
  });
  return { result, sink, pullStore };
}

describe('poison records', () => {
  it('a record with a field nested 5,000 arrays deep is quarantined as record_too_deep, raw kept', async () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const text = `{"id":"D900","name":"Doctor D900","hospital":"H1","extra":${deep}}`;
    const { result, sink, pullStore } = await run(`${text}\n`);
    expect(result.status).toBe('processed');
    expect(pullStore.outcome(PULL_ID)?.status).toBe('processed');
    expect(result.summary.records).toEqual({ read: 6, loaded: 5, quarantined: 1 });
    expect(result.summary.reconciled).toBe(true);
    expect(result.summary.quarantineByReason).toEqual({ record_too_deep: 1 });
    const [row] = sink.quarantine;
    expect(row).toMatchObject({
      entity: 'practitioner',
      position: 'line 6',
      reason: 'record_too_deep',
      message: 'field "extra" nests arrays or objects deeper than 64 levels',
    });
    expect(row?.raw).toBe(text);
    expect(sink.practitioners.size).toBe(5);
  });

  it('with the depth bound lifted, the sink quarantines the record it cannot encode, and the pull goes on', async () => {
    const text = `{"id":"D900","name":"Doctor D900","hospital":"H1","extra":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    const { result, sink } = await run(`${text}\n`, { maxDepth: 10_000 });
    expect(result.status).toBe('processed');
    expect(result.summary.reconciled).toBe(true);
    // Its practitioner could not be encoded; its provider then names a practitioner stored nowhere.
    expect(result.summary.quarantineByReason).toEqual({ unencodable_record: 1, unknown_practice: 1 });
    expect(result.summary.entities.practitioner).toMatchObject({ read: 6, inserted: 5, quarantined: 1 });
    expect(sink.quarantine.find((q) => q.reason === 'unencodable_record')).toMatchObject({
      entity: 'practitioner',
      sourceId: 'D900',
      message: 'the sink could not encode this practitioner: Maximum call stack size exceeded',
    });
  });

  it('a string, a list or a record over its limit is quarantined with a reason of its own', async () => {
    const body =
      line({ ...good('D901'), note: 'x'.repeat(101) }) +
      line({ ...good('D902'), tags: Array.from({ length: 11 }, () => 't') }) +
      line({ ...good('D903'), a: 'y'.repeat(90), b: 'y'.repeat(90), c: 'y'.repeat(90) }) +
      line(good('D904'));
    const { result } = await run(body, { maxStringLength: 100, maxListLength: 10, maxRecordSize: 250 });
    expect(result.summary.quarantineByReason).toEqual({
      string_too_long: 1,
      list_too_long: 1,
      record_too_large: 1,
    });
    expect(result.summary.records).toEqual({ read: 9, loaded: 6, quarantined: 3 });
    expect(result.summary.entities.practitioner).toMatchObject({ read: 9, inserted: 6, quarantined: 3 });
    expect(result.summary.reconciled).toBe(true);
  });

  it('a transform result that is not one is a transform_error of that record', async () => {
    const body =
      line({ ...good('D905'), result: 'not-an-object' }) +
      line({ ...good('D906'), result: 'providers-not-a-list' });
    const { result, sink } = await run(body);
    expect(result.status).toBe('processed');
    expect(result.summary.quarantineByReason).toEqual({ transform_error: 2 });
    expect(sink.quarantine.map((q) => q.message)).toEqual([
      'transform threw: the result is not an object',
      'transform threw: providers of the result is not an array',
    ]);
    expect(result.summary.reconciled).toBe(true);
  });

  it('one record with 100,000 affiliations loads', async () => {
    const { result, sink } = await run(line({ ...good('D907'), hospitals: 100_000 }));
    expect(result.status).toBe('processed');
    expect(result.summary.reconciled).toBe(true);
    // 5 ordinary providers at H0..H4, and D907's 100,000 at H0..H99999, of which those at
    // H0..H4 are stored; the rest name hospitals that no file holds.
    expect(result.summary.entities.provider).toMatchObject({ read: 100_005, quarantined: 99_995 });
    expect(result.summary.quarantineByReason).toEqual({ unknown_practice: 99_995 });
    expect(sink.providers.size).toBe(10);
  });
});
