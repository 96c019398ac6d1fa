import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib, { createGzip } from 'node:zlib';

/** A file body a generator hands to a {@link PullTarget}. */
export type PullFileBody = string | Uint8Array | AsyncIterable<Uint8Array>;

/** Where a generated pull is written: a folder laid out like the bucket, or an object store. */
export type PullTarget =
  | { dir: string }
  | { store: { put(key: string, body: string | Uint8Array | AsyncIterable<Uint8Array>): Promise<void> } };

/**
 * A function that writes one file of a generated pull to `target`, streamed.
 *
 * ### Examples
 * ```ts
 * import { createMemoryObjectStore, pullWriter } from '@provider-data/core/testing';
 *
 * const put = pullWriter({ store: createMemoryObjectStore() });
 * await put('acme/datapulls/20261120T053000Z/by_city/README.txt', 'not data\n');
 * ```
 */
export function pullWriter(target: PullTarget): (key: string, body: PullFileBody) => Promise<void> {
  if ('store' in target) return (key, body) => target.store.put(key, body);
  return async (key, body) => {
    const file = path.join(target.dir, ...key.split('/'));
    await mkdir(path.dirname(file), { recursive: true });
    if (typeof body === 'string' || body instanceof Uint8Array) await writeFile(file, body);
    else await pipeline(Readable.from(body), createWriteStream(file));
  };
}

/** The dirt every text format can carry. */
export interface TextFaults {
  /** Start with a UTF-8 byte-order mark. */
  bom?: boolean;
  /** End lines with CRLF instead of LF. */
  crlf?: boolean;
  /** Gzip the bytes; `truncated` stops the stream after a sync flush, without its last block and trailer. */
  gzip?: boolean | 'truncated';
}

/** Faults of {@link ndjsonFile}. */
export interface NdjsonFaults extends TextFaults {
  /** End the file in the middle of the last line, without a line feed (an interrupted export). */
  cutLastLine?: boolean;
  /** Put a blank line after every n-th line. */
  blankLineEvery?: number;
}

/** Faults of {@link csvFile}. */
export interface CsvFaults extends TextFaults {
  /** The field separator; default `,`. */
  delimiter?: string;
  /** Write the text as Windows-1252 (a spreadsheet export on Windows) instead of UTF-8. */
  encoding?: 'utf-8' | 'windows-1252';
  /** End the file in the middle of the last row, without a line break. */
  cutLastRow?: boolean;
  /** Put a blank line after every n-th row. */
  blankLineEvery?: number;
}

/** Faults of {@link jsonDocumentFile}. */
export interface JsonDocumentFaults {
  bom?: boolean;
  /** Stop the document after this share (0..1) of its text: a file cut off part way. */
  cutAt?: number;
}

const CHUNK_CHARS = 64 * 1024;

/**
 * The bytes of an NDJSON file: one line per item (an object is written as
 * JSON, a string as it is: a line that is not JSON), with `faults`.
 *
 * ### Examples
 * ```ts
 * import { createMemoryObjectStore, ndjsonFile } from '@provider-data/core/testing';
 *
 * const store = createMemoryObjectStore();
 * const lines = [{ code: 'D-1' }, 'not json', { code: 'D-2' }];
 * await store.put('acme/datapulls/20261120T053000Z/by_city/pune/doctors.ndjson.gz', ndjsonFile(lines, { gzip: true, cutLastLine: true }));
 * ```
 */
export function ndjsonFile(
  lines: Iterable<unknown> | AsyncIterable<unknown>,
  faults: NdjsonFaults = {},
): AsyncIterable<Uint8Array> {
  return encode(
    textLines(
      lines,
      (line) => (typeof line === 'string' ? line : JSON.stringify(line)),
      faults,
      faults.cutLastLine,
      faults.blankLineEvery,
    ),
    faults,
  );
}

/**
 * The bytes of a CSV (or TSV) file: the header row, then one row per item
 * (an object by header name, missing fields empty; an array as it is, so a
 * ragged row can be written), quoted where a field holds the delimiter, a
 * quote or a line break, with `faults`.
 *
 * ### Examples
 * ```ts
 * import { csvFile } from '@provider-data/core/testing';
 *
 * const rows = [{ code: 'D-1', name: 'Dr. Zoë "Z" Rao' }, ['D-2', 'Dr. B', 'extra']];
 * const body = csvFile(['code', 'name'], rows, { crlf: true, bom: true, encoding: 'windows-1252' });
 * ```
 */
export function csvFile(
  header: readonly string[],
  rows:
    | Iterable<Record<string, unknown> | readonly unknown[]>
    | AsyncIterable<Record<string, unknown> | readonly unknown[]>,
  faults: CsvFaults = {},
): AsyncIterable<Uint8Array> {
  const delimiter = faults.delimiter ?? ',';
  const row = (fields: readonly unknown[]) => fields.map((f) => csvField(f, delimiter)).join(delimiter);
  const lines = prepend(header, rows);
  const text = textLines(
    lines,
    (item) => row(Array.isArray(item) ? item : header.map((name) => (item as Record<string, unknown>)[name])),
    faults,
    faults.cutLastRow,
    faults.blankLineEvery,
  );
  return encode(text, faults);
}

/**
 * One CSV field: as it is, or quoted (quotes doubled) when it holds the
 * delimiter, a quote, a line break, or space at an end. null and undefined
 * are empty.
 */
export function csvField(value: unknown, delimiter = ','): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  const plain = !text.includes(delimiter) && !/["\r\n]/.test(text) && text.trim() === text;
  return plain ? text : `"${text.replaceAll('"', '""')}"`;
}

/**
 * The bytes of one JSON document of named parts, in the order given: each
 * part is a value (`meta`) or an iterable of records written as an array,
 * one record at a time.
 *
 * ### Examples
 * ```ts
 * import { jsonDocumentFile } from '@provider-data/core/testing';
 *
 * const body = jsonDocumentFile([
 *   ['doctors', [{ doctorId: 'AD-1' }]],
 *   ['meta', { city: 'Pune' }],
 * ], { bom: true, cutAt: 0.5 });
 * ```
 */
export function jsonDocumentFile(
  parts: ReadonlyArray<readonly [string, unknown]>,
  faults: JsonDocumentFaults = {},
): AsyncIterable<Uint8Array> {
  async function* text(): AsyncGenerator<string> {
    yield faults.bom ? '\ufeff{\n' : '{\n';
    for (let i = 0; i < parts.length; i++) {
      const [key, value] = parts[i]!;
      yield `${i > 0 ? ',\n' : ''}${JSON.stringify(key)}:`;
      if (!isIterable(value)) {
        yield JSON.stringify(value);
        continue;
      }
      yield '[\n';
      let sep = '';
      for await (const record of value) {
        yield sep + JSON.stringify(record);
        sep = ',\n';
      }
      yield '\n]';
    }
    yield '\n}\n';
  }
  if (faults.cutAt === undefined) return encode(batched(text()), {});
  const cutAt = faults.cutAt;
  return (async function* () {
    let whole = '';
    for await (const piece of text()) whole += piece;
    yield Buffer.from(whole.slice(0, Math.floor(whole.length * cutAt)), 'utf8');
  })();
}

function isIterable(value: unknown): value is Iterable<unknown> | AsyncIterable<unknown> {
  return (
    typeof value === 'object' && value !== null && (Symbol.iterator in value || Symbol.asyncIterator in value)
  );
}

async function* prepend<T, H>(head: H, rest: Iterable<T> | AsyncIterable<T>): AsyncGenerator<T | H> {
  yield head;
  yield* rest;
}

/** Lines of text joined into ~64 KiB strings; `cut` ends the file half way through the last line. */
async function* textLines<T>(
  items: Iterable<T> | AsyncIterable<T>,
  lineOf: (item: T) => string,
  faults: TextFaults,
  cut: boolean | undefined,
  blankEvery: number | undefined,
): AsyncGenerator<string> {
  const eol = faults.crlf ? '\r\n' : '\n';
  let buffer = faults.bom ? '\ufeff' : '';
  let previous: string | null = null;
  let n = 0;
  for await (const item of items) {
    if (previous !== null) {
      buffer += previous + eol;
      if (blankEvery && ++n % blankEvery === 0) buffer += eol;
    }
    previous = lineOf(item);
    if (buffer.length >= CHUNK_CHARS) {
      yield buffer;
      buffer = '';
    }
  }
  if (previous !== null)
    buffer += cut ? previous.slice(0, Math.max(1, Math.floor(previous.length / 2))) : previous + eol;
  if (buffer !== '') yield buffer;
}

async function* batched(pieces: AsyncIterable<string>): AsyncGenerator<string> {
  let buffer = '';
  for await (const piece of pieces) {
    buffer += piece;
    if (buffer.length >= CHUNK_CHARS) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer !== '') yield buffer;
}

async function* encode(
  text: AsyncIterable<string>,
  faults: TextFaults & { encoding?: 'utf-8' | 'windows-1252' },
): AsyncGenerator<Uint8Array> {
  const bytes = (async function* () {
    for await (const chunk of text)
      yield faults.encoding === 'windows-1252' ? windows1252(chunk) : Buffer.from(chunk, 'utf8');
  })();
  if (faults.gzip) yield* gzipBytes(bytes, faults.gzip === 'truncated');
  else yield* bytes;
}

/** Code points that Windows-1252 puts in 0x80–0x9F, where Latin-1 has control characters. */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/** Text as Windows-1252 bytes; a character it has no byte for becomes `?`. */
export function windows1252(text: string): Buffer {
  const out = Buffer.alloc(text.length);
  let n = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    const high = CP1252_HIGH.indexOf(char);
    if (char === '\ufeff') continue;
    out[n++] = high >= 0 ? 0x80 + high : code < 0x80 || (code >= 0xa0 && code <= 0xff) ? code : 0x3f;
  }
  return out.subarray(0, n);
}

/**
 * Gzip of `bytes` (or text, as UTF-8), streamed. `truncated` stops the stream
 * after a sync flush, without its final block and trailer, as an interrupted
 * upload leaves it: everything written decompresses, then the reader meets
 * the end of the data.
 *
 * ### Examples
 * ```ts
 * import { gzipBytes } from '@provider-data/core/testing';
 *
 * const cut = gzipBytes(['{"a":1}\n', '{"a":2}\n'], true);
 * ```
 */
export async function* gzipBytes(
  bytes: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  truncated = false,
): AsyncGenerator<Uint8Array> {
  const gzip = createGzip();
  const out: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => out.push(chunk));
  const ended = new Promise<void>((resolve) => gzip.once('end', resolve));
  for await (const chunk of bytes) {
    await new Promise<void>((resolve, reject) =>
      gzip.write(chunk, (error) => (error ? reject(error) : resolve())),
    );
    while (out.length > 0) yield out.shift()!;
  }
  if (truncated) {
    await new Promise<void>((resolve) => gzip.flush(zlib.constants.Z_SYNC_FLUSH, () => resolve()));
    while (out.length > 0) yield out.shift()!;
    gzip.destroy();
    return;
  }
  gzip.end();
  await ended;
  while (out.length > 0) yield out.shift()!;
}
