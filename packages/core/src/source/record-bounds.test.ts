import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { boundedJson } from './bounded-json.js';
import { checkRecordBounds, DEFAULT_RECORD_LIMITS, resolveRecordLimits } from './record-bounds.js';

const nested = (depth: number) => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`);
const doctor = {
  doctor_code: 'FD-10234',
  first_name: 'Anil',
  specialties: 'Cardiology|Interventional Cardiology',
  degrees: ['MBBS', 'MD'],
  registration: { council: 'DMC', number: '12345' },
};

describe('checkRecordBounds', () => {
  it('passes an ordinary record', () => {
    expect(checkRecordBounds(doctor)).toBeNull();
  });

  it('names a field nested 5,000 arrays deep, without overflowing the stack', () => {
    const violation = checkRecordBounds({ ...doctor, extra: nested(5000) });
    expect(violation).toEqual({
      reason: 'record_too_deep',
      message: 'field "extra" nests arrays or objects deeper than 64 levels',
    });
  });

  it('counts depth from the record: 64 levels pass, 65 do not', () => {
    // The record is level 1, so a field may hold 63 levels.
    expect(checkRecordBounds({ extra: nested(63) })).toBeNull();
    expect(checkRecordBounds({ extra: nested(64) })?.reason).toBe('record_too_deep');
    expect(checkRecordBounds(nested(64))).toBeNull();
    expect(checkRecordBounds(nested(65))?.reason).toBe('record_too_deep');
  });

  it('bounds strings, field names, lists and the whole record, each with its own reason', () => {
    const limits = resolveRecordLimits({ maxStringLength: 10, maxListLength: 3, maxRecordSize: 200 });
    expect(checkRecordBounds({ name: 'x'.repeat(11) }, limits)).toEqual({
      reason: 'string_too_long',
      message: 'field "name" holds a string longer than 10 characters',
    });
    expect(checkRecordBounds({ ['k'.repeat(11)]: 1 }, limits)?.reason).toBe('string_too_long');
    expect(checkRecordBounds({ degrees: ['a', 'b', 'c', 'd'] }, limits)).toEqual({
      reason: 'list_too_long',
      message: 'field "degrees" holds a list of more than 3 items',
    });
    const wide = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`f${i}`, 'value']));
    expect(checkRecordBounds(wide, limits)).toEqual({
      reason: 'record_too_large',
      message: 'the record is larger than 200 characters of JSON',
    });
    expect(checkRecordBounds({ name: 'x'.repeat(10), degrees: ['a', 'b', 'c'] }, limits)).toBeNull();
  });

  it('stops on a cycle or a shared subtree instead of walking forever', () => {
    const cycle: Record<string, unknown> = { name: 'a' };
    cycle.self = cycle;
    expect(checkRecordBounds(cycle)?.reason).toBe('record_too_deep');
    let shared: unknown[] = ['leaf'];
    for (let i = 0; i < 60; i++) shared = [shared, shared]; // 2^60 paths, 61 arrays
    expect(checkRecordBounds({ shared })?.reason).toBe('record_too_large');
  });

  it('refuses limits that are not positive integers', () => {
    expect(() => resolveRecordLimits({ maxDepth: 0 })).toThrow(ConfigError);
    expect(() => resolveRecordLimits({ maxListLength: 1.5 })).toThrow(
      /maxListLength must be a positive integer/,
    );
    expect(resolveRecordLimits()).toEqual(DEFAULT_RECORD_LIMITS);
  });
});

describe('boundedJson', () => {
  it('writes what JSON.stringify writes', () => {
    const values = [
      doctor,
      [1, 'two', null, true, { a: undefined, b: [] }, [undefined]],
      'quote " and \\ and \u0000',
      { nan: Number.NaN, date: new Date('2026-11-20T05:30:00Z') },
    ];
    for (const value of values) expect(boundedJson(value)).toBe(JSON.stringify(value));
  });

  it('writes a record too deep for JSON.stringify, and cuts a long one off with an ellipsis', () => {
    const deep = { doctor_code: 'FD-1', extra: nested(5000) };
    expect(() => JSON.stringify(deep)).toThrow(RangeError);
    const text = boundedJson(deep, 100_000);
    expect(text).toBe(`{"doctor_code":"FD-1","extra":${'['.repeat(5000)}${']'.repeat(5000)}}`);
    expect(boundedJson(deep, 40)).toBe(`{"doctor_code":"FD-1","extra":${'['.repeat(10)}…`);
  });

  it('writes a cycle as null', () => {
    const cycle: Record<string, unknown> = { name: 'a' };
    cycle.self = cycle;
    expect(boundedJson(cycle)).toBe('{"name":"a","self":null}');
  });
});
