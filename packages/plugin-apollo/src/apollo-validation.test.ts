import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApolloDoctor, ApolloHospital } from './apollo-raw-schema.js';
import { compileSchemaCheck } from '@provider-data/core/kit';

const isWellFormedHospital = compileSchemaCheck(ApolloHospital);
const isWellFormedDoctor = compileSchemaCheck(ApolloDoctor);

// Values of every JSON type for each field, so both checks see right and wrong types.
const anyValue = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.constantFrom('', ' ', 'AH-1', 'Dr. A'),
  fc.integer(),
  fc.constantFrom(Number.NaN, 1.5),
  fc.boolean(),
  fc.constant(['044 2829 3333']),
  fc.constant([1]),
  fc.constant({ lat: 13.1, lng: 80.2 }),
  fc.constant({ council: 'TNMC', number: '1' }),
  fc.constant([{ hospitalId: 'H', fee: '₹ 500', slots: null }]),
  fc.constant([{ fee: 1 }]),
);
const record = (fields: string[]) =>
  fc.record(Object.fromEntries(fields.map((f) => [f, anyValue])), { requiredKeys: [] });

describe('the fast well-formedness checks', () => {
  it('agree with the zod schema of hospitals', () => {
    const fields = Object.keys(ApolloHospital.shape);
    fc.assert(
      fc.property(record(fields), (h) => {
        expect(isWellFormedHospital(h)).toBe(ApolloHospital.safeParse(h).success);
      }),
      { numRuns: 1500 },
    );
  });

  it('agree with the zod schema of doctors', () => {
    const fields = Object.keys(ApolloDoctor.shape);
    fc.assert(
      fc.property(record(fields), (d) => {
        expect(isWellFormedDoctor(d)).toBe(ApolloDoctor.safeParse(d).success);
      }),
      { numRuns: 1500 },
    );
  });
});
