import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { constants, gunzipSync, gzipSync } from 'node:zlib';
import {
  createLocalObjectStore,
  FileDataError,
  type ObjectStore,
  type SourceContext,
  type SourceItem,
  silentLogger,
} from '@provider-data/core';
import { createMemoryObjectStore, testPull } from '@provider-data/core/testing';
import { describe, expect, it } from 'vitest';
import { createFortisSource, parseFortisFileKey } from './fortis-source.js';

const fixtures = path.resolve(import.meta.dirname, '../test/fixtures');
const pull = testPull({ healthSystem: 'fortis' });
const prefix = 'fortis/datapulls/20261120T053000Z/by_city/';

function contextOf(store: ObjectStore): SourceContext {
  return { pull, store, logger: silentLogger };
}

async function readAll(
  store: ObjectStore,
  key: string,
  options: { maxLineBytes?: number } = {},
): Promise<{ items: SourceItem[]; error: unknown }> {
  const source = createFortisSource(options);
  const items: SourceItem[] = [];
  try {
    for await (const item of source.readFile({ key, size: 0 }, contextOf(store))) items.push(item);
  } catch (error) {
    return { items, error };
  }
  return { items, error: undefined };
}

function summary(items: SourceItem[]) {
  return items.map((item) =>
    item.kind === 'record'
      ? {
          position: item.position,
          id:
            (item.value as Record<string, unknown>).doctor_code ??
            (item.value as Record<string, unknown>).facility_code,
        }
      : { position: item.position, reason: item.reason },
  );
}

describe('parseFortisFileKey', () => {
  it.each([
    ['gurgaon/facilities.ndjson', { citySlug: 'gurgaon', kind: 'facilities', gzip: false }],
    ['navi-mumbai/doctors.ndjson.gz', { citySlug: 'navi-mumbai', kind: 'doctors', gzip: true }],
    ['gurgaon/doctors.csv', null],
    ['README.txt', null],
    ['gurgaon/old/doctors.ndjson', null],
    ['doctors.ndjson', null],
  ])('%s', (key, expected) => {
    expect(parseFortisFileKey(key)).toEqual(expected);
  });
});

describe('Fortis source over the fixtures', () => {
  const store = createLocalObjectStore(fixtures);

  it('lists the data files, a city facilities first, and ignores other keys', async () => {
    const keys: string[] = [];
    for await (const file of createFortisSource().listFiles(contextOf(store)))
      keys.push(file.key.slice(prefix.length));
    expect(keys).toEqual([
      'gurgaon/facilities.ndjson',
      'gurgaon/doctors.ndjson',
      'mohali/doctors.ndjson.gz',
      'new-delhi/facilities.ndjson.gz',
      'new-delhi/doctors.ndjson',
      'noida/facilities.ndjson',
    ]);
  });

  it('reads CRLF lines, skips blank lines and numbers lines as they stand in the file', async () => {
    const { items, error } = await readAll(store, `${prefix}gurgaon/facilities.ndjson`);
    expect(error).toBeUndefined();
    expect(summary(items)).toEqual([
      { position: 'line 1', id: 'FH-GGN' },
      { position: 'line 3', id: 'FH-GGN-HRT' },
      { position: 'line 4', id: 'FH-GGN-X' },
    ]);
    expect(items.every((i) => i.type === 'facility' && i.entity === 'practice')).toBe(true);
  });

  it('turns a line that is not JSON or not an object into an issue and reads on', async () => {
    const { items, error } = await readAll(store, `${prefix}gurgaon/doctors.ndjson`);
    expect(error).toBeUndefined();
    expect(summary(items)).toEqual([
      { position: 'line 1', id: 'FD-10001' },
      { position: 'line 2', id: 'FD-10002' },
      { position: 'line 4', id: 'FD-10003' },
      { position: 'line 5', reason: 'invalid_json' },
      { position: 'line 6', reason: 'not_an_object' },
      { position: 'line 7', id: undefined },
      { position: 'line 8', id: 10007 },
      { position: 'line 9', id: 'FD-10008' },
    ]);
    const bad = items[3]!;
    expect(bad.kind === 'issue' && bad.text).toBe(
      '{"doctor_code": "FD-10004", "first_name": "Sunita", oops}',
    );
    expect(bad.entity).toBe('practitioner');
  });

  it('reads the complete lines of a file whose last line is cut off, then fails it as truncated_file', async () => {
    const { items, error } = await readAll(store, `${prefix}new-delhi/doctors.ndjson`);
    expect(summary(items)).toEqual([
      { position: 'line 1', id: 'FD-10001' },
      { position: 'line 2', id: 'FD-20001' },
    ]);
    expect(error).toBeInstanceOf(FileDataError);
    expect((error as FileDataError).reason).toBe('truncated_file');
    expect((error as FileDataError).message).toMatch(/middle of line 3/);
  });

  it('reads a gzip file', async () => {
    const { items, error } = await readAll(store, `${prefix}new-delhi/facilities.ndjson.gz`);
    expect(error).toBeUndefined();
    expect(summary(items)).toEqual([{ position: 'line 1', id: 'FH-DEL-OKH' }]);
  });

  it('reads the complete lines of a truncated gzip file, then fails it as truncated_file', async () => {
    const { items, error } = await readAll(store, `${prefix}mohali/doctors.ndjson.gz`);
    expect(summary(items)).toEqual([{ position: 'line 1', id: 'FD-30001' }]);
    expect(error).toBeInstanceOf(FileDataError);
    expect((error as FileDataError).reason).toBe('truncated_file');
  });
});

describe('Fortis source edge cases', () => {
  const key = `${prefix}pune/doctors.ndjson`;

  it('reads a last line without a line feed when it is complete JSON', async () => {
    const store = createMemoryObjectStore({ [key]: '{"doctor_code":"A"}\n{"doctor_code":"B"}' });
    const { items, error } = await readAll(store, key);
    expect(error).toBeUndefined();
    expect(summary(items)).toEqual([
      { position: 'line 1', id: 'A' },
      { position: 'line 2', id: 'B' },
    ]);
  });

  it('keeps a bad line in the middle as invalid_json and a bad unterminated last line as a truncated file', async () => {
    const store = createMemoryObjectStore({
      [key]: '{"doctor_code":"A"}\n{oops\n{"doctor_code":"B"}\n{"doc',
    });
    const { items, error } = await readAll(store, key);
    expect(summary(items)).toEqual([
      { position: 'line 1', id: 'A' },
      { position: 'line 2', reason: 'invalid_json' },
      { position: 'line 3', id: 'B' },
    ]);
    expect((error as FileDataError).reason).toBe('truncated_file');
  });

  it('treats an unterminated last line that is JSON but not an object as not_an_object', async () => {
    const store = createMemoryObjectStore({ [key]: '{"doctor_code":"A"}\n42' });
    const { items, error } = await readAll(store, key);
    expect(error).toBeUndefined();
    expect(summary(items)).toEqual([
      { position: 'line 1', id: 'A' },
      { position: 'line 2', reason: 'not_an_object' },
    ]);
  });

  it('reads nothing from an empty file or one of blank lines, without failing it', async () => {
    for (const body of ['', '\n\n', '\r\n   \r\n']) {
      const store = createMemoryObjectStore({ [key]: body });
      expect(await readAll(store, key)).toEqual({ items: [], error: undefined });
    }
  });

  it('drops a byte-order mark and reads UTF-8 across chunk boundaries', async () => {
    // Lines of ~100 KB cross the memory store's 64 KiB chunks, with multi-byte characters at the seams.
    const long = 'अ'.repeat(35_000);
    const body = `\uFEFF${JSON.stringify({ doctor_code: 'A', note: long })}\r\n${JSON.stringify({ doctor_code: 'B', note: long })}\n`;
    const store = createMemoryObjectStore({ [key]: body });
    const { items, error } = await readAll(store, key);
    expect(error).toBeUndefined();
    expect(
      items.map((i) => (i.kind === 'record' ? (i.value as { note: string }).note === long : false)),
    ).toEqual([true, true]);
  });

  it('skips a line over maxLineBytes as record_too_large and reads the lines after it', async () => {
    const huge = JSON.stringify({ doctor_code: 'HUGE', note: 'x'.repeat(200_000) });
    const store = createMemoryObjectStore({
      [key]: `{"doctor_code":"A"}\n${huge}\n{"doctor_code":"B"}\n${huge}`,
    });
    const { items, error } = await readAll(store, key, { maxLineBytes: 50_000 });
    expect(error).toBeUndefined();
    expect(summary(items)).toEqual([
      { position: 'line 1', id: 'A' },
      { position: 'line 2', reason: 'record_too_large' },
      { position: 'line 3', id: 'B' },
      { position: 'line 4', reason: 'record_too_large' },
    ]);
    const tooLarge = items[1]!;
    expect(tooLarge.kind === 'issue' && tooLarge.text?.length).toBe(1024);
    expect(tooLarge.kind === 'issue' && tooLarge.message).toContain(`${huge.length} bytes`);
  });

  it('also catches a too-large line that arrives inside a single chunk', async () => {
    const store = createMemoryObjectStore({
      [key]: `{"doctor_code":"${'x'.repeat(5000)}"}\n{"doctor_code":"B"}\n`,
    });
    const { items } = await readAll(store, key, { maxLineBytes: 1024 });
    expect(summary(items)).toEqual([
      { position: 'line 1', reason: 'record_too_large' },
      { position: 'line 2', id: 'B' },
    ]);
  });

  it('keeps every decompressed line of a truncated gzip file, however slowly they are consumed', async () => {
    const gz = `${prefix}pune/doctors.ndjson.gz`;
    const lines = Array.from({ length: 20_000 }, (_, i) =>
      JSON.stringify({ doctor_code: `FD-${i}`, n: i * 7919 }),
    );
    const whole = gzipSync(`${lines.join('\n')}\n`);
    const store = createMemoryObjectStore({ [gz]: whole.subarray(0, Math.floor(whole.length * 0.7)) });
    const source = createFortisSource();
    const ids: unknown[] = [];
    let error: unknown;
    try {
      for await (const item of source.readFile({ key: gz, size: 0 }, contextOf(store))) {
        if (item.kind === 'record') ids.push((item.value as { doctor_code: string }).doctor_code);
        if (ids.length % 500 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
      }
    } catch (e) {
      error = e;
    }
    expect((error as FileDataError).reason).toBe('truncated_file');
    // What zlib can decompress of the cut data, minus the unfinished last line.
    const cut = whole.subarray(0, Math.floor(whole.length * 0.7));
    const partial = gunzipSync(cut, { finishFlush: constants.Z_SYNC_FLUSH }).toString();
    const complete = partial.slice(0, partial.lastIndexOf('\n')).split('\n').length;
    expect(complete).toBeGreaterThan(1000);
    expect(ids).toEqual(lines.slice(0, complete).map((_, i) => `FD-${i}`));
  });

  it('fails a UTF-16 or UTF-32 file as unsupported_encoding, gzipped or not, reading no line', async () => {
    const text = '{"doctor_code":"A"}\n{"doctor_code":"B"}\n';
    const utf16le = Buffer.from(`\uFEFF${text}`, 'utf16le');
    const utf16be = Buffer.from(text, 'utf16le').swap16();
    const utf32le = Buffer.alloc(text.length * 4);
    for (let i = 0; i < text.length; i++) utf32le.writeUInt32LE(text.charCodeAt(i), i * 4);
    const gz = `${prefix}pune/doctors.ndjson.gz`;
    const cases = [
      [key, utf16le, 'UTF-16LE (by its byte-order mark)'],
      [key, utf16be, 'UTF-16BE (by its NUL pattern)'],
      [key, utf32le, 'UTF-32LE (by its NUL pattern)'],
      [gz, gzipSync(utf16le), 'UTF-16LE (by its byte-order mark)'],
    ] as const;
    for (const [name, body, what] of cases) {
      const { items, error } = await readAll(createMemoryObjectStore({ [name]: body }), name);
      expect(items).toEqual([]);
      expect(error).toBeInstanceOf(FileDataError);
      expect(error).toMatchObject({ reason: 'unsupported_encoding', objectKey: name });
      expect((error as Error).message).toContain(`the file is ${what}; only UTF-8 is read`);
    }
  });

  it('fails a .gz file that is not gzip as invalid_gzip', async () => {
    const gz = `${prefix}pune/doctors.ndjson.gz`;
    const store = createMemoryObjectStore({ [gz]: '{"doctor_code":"A"}\n' });
    const { items, error } = await readAll(store, gz);
    expect(items).toEqual([]);
    expect((error as FileDataError).reason).toBe('invalid_gzip');
  });

  it('fails an empty .gz object as truncated_file', async () => {
    const gz = `${prefix}pune/doctors.ndjson.gz`;
    const { error } = await readAll(createMemoryObjectStore({ [gz]: new Uint8Array() }), gz);
    expect((error as FileDataError).reason).toBe('truncated_file');
  });

  it('reads a gzip file of several members and CRLF lines', async () => {
    const gz = `${prefix}pune/facilities.ndjson.gz`;
    const body = Buffer.concat([
      gzipSync('{"facility_code":"F1"}\r\n'),
      gzipSync('\r\n{"facility_code":"F2"}\r\n'),
    ]);
    const { items, error } = await readAll(createMemoryObjectStore({ [gz]: body }), gz);
    expect(error).toBeUndefined();
    expect(summary(items)).toEqual([
      { position: 'line 1', id: 'F1' },
      { position: 'line 3', id: 'F2' },
    ]);
  });

  it('lets an error of the object stream through as infrastructure, not bad data', async () => {
    for (const gzip of [false, true]) {
      const broken: ObjectStore = {
        name: 'broken',
        list: () => Readable.from([]),
        async open() {
          const stream = new PassThrough();
          stream.write(gzip ? gzipSync('{"doctor_code":"A"}\n').subarray(0, 12) : '{"doctor_code":"A"}\n');
          setTimeout(() => stream.destroy(new Error('connection reset')), 5);
          return stream;
        },
      };
      const { error } = await readAll(broken, gzip ? `${key}.gz` : key);
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(FileDataError);
      expect((error as Error).message).toBe('connection reset');
    }
  });
});
