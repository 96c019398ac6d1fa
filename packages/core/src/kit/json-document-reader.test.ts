// readJsonDocument against the native JSON.parse of the whole text: the
// same records and issues for any document, however its bytes are split into
// chunks; on a cut or garbage, the right error after a prefix of them.
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FileDataError } from '../errors.js';
import type { SourceItem } from '../source/source.js';
import { readJsonDocument } from './json-document-reader.js';

const arrays = {
  hospitals: { type: 'hospital', entity: 'practice' },
  doctors: { type: 'doctor', entity: 'practitioner' },
} as const;

/** Strings that stress the scanner: quotes, runs of backslashes, brackets, multi-byte characters. */
const tricky = fc.string({
  unit: fc.constantFrom('\\', '"', '[', ']', '{', '}', ',', ':', 'a', 'é', '🩺', '\n'),
});
const leaf = fc.oneof(
  tricky,
  fc.string(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    leaf,
    fc.array(tie('node'), { maxLength: 3 }),
    fc.dictionary(fc.oneof(tricky, fc.string()), tie('node'), { maxKeys: 3 }),
  ),
})).node;
const element = fc.oneof(
  { weight: 4, arbitrary: fc.dictionary(fc.string(), value, { maxKeys: 4 }) },
  { weight: 1, arbitrary: leaf },
);

/** A document: its top-level entries in order (keys may repeat), and how it is laid out. */
const documentParts = fc.record({
  entries: fc.array(
    fc.oneof(
      fc.tuple(fc.constantFrom('doctors', 'hospitals'), fc.array(element, { maxLength: 4 })),
      fc.tuple(fc.constantFrom('doctors', 'hospitals'), leaf),
      fc.tuple(fc.constantFrom('meta', 'constructor', '__proto__', 'x'), value),
    ),
    { maxLength: 5 },
  ),
  indent: fc.constantFrom(0, 2),
  bom: fc.boolean(),
});

interface Built {
  text: string;
  expected: SourceItem[];
  /** For each expected record or issue, the offset just after its text. */
  ends: number[];
}

function build({ entries, indent }: { entries: [string, unknown][]; indent: number }): Built {
  const expected: SourceItem[] = [];
  const ends: number[] = [];
  const counters = new Map<string, number>();
  const sep = indent > 0 ? '\n  ' : '';
  let text = '{';
  entries.forEach(([key, v], k) => {
    text += `${k > 0 ? ',' : ''}${sep}${JSON.stringify(key)}:${indent > 0 ? ' ' : ''}`;
    const target = Object.hasOwn(arrays, key) ? arrays[key as keyof typeof arrays] : undefined;
    if (target && Array.isArray(v)) {
      text += '[';
      v.forEach((item, i) => {
        if (i > 0) text += ',';
        text += `${sep} ${JSON.stringify(item, null, indent)}`;
        const index = counters.get(key) ?? 0;
        counters.set(key, index + 1);
        expected.push({ kind: 'record', ...target, position: `${key}[${index}]`, value: item });
        ends.push(text.length);
      });
      text += `${sep}]`;
      return;
    }
    if (target) {
      expected.push({
        kind: 'issue',
        ...target,
        position: key,
        reason: 'invalid_value',
        message: `"${key}" must be an array of ${target.type} objects`,
        text: null,
      });
      ends.push(text.length);
    }
    text += JSON.stringify(v, null, indent);
  });
  text += `${indent > 0 ? '\n' : ''}}`;
  return { text, expected, ends };
}

/** The UTF-8 bytes of `text` in chunks cut at `cuts` (fractions), through a multi-byte character or not. */
function chunked(bytes: Buffer, cuts: number[]): Buffer[] {
  const at = [...new Set(cuts.map((c) => Math.floor(c * bytes.length)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let from = 0;
  for (const cut of at) {
    if (cut > from) out.push(bytes.subarray(from, cut));
    from = Math.max(from, cut);
  }
  out.push(bytes.subarray(from));
  return out.filter((b) => b.length > 0);
}

async function read(chunks: Buffer[], maxRecordChars?: number) {
  const items: SourceItem[] = [];
  let error: FileDataError | null = null;
  try {
    for await (const item of readJsonDocument(async () => Readable.from(chunks), { arrays, maxRecordChars }))
      items.push(item);
  } catch (e) {
    if (!(e instanceof FileDataError)) throw e;
    error = e;
  }
  return { items, error };
}

const cuts = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 });

describe('readJsonDocument', () => {
  it('yields what JSON.parse of the whole text holds, however the bytes are chunked', async () => {
    await fc.assert(
      fc.asyncProperty(documentParts, cuts, async (parts, at) => {
        const { text, expected } = build(parts as never);
        const bytes = Buffer.from(`${parts.bom ? '\uFEFF' : ''}${text}`, 'utf8');
        JSON.parse(text); // the generator writes valid JSON
        const { items, error } = await read(chunked(bytes, at));
        expect(error).toBeNull();
        expect(items).toEqual(expected);
      }),
      { numRuns: 400 },
    );
  });

  it('on a cut, yields every record that ended before it and no later one, then truncated_file', async () => {
    await fc.assert(
      fc.asyncProperty(
        documentParts,
        fc.double({ min: 0, max: 1, noNaN: true }),
        cuts,
        async (parts, where, at) => {
          const { text, expected, ends } = build(parts as never);
          const cut = Math.floor(where * (text.length - 1));
          const { items, error } = await read(chunked(Buffer.from(text.slice(0, cut), 'utf8'), at));
          expect(error?.reason).toBe(text.slice(0, cut).trim() === '' ? 'empty_file' : 'truncated_file');
          expect(items).toEqual(expected.slice(0, items.length));
          // A scalar element is known to have ended only when the character after it arrives.
          expect(items.length).toBeGreaterThanOrEqual(ends.filter((end) => end < cut).length);
          expect(items.length).toBeLessThanOrEqual(ends.filter((end) => end <= cut).length);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('on garbage, yields the records before it unchanged, then invalid_json (or truncated_file for a quote)', async () => {
    const garbage = fc.constantFrom('<html>502</html>', '\u0000', 'x', '}', ',,', ':', '"');
    await fc.assert(
      fc.asyncProperty(
        documentParts,
        fc.double({ min: 0, max: 1, noNaN: true }),
        garbage,
        cuts,
        async (parts, where, junk, at) => {
          const { text, expected, ends } = build(parts as never);
          const i = Math.floor(where * text.length);
          const broken = text.slice(0, i) + junk + text.slice(i);
          let valid = true;
          try {
            JSON.parse(broken);
          } catch {
            valid = false;
          }
          const { items, error } = await read(chunked(Buffer.from(broken, 'utf8'), at));
          if (valid) {
            // Inside a string: still a document, with one value changed.
            expect(error).toBeNull();
            expect(items.length).toBe(expected.length);
            return;
          }
          // A stray quote can open a string that runs to the end of the file.
          const reasons = junk === '"' ? ['invalid_json', 'truncated_file'] : ['invalid_json'];
          // NUL bytes at the very start look like UTF-16 or UTF-32 to the encoding check.
          if (junk === '\u0000' && i < 4) reasons.push('unsupported_encoding');
          expect(reasons).toContain(error?.reason);
          const before = ends.filter((end) => end < i).length;
          expect(items.slice(0, before)).toEqual(expected.slice(0, before));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('fails an HTML error page appended to a cut file as invalid_json, not truncated_file', async () => {
    const body = Buffer.from(
      '{"doctors":[{"id":"D-1"},{"id":"D-2","name":"Dr. M", <html>502 Bad Gateway</html>',
    );
    const { items, error } = await read([body]);
    expect(items.map((i) => i.position)).toEqual(['doctors[0]']);
    expect(error?.reason).toBe('invalid_json');
    expect(error?.message).toMatch(/at character 53, found "<html>502 Ba"/);
  });

  it('takes an element of exactly maxRecordChars, and quarantines one a character longer, in any chunking', async () => {
    const fits = JSON.stringify({ id: 'D-1', note: 'x'.repeat(40) });
    const over = JSON.stringify({ id: 'D-2', note: 'x'.repeat(41) });
    const body = Buffer.from(`{"doctors":[${fits},${over},{"id":"D-3"}]}`);
    for (const size of [1, 7, 64, body.length]) {
      const chunks = Array.from({ length: Math.ceil(body.length / size) }, (_, k) =>
        body.subarray(k * size, (k + 1) * size),
      );
      const { items, error } = await read(chunks, fits.length);
      expect(error).toBeNull();
      expect(items.map((i) => (i.kind === 'record' ? i.position : `${i.position}:${i.reason}`))).toEqual([
        'doctors[0]',
        'doctors[1]:record_too_large',
        'doctors[2]',
      ]);
    }
  });

  it('follows escaped quotes and backslash runs split across chunks at every position', async () => {
    // Quotes after one, two and three backslashes, brackets, and a trailing backslash.
    const note = 'a\\"b\\\\"c\\\\\\"}]{[\\';
    const body = Buffer.from(`{"doctors":[${JSON.stringify({ id: 'D-1', note })},{"id":"D-2"}]}`);
    const want = JSON.parse(body.toString()).doctors;
    for (let cut = 1; cut < body.length; cut++) {
      const { items, error } = await read([body.subarray(0, cut), body.subarray(cut)]);
      expect(error).toBeNull();
      expect(items.map((i) => (i.kind === 'record' ? i.value : null))).toEqual(want);
    }
  });
});
