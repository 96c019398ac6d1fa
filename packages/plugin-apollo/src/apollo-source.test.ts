import { fileURLToPath } from 'node:url';
import {
  createLocalObjectStore,
  type DataPull,
  FileDataError,
  type ObjectStore,
  silentLogger,
  type SourceItem,
} from '@provider-data/core';
import { createMemoryObjectStore } from '@provider-data/core/testing';
import { describe, expect, it } from 'vitest';
import { createApolloSource } from './apollo-source.js';

const FIXTURES = fileURLToPath(new URL('../test/fixtures', import.meta.url));
const PREFIX = 'apollo/datapulls/20261120T053000Z/by_city/';
const pull: DataPull = {
  pullId: '00000000-0000-4000-8000-000000000001',
  healthSystem: 'apollo',
  pullTimestamp: '20261120T053000Z',
  dataType: 'full',
  bucket: null,
  status: 'pending',
};

async function listKeys(store: ObjectStore, options = {}) {
  const source = createApolloSource(options);
  const keys: string[] = [];
  for await (const file of source.listFiles({ pull, store, logger: silentLogger })) keys.push(file.key);
  return keys;
}

async function read(store: ObjectStore, key: string, options = {}) {
  const source = createApolloSource(options);
  const items: SourceItem[] = [];
  let error: unknown;
  try {
    for await (const item of source.readFile({ key, size: 0 }, { pull, store, logger: silentLogger })) {
      items.push(item);
    }
  } catch (e) {
    error = e;
  }
  return { items, error, positions: items.map((i) => i.position) };
}

const readText = (text: string | Uint8Array, options = {}) =>
  read(createMemoryObjectStore({ [`${PREFIX}X.json`]: text }), `${PREFIX}X.json`, options);

describe('Apollo source over the fixture pull', () => {
  const store = createLocalObjectStore(FIXTURES);

  it('lists only *.json directly under by_city/', async () => {
    expect(await listKeys(store)).toEqual(
      ['Bengaluru', 'Chennai', 'Kochi', 'Navi_Mumbai', 'Pune'].map((c) => `${PREFIX}${c}.json`),
    );
  });

  it('streams hospitals and doctors with their positions, whatever the key order, past a BOM', async () => {
    const chennai = await read(store, `${PREFIX}Chennai.json`);
    expect(chennai.error).toBeUndefined();
    expect(chennai.positions).toEqual([
      'hospitals[0]',
      'hospitals[1]',
      'hospitals[2]',
      'hospitals[3]',
      'doctors[0]',
      'doctors[1]',
      'doctors[2]',
      'doctors[3]',
      'doctors[4]',
      'doctors[5]',
    ]);
    expect(chennai.items[0]).toMatchObject({ kind: 'record', type: 'hospital', entity: 'practice' });
    expect(chennai.items[4]).toMatchObject({
      kind: 'record',
      type: 'doctor',
      value: { doctorId: 'AD-000123' },
    });
    const bengaluru = await read(store, `${PREFIX}Bengaluru.json`);
    expect(bengaluru.positions).toEqual(['doctors[0]', 'hospitals[0]', 'hospitals[1]']);
  });

  it('keeps unknown fields in the record value', async () => {
    const { items } = await read(store, `${PREFIX}Chennai.json`);
    expect(items[0]).toMatchObject({ value: { accreditation: 'JCI' } });
  });

  it('yields the records before a cut, then throws truncated_file', async () => {
    const { positions, error } = await read(store, `${PREFIX}Navi_Mumbai.json`);
    expect(positions).toEqual(['hospitals[0]']);
    expect(error).toBeInstanceOf(FileDataError);
    expect((error as FileDataError).reason).toBe('truncated_file');
  });

  it('yields the records before garbage in the same chunk, then throws invalid_json', async () => {
    const { positions, error } = await read(store, `${PREFIX}Kochi.json`);
    expect(positions).toEqual(['hospitals[0]', 'doctors[0]']);
    expect((error as FileDataError).reason).toBe('invalid_json');
  });

  it('throws empty_file for an empty file', async () => {
    const { positions, error } = await read(store, `${PREFIX}Pune.json`);
    expect(positions).toEqual([]);
    expect((error as FileDataError).reason).toBe('empty_file');
  });
});

describe('Apollo source edge cases', () => {
  it('fails a UTF-16 or UTF-32 document as unsupported_encoding before any record', async () => {
    const document = '{"hospitals":[{"hospitalId":"AH-1","name":"Apollo"}],"doctors":[]}';
    const utf16 = Buffer.from(`\uFEFF${document}`, 'utf16le');
    const utf32be = Buffer.alloc(document.length * 4);
    for (let i = 0; i < document.length; i++) utf32be.writeUInt32BE(document.charCodeAt(i), i * 4);
    for (const [body, what] of [
      [utf16, 'UTF-16LE (by its byte-order mark)'],
      [utf32be, 'UTF-32BE (by its NUL pattern)'],
    ] as const) {
      const { positions, error } = await readText(body);
      expect(positions).toEqual([]);
      expect(error).toBeInstanceOf(FileDataError);
      expect((error as FileDataError).reason).toBe('unsupported_encoding');
      expect((error as Error).message).toContain(`the file is ${what}; only UTF-8 is read`);
    }
  });

  it('treats whitespace and a lone BOM as empty', async () => {
    expect(((await readText('  \n')).error as FileDataError).reason).toBe('empty_file');
    expect(((await readText('\ufeff')).error as FileDataError).reason).toBe('empty_file');
  });

  it('rejects a document that is not an object, and garbage after the document', async () => {
    expect(((await readText('[{"hospitalId":"A"}]')).error as FileDataError).reason).toBe('invalid_json');
    const after = await readText('{"hospitals":[{"hospitalId":"A","name":"B"}]} trailing');
    expect(after.positions).toEqual(['hospitals[0]']);
    expect((after.error as FileDataError).reason).toBe('invalid_json');
  });

  it('skips meta and unknown keys wherever they are, with nested arrays and objects', async () => {
    const { items, error } = await readText(
      '{"x":[[1],{"doctors":[1]}],"doctors":[{"doctorId":"D","a":[[1,{"b":null}],true]}],"meta":{"hospitals":[1]},"hospitals":[]}',
    );
    expect(error).toBeUndefined();
    expect(items).toEqual([
      {
        kind: 'record',
        type: 'doctor',
        entity: 'practitioner',
        position: 'doctors[0]',
        value: { doctorId: 'D', a: [[1, { b: null }], true] },
      },
    ]);
  });

  it('yields non-object elements as records (the transformer quarantines them) and a non-array as an issue', async () => {
    const { items } = await readText('{"hospitals":[1,"x",null,[2]],"doctors":{"doctorId":"D"}}');
    expect(items.map((i) => (i.kind === 'record' ? i.value : i.reason))).toEqual([
      1,
      'x',
      null,
      [2],
      'invalid_value',
    ]);
    expect(items[4]).toMatchObject({ kind: 'issue', position: 'doctors', entity: 'practitioner' });
  });

  it('reads records split across chunks of any size, multi-byte characters included', async () => {
    const doc = JSON.stringify({
      hospitals: Array.from({ length: 50 }, (_, i) => ({
        hospitalId: `H${i}`,
        name: `அப்போலோ ₹ ${'x'.repeat(i * 100)}`,
      })),
    });
    const bytes = Buffer.from(`\ufeff${doc}`);
    const store = createMemoryObjectStore();
    // 7-byte chunks split BOM, UTF-8 sequences and tokens.
    await store.put(
      `${PREFIX}A.json`,
      (async function* () {
        for (let i = 0; i < bytes.length; i += 7) yield bytes.subarray(i, i + 7);
      })(),
    );
    const { items, error } = await read(store, `${PREFIX}A.json`);
    expect(error).toBeUndefined();
    expect(items.map((i) => (i.kind === 'record' ? i.value : null))).toEqual(JSON.parse(doc).hospitals);
  });

  it('finds the last complete record before garbage deep in a large file', async () => {
    const records = Array.from({ length: 3000 }, (_, i) => `{"doctorId":"D${i}","name":"Dr. N ${i}"}`);
    const text = `{"doctors":[${records.join(',')},{"doctorId":"D-x"} oops]}`;
    const { items, error } = await readText(text);
    expect(items).toHaveLength(3001);
    expect(items.at(-1)).toMatchObject({ position: 'doctors[3000]', value: { doctorId: 'D-x' } });
    expect((error as FileDataError).reason).toBe('invalid_json');
  });

  it('quarantines a record larger than maxRecordBytes without holding it', async () => {
    const { items } = await readText(
      `{"doctors":[{"doctorId":"big","bio":"${'x'.repeat(5000)}","more":[{"a":1}]},{"doctorId":"small"}]}`,
      { maxRecordBytes: 1000 },
    );
    expect(items[0]).toMatchObject({ kind: 'issue', reason: 'record_too_large', position: 'doctors[0]' });
    expect(items[1]).toMatchObject({ kind: 'record', position: 'doctors[1]', value: { doctorId: 'small' } });
  });

  it('honours fileSuffix', async () => {
    const store = createMemoryObjectStore({
      [`${PREFIX}A.json`]: '{}',
      [`${PREFIX}B.JSON`]: '{}',
      [`${PREFIX}.json`]: '{}',
    });
    expect(await listKeys(store)).toEqual([`${PREFIX}A.json`]);
    expect(await listKeys(store, { fileSuffix: '.JSON' })).toEqual([`${PREFIX}B.JSON`]);
  });
});
