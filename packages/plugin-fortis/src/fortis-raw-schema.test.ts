import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileSchemaCheck } from '@provider-data/core/kit';
import { FortisDoctorLine, FortisFacilityLine } from './fortis-raw-schema.js';

/** The type of a raw field, to draw test values of it (test data; the check itself comes from the schema). */
type RawFieldKind = 'required' | 'text' | 'number' | 'numberOrText' | 'strings';

const text = (...fields: string[]) => Object.fromEntries(fields.map((f) => [f, 'text' as const]));
const FACILITY_FIELD_KINDS: Record<string, RawFieldKind> = {
  facility_code: 'required',
  facility_name: 'required',
  ...text('facility_type', 'address_1', 'address_2', 'locality', 'city', 'state', 'pin_code'),
  ...text('contact_numbers', 'geo', 'nabh_accredited'),
};
const DOCTOR_FIELD_KINDS: Record<string, RawFieldKind> = {
  doctor_code: 'required',
  first_name: 'required',
  ...text('salutation', 'middle_name', 'last_name', 'gender', 'primary_department', 'designation'),
  ...text('specialties', 'languages', 'medical_council', 'registration_no', 'facility_codes'),
  ...text('mobile', 'email', 'opd_schedule', 'status'),
  degrees: 'strings',
  experience_years: 'numberOrText',
  opd_fee_inr: 'number',
  last_modified: 'number',
};

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
  const matches = compileSchemaCheck(schema);

  it('draws values for every field of the zod schema, and no other', () => {
    expect(Object.keys(kinds).sort()).toEqual(Object.keys(schema.shape).sort());
  });

  it('has a compiled check that answers as zod does', () => {
    const entries = Object.entries(kinds) as Array<[string, RawFieldKind]>;
    let passed = 0;
    fc.assert(
      fc.property(fc.record(Object.fromEntries(entries.map(([f, k]) => [f, fieldValue(k)]))), (line) => {
        const fast = matches(line);
        if (fast) passed++;
        expect(fast).toBe(schema.safeParse(line).success);
      }),
      { numRuns: 3000 },
    );
    expect(passed).toBeGreaterThan(100);
  });

  it('passes the lines it should, so that zod runs only on suspect ones', () => {
    const entries = Object.entries(kinds) as Array<[string, RawFieldKind]>;
    const required = Object.fromEntries(entries.filter(([, k]) => k === 'required').map(([f]) => [f, 'X-1']));
    expect(matches({ ...required, extra_field: { any: 'thing' } })).toBe(true);
    expect(matches({ ...required, [entries.find(([, k]) => k === 'required')![0]]: ' ' })).toBe(false);
  });
});
