import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DOCTOR_FIELD_KINDS,
  FACILITY_FIELD_KINDS,
  FortisDoctorLine,
  FortisFacilityLine,
  matchesKinds,
  type RawFieldKind,
} from './fortis-raw-schema.js';

const cases = [
  { name: 'facility', schema: FortisFacilityLine, kinds: FACILITY_FIELD_KINDS },
  { name: 'doctor', schema: FortisDoctorLine, kinds: DOCTOR_FIELD_KINDS },
] as const;

/** Values of every JSON type, biased to the shapes the fields take. */
const anyValue = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.constantFrom('', '  ', 'FD-1', '15+', 'Dr.'),
  fc.string({ maxLength: 6 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.array(fc.oneof(fc.string({ maxLength: 4 }), fc.integer()), { maxLength: 3 }),
  fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 2 }),
);

/** Mostly values of the field's own type, sometimes anything: so that both outcomes occur often. */
function fieldValue(kind: RawFieldKind) {
  const right = {
    required: fc.string({ minLength: 1, maxLength: 6 }),
    text: fc.option(fc.string({ maxLength: 6 }), { nil: null }),
    number: fc.option(fc.integer(), { nil: null }),
    numberOrText: fc.oneof(fc.integer(), fc.string({ maxLength: 4 }), fc.constant(null)),
    strings: fc.option(fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }), { nil: null }),
  }[kind];
  return fc.oneof({ arbitrary: right, weight: 12 }, { arbitrary: anyValue, weight: 1 });
}

describe.each(cases)('$name line schema', ({ schema, kinds }) => {
  it('has a fast-check kind for every field of the zod schema, and no other', () => {
    expect(Object.keys(kinds).sort()).toEqual(Object.keys(schema.shape).sort());
  });

  it('never lets the fast check pass a line that zod rejects', () => {
    const entries = Object.entries(kinds) as Array<[string, RawFieldKind]>;
    let passed = 0;
    fc.assert(
      fc.property(fc.record(Object.fromEntries(entries.map(([f, k]) => [f, fieldValue(k)]))), (line) => {
        if (!matchesKinds(line, entries)) return;
        passed++;
        expect(schema.safeParse(line).success).toBe(true);
      }),
      { numRuns: 3000 },
    );
    expect(passed).toBeGreaterThan(100);
  });

  it('passes the lines it should, so that zod runs only on suspect ones', () => {
    const entries = Object.entries(kinds) as Array<[string, RawFieldKind]>;
    const required = Object.fromEntries(entries.filter(([, k]) => k === 'required').map(([f]) => [f, 'X-1']));
    expect(matchesKinds({ ...required, extra_field: { any: 'thing' } }, entries)).toBe(true);
    expect(matchesKinds({ ...required, [entries.find(([, k]) => k === 'required')![0]]: ' ' }, entries)).toBe(
      false,
    );
  });
});
