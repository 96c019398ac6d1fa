import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FileDataError } from '../errors.js';
import type { SourceItem } from '../source/source.js';
import { jsonDocumentFile, ndjsonFile } from '../testing/pull-writers.js';
import { readJsonDocument } from './json-document-reader.js';
import { readNdjson } from './ndjson-reader.js';
import { optionalText, requiredText } from './raw-fields.js';
import { createRecordValidator } from './record-validator.js';
import { compileSchemaCheck } from './schema-check.js';

async function collect(items: AsyncIterable<SourceItem>) {
  const out: SourceItem[] = [];
  try {
    for await (const item of items) out.push(item);
    return { items: out, error: null };
  } catch (error) {
    if (!(error instanceof FileDataError)) throw error;
    return { items: out, error: error.reason };
  }
}

async function bufferOf(body: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const part of body) parts.push(part);
  return Buffer.concat(parts);
}

const lines = [{ code: 'D-1' }, 'not json', [1, 2], { code: 'D-2', name: 'Zoë' }];
const doctor = { type: 'doctor', entity: 'practitioner' } as const;

describe('readNdjson over ndjsonFile', () => {
  it.each([
    ['plain', {}],
    ['CRLF, a BOM, blank lines', { crlf: true, bom: true, blankLineEvery: 1 }],
    ['gzip', { gzip: true }],
  ])('reads back every line with its outcome (%s)', async (_, faults) => {
    const body = ndjsonFile(lines, faults);
    const { items, error } = await collect(readNdjson(body, { kind: doctor, gzip: 'gzip' in faults }));
    expect(error).toBeNull();
    expect(items.map((i) => (i.kind === 'record' ? i.value : i.reason))).toEqual([
      { code: 'D-1' },
      'invalid_json',
      'not_an_object',
      { code: 'D-2', name: 'Zoë' },
    ]);
  });

  it('fails a cut-off last line, and a truncated gzip, after the complete lines', async () => {
    const cut = await collect(readNdjson(ndjsonFile(lines, { cutLastLine: true }), { kind: doctor }));
    expect(cut.error).toBe('truncated_file');
    expect(cut.items).toHaveLength(3);
    const many = Array.from({ length: 2000 }, (_, i) => ({ code: `D-${i}` }));
    const gz = await collect(
      readNdjson(ndjsonFile(many, { gzip: 'truncated' }), { kind: doctor, gzip: true }),
    );
    expect(gz.error).toBe('truncated_file');
    expect(gz.items.length).toBe(2000);
  });

  it('fails a file that is not gzip', async () => {
    const { error } = await collect(readNdjson(ndjsonFile(lines), { kind: doctor, gzip: true }));
    expect(error).toBe('invalid_gzip');
  });
});

describe('readJsonDocument over jsonDocumentFile', () => {
  const arrays = {
    hospitals: { type: 'hospital', entity: 'practice' },
    doctors: { type: 'doctor', entity: 'practitioner' },
  } as const;
  const parts = [
    ['doctors', [{ id: 'D-1' }, { id: 'D-2' }]],
    ['meta', { city: 'Pune', list: [1, 2] }],
    ['hospitals', [{ id: 'H-1' }]],
  ] as const;

  it('reads the named arrays in file order, with a BOM, skipping other keys', async () => {
    const body = await bufferOf(jsonDocumentFile(parts, { bom: true }));
    const { items, error } = await collect(readJsonDocument(async () => Readable.from([body]), { arrays }));
    expect(error).toBeNull();
    expect(items.map((i) => i.position)).toEqual(['doctors[0]', 'doctors[1]', 'hospitals[0]']);
  });

  it('fails a document cut part way after the records completed before the cut', async () => {
    const body = await bufferOf(jsonDocumentFile(parts, { cutAt: 0.6 }));
    const { items, error } = await collect(readJsonDocument(async () => Readable.from([body]), { arrays }));
    expect(error).toBe('truncated_file');
    expect(items.length).toBeGreaterThanOrEqual(1);
  });

  it('does not take a prototype key for a record array', async () => {
    const body = Buffer.from('{"constructor":[1],"doctors":[{"id":"D"}]}');
    const { items } = await collect(readJsonDocument(async () => Readable.from([body]), { arrays }));
    expect(items.map((i) => i.position)).toEqual(['doctors[0]']);
  });
});

describe('createRecordValidator', () => {
  const Doctor = z.looseObject({
    code: requiredText,
    name: requiredText,
    mobile: optionalText,
    fee: z.number().nullish(),
    degrees: z.array(z.string()).nullish(),
    place: z.object({ lat: z.number(), lng: z.number() }).nullish(),
  });
  const doctors = createRecordValidator({
    schema: Doctor,
    name: 'doctor',
    entity: 'practitioner',
    idField: 'code',
    readForMeaning: { mobile: (v) => (typeof v === 'number' ? String(v) : undefined) },
    rawOnly: ['place'],
  });

  it('takes the required fields from the schema', () => {
    expect(doctors.required).toEqual(['code', 'name']);
  });

  it('quarantines a missing, blank or wrong-typed required field, and a non-object', () => {
    expect(doctors.validate({ name: 'A' })).toMatchObject({ ok: false, issue: { reason: 'missing_field' } });
    expect(doctors.validate({ code: ' ', name: 'A' })).toMatchObject({
      ok: false,
      issue: { reason: 'missing_field' },
    });
    expect(doctors.validate({ code: 'D', name: 7 })).toMatchObject({
      ok: false,
      issue: { reason: 'invalid_value', sourceId: 'D', message: 'name must be a string, got number' },
    });
    expect(doctors.validate('D-1')).toMatchObject({ ok: false, issue: { reason: 'not_an_object' } });
  });

  it('reads a wrong-typed optional field for its meaning, or drops and names it', () => {
    const checked = doctors.validate({
      code: 'D',
      name: 'A',
      mobile: 9845012345,
      fee: 'free',
      place: 'x',
      extra: 1,
    });
    expect(checked).toEqual({
      ok: true,
      record: { code: 'D', name: 'A', mobile: '9845012345', extra: 1 },
      unusable: ['doctor.fee'],
    });
  });

  it('answers as zod does for any value (the compiled check)', async () => {
    const fc = await import('fast-check');
    const check = compileSchemaCheck(Doctor);
    fc.assert(
      fc.property(
        fc.record(
          {
            code: fc.oneof(fc.string(), fc.constant(' '), fc.integer()),
            name: fc.oneof(fc.string(), fc.constant(null)),
            mobile: fc.oneof(fc.string(), fc.constant(null), fc.integer()),
            fee: fc.oneof(fc.double(), fc.constant(null), fc.string()),
            degrees: fc.oneof(fc.array(fc.string()), fc.array(fc.integer()), fc.constant(null)),
            place: fc.oneof(fc.record({ lat: fc.double(), lng: fc.double() }), fc.constant([1, 2])),
          },
          { requiredKeys: [] },
        ),
        (value) => check(value) === Doctor.safeParse(value).success,
      ),
    );
  });
});
