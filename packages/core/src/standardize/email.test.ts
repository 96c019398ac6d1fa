import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { standardizeEmail } from './email.js';

describe('standardizeEmail', () => {
  it.each<[unknown, string | null, string[], string[]]>([
    ['dr.priya@apollohospitals.com', 'dr.priya@apollohospitals.com', [], []],
    [' Dr.Priya@Apollo.COM ', 'dr.priya@apollo.com', [], []],
    ['mailto:ramesh.k@fortishealthcare.com', 'ramesh.k@fortishealthcare.com', [], []],
    ['anita+opd@clinic.co.in', 'anita+opd@clinic.co.in', [], []],
    ['a@b.com, c@d.com', 'a@b.com', [], ['multiple_emails']],
    ['not an email', null, ['not an email'], []],
    ['priya@apollo', null, ['priya@apollo'], []],
    ['priya..menon@apollo.com', null, ['priya..menon@apollo.com'], []],
    ['@apollo.com', null, ['@apollo.com'], []],
    ['', null, [], []],
    [null, null, [], []],
    [42, null, ['42'], []],
  ])('%j', (raw, value, unmapped, warnings) => {
    expect(standardizeEmail(raw)).toEqual({ value, unmapped, warnings });
  });

  it('is idempotent and never throws', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.jsonValue(), fc.emailAddress()), (raw) => {
        const once = standardizeEmail(raw).value;
        if (once !== null) expect(standardizeEmail(once).value).toBe(once);
      }),
      { numRuns: 500 },
    );
  });

  it('accepts generated addresses', () => {
    fc.assert(
      fc.property(fc.emailAddress(), (email) => void expect(standardizeEmail(email).value).not.toBeNull()),
    );
  });
});
