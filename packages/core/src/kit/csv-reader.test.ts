import { describe, expect, it } from 'vitest';
import { FileDataError } from '../errors.js';
import type { SourceItem } from '../source/source.js';
import { csvFile } from '../testing/pull-writers.js';
import { readCsv } from './csv-reader.js';

const kind = { type: 'doctor', entity: 'practitioner' } as const;

async function* bytes(...chunks: (string | Uint8Array)[]): AsyncGenerator<Uint8Array> {
  for (const chunk of chunks) yield typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
}

/** Every item read, and the reason of the error that ended the file (null when none). */
async function readAll(body: AsyncIterable<Uint8Array>, delimiter?: string) {
  const items: SourceItem[] = [];
  try {
    for await (const item of readCsv(body, { kind, delimiter })) items.push(item);
    return { items, error: null };
  } catch (error) {
    if (!(error instanceof FileDataError)) throw error;
    return { items, error: error.reason };
  }
}

const summary = (items: SourceItem[]) =>
  items.map((i) => (i.kind === 'record' ? [i.position, i.value] : [i.position, i.reason]));

describe('readCsv', () => {
  const header = ['code', 'name', 'city'];
  const rows = [
    { code: 'D-1', name: 'Dr. Zoë "Z" Rao', city: 'Pune, MH' },
    { code: 'D-2', name: 'Dr. A\r\nline two', city: 'Nashik' },
    { code: 'D-3', name: 'Dr. € Sharma', city: '' },
  ];

  it.each([
    ['LF', {}],
    ['CRLF and a BOM', { crlf: true, bom: true }],
    ['Windows-1252', { encoding: 'windows-1252' as const }],
    ['blank lines', { blankLineEvery: 1 }],
  ])('reads back what the writer wrote (%s)', async (_, faults) => {
    const { items, error } = await readAll(csvFile(header, rows, faults));
    expect(error).toBeNull();
    expect(items.map((i) => i.kind === 'record' && i.value)).toEqual(rows);
  });

  it('numbers rows by the physical line they start on, CRLF inside quotes counted once', async () => {
    const { items } = await readAll(csvFile(header, rows, { crlf: true, blankLineEvery: 1 }));
    // header 1, blank 2, D-1 3, blank 4, D-2 5-6, blank 7, D-3 8
    expect(items.map((i) => i.position)).toEqual(['line 3', 'line 5', 'line 8']);
  });

  it('quarantines a ragged row with its line number and reads on', async () => {
    const body = csvFile(header, [rows[0]!, ['D-9', 'too', 'many', 'fields'], ['D-8'], rows[2]!]);
    const { items, error } = await readAll(body);
    expect(error).toBeNull();
    expect(summary(items)).toEqual([
      ['line 2', rows[0]],
      ['line 3', 'ragged_row'],
      ['line 4', 'ragged_row'],
      ['line 5', rows[2]],
    ]);
  });

  it('quarantines a repeated header row', async () => {
    const { items } = await readAll(csvFile(header, [rows[0]!, header, rows[2]!]));
    expect(summary(items).map((s) => s[1])).toEqual([rows[0], 'repeated_header', rows[2]]);
  });

  it('fails a file cut off in its last row after every row before it', async () => {
    const { items, error } = await readAll(
      csvFile(header, rows.slice(0, 2).concat([rows[0]!]), { cutLastRow: true }),
    );
    expect(error).toBe('truncated_file');
    expect(items).toHaveLength(2);
  });

  it('fails a file that ends inside a quoted field', async () => {
    const { items, error } = await readAll(bytes('code,name,city\nD-1,A,B\nD-2,"unclosed, and'));
    expect(error).toBe('truncated_file');
    expect(items).toHaveLength(1);
  });

  it('reads a last row without a line break', async () => {
    const { items, error } = await readAll(bytes('code,name,city\nD-1,A,B'));
    expect(error).toBeNull();
    expect(summary(items)).toEqual([['line 2', { code: 'D-1', name: 'A', city: 'B' }]]);
  });

  it('fails an empty file, and reads a header-only file as no rows', async () => {
    expect((await readAll(bytes(''))).error).toBe('empty_file');
    expect((await readAll(bytes('\n\n'))).error).toBe('empty_file');
    expect(await readAll(bytes('code,name\r\n'))).toEqual({ items: [], error: null });
  });

  it('refuses UTF-16 before any row', async () => {
    const { items, error } = await readAll(bytes(new Uint8Array([0xff, 0xfe, 0x63, 0x00, 0x6f, 0x00])));
    expect(error).toBe('unsupported_encoding');
    expect(items).toEqual([]);
  });

  it('reads TSV, and rows split across chunks at any byte', async () => {
    const text = 'code\tname\tcity\nD-1\t"Dr. Zoë"\tPune\nD-2\tB\tC\n';
    const all = Buffer.from(text, 'utf8');
    for (let cut = 1; cut < all.length; cut += 3) {
      const { items } = await readAll(bytes(all.subarray(0, cut), all.subarray(cut)), '\t');
      expect(items.map((i) => i.position)).toEqual(['line 2', 'line 3']);
      expect(items[0]).toMatchObject({ value: { name: 'Dr. Zoë' } });
    }
  });
});
