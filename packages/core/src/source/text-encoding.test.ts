import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { FileDataError } from '../errors.js';
import { requireUtf8, sniffEncoding } from './text-encoding.js';

const JSON_TEXT = '{"doctor_code":"FD-1"}\n';

/** `text` in UTF-16 or UTF-32, little or big endian, with or without a byte-order mark. */
function encode(text: string, unit: 2 | 4, endian: 'LE' | 'BE', bom: boolean): Uint8Array {
  const points = [...(bom ? '\uFEFF' : ''), ...text].map((c) => c.codePointAt(0)!);
  const bytes = new Uint8Array(points.length * unit);
  const view = new DataView(bytes.buffer);
  points.forEach((p, i) => {
    if (unit === 2) view.setUint16(i * 2, p, endian === 'LE');
    else view.setUint32(i * 4, p, endian === 'LE');
  });
  return bytes;
}

async function drain(chunks: AsyncIterable<Uint8Array | string>): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of chunks) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts).toString();
}

describe('sniffEncoding', () => {
  it.each([
    [2, 'LE', 'UTF-16LE'],
    [2, 'BE', 'UTF-16BE'],
    [4, 'LE', 'UTF-32LE'],
    [4, 'BE', 'UTF-32BE'],
  ] as const)('tells %i-byte %s (%s) by its byte-order mark and by its NUL pattern', (unit, endian, name) => {
    expect(sniffEncoding(encode(JSON_TEXT, unit, endian, true))).toEqual({
      encoding: name,
      by: 'byte-order mark',
    });
    expect(sniffEncoding(encode(JSON_TEXT, unit, endian, false))).toEqual({
      encoding: name,
      by: 'NUL pattern',
    });
  });

  it('passes UTF-8, with or without its byte-order mark, and text that shows nothing', () => {
    expect(sniffEncoding(Buffer.from(JSON_TEXT))).toBeNull();
    expect(sniffEncoding(Buffer.from(`\uFEFF${JSON_TEXT}`))).toBeNull();
    expect(sniffEncoding(new Uint8Array())).toBeNull();
    expect(sniffEncoding(Buffer.from('{'))).toBeNull();
    expect(sniffEncoding(Buffer.from('ab\u0000c'))).toBeNull();
  });
});

describe('requireUtf8', () => {
  it('passes every byte of a UTF-8 file, whatever its chunks', async () => {
    const bytes = Buffer.from(`\uFEFF${JSON_TEXT}${JSON_TEXT}`);
    const oneByteChunks = Readable.from(Array.from(bytes, (b) => Buffer.from([b])));
    expect(await drain(requireUtf8(oneByteChunks))).toBe(bytes.toString());
    expect(await drain(requireUtf8(Readable.from(['{"a":', '1}'])))).toBe('{"a":1}');
    expect(await drain(requireUtf8(Readable.from([Buffer.from('{}')])))).toBe('{}');
  });

  it('fails a UTF-16 file as unsupported_encoding before a byte of it passes', async () => {
    const bytes = encode(JSON_TEXT, 2, 'LE', true);
    const chunks = Readable.from([bytes.subarray(0, 1), bytes.subarray(1, 3), bytes.subarray(3)]);
    let passed = 0;
    const error = await (async () => {
      for await (const chunk of requireUtf8(chunks, { plugin: 'acme', objectKey: 'acme/x.ndjson' }))
        passed += chunk.length;
    })().catch((e: unknown) => e);
    expect(passed).toBe(0);
    expect(error).toBeInstanceOf(FileDataError);
    expect(error).toMatchObject({
      reason: 'unsupported_encoding',
      objectKey: 'acme/x.ndjson',
      message:
        '[acme/read] the file is UTF-16LE (by its byte-order mark); only UTF-8 is read, so none of it was',
    });
  });
});
