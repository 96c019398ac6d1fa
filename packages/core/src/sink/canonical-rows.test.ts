import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { Practice } from '../model/practice.js';
import { Practitioner } from '../model/practitioner.js';
import { Provider } from '../model/provider.js';
import { fullyStoredRecords } from '../testing/canonical-fixtures.js';
import { contentHash, ROW_CODECS } from './canonical-rows.js';

const snake = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** A different value of the same kind, so that the row text must differ. */
function changed(value: unknown): unknown {
  if (typeof value === 'string') return `${value}x`;
  if (typeof value === 'number') return value + 1;
  if (typeof value === 'boolean') return !value;
  if (value instanceof Date) return new Date(value.getTime() + 1000);
  if (Array.isArray(value)) return [...value, value[0]];
  if (value !== null && typeof value === 'object') return { ...value, changed: true };
  throw new Error(`the fixture leaves a field ${String(value)}: give it a value`);
}

const entities = [
  ['practitioner', Practitioner],
  ['practice', Practice],
  ['provider', Provider],
] as const satisfies readonly [keyof typeof ROW_CODECS, z.ZodObject][];

describe('the row codecs', () => {
  it.each(entities)('give every %s field of the canonical schema a column', (entity, schema) => {
    expect([...ROW_CODECS[entity].columns].sort()).toEqual(Object.keys(schema.shape).map(snake).sort());
  });

  it.each(entities)('hash every %s field but raw: changing one changes the hash', (entity, schema) => {
    const record = fullyStoredRecords()[entity] as Record<string, unknown>;
    const codec = ROW_CODECS[entity];
    expect(codec.content(record as never).split('\t')).toHaveLength(
      codec.columns.filter((c) => c !== 'raw').length,
    );
    const base = contentHash(entity, record as never);
    for (const field of Object.keys(schema.shape)) {
      const other = contentHash(entity, { ...record, [field]: changed(record[field]) } as never);
      if (field === 'raw') expect(other, field).toBe(base);
      else expect(other, field).not.toBe(base);
    }
  });

  it('hash a practice the same whatever the key order of its place details', () => {
    const { practice } = fullyStoredRecords();
    const reordered = {
      ...practice,
      placeDetails: Object.fromEntries(Object.entries(practice.placeDetails ?? {}).reverse()),
    };
    expect(contentHash('practice', reordered as typeof practice)).toBe(contentHash('practice', practice));
  });
});
