import fc from 'fast-check';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { standardizePhone, standardizePhones } from './phones.js';

describe('standardizePhones', () => {
  it.each<[unknown, string[], string[]]>([
    ['044-28293333', ['+914428293333'], []],
    ['+91 44 2829 3333', ['+914428293333'], []],
    ['044-2829 3333 / 2829 4444', ['+914428293333', '+914428294444'], []],
    ['04428293333 / 28290200', ['+914428293333', '+914428290200'], []],
    ['0124 4962200, 0124 7162200', ['+911244962200', '+911247162200'], []],
    ['080-2222 3333; 2222 4444', ['+918022223333', '+918022224444'], []],
    ['1860-500-1066', ['+9118605001066'], []],
    ['1800-102-1234', ['+9118001021234'], []],
    ['1800 419 1066', ['+9118004191066'], []],
    ['98400 12345', ['+919840012345'], []],
    ['+91-9840012345', ['+919840012345'], []],
    ['09840012345', ['+919840012345'], []],
    ['919840012345', ['+919840012345'], []],
    ['+91 98400 12345', ['+919840012345'], []],
    ['(044) 2829 3333', ['+914428293333'], []],
    ['Tel: 044 2829 3333', ['+914428293333'], []],
    ['080-2222 3333 Extn 204', ['+918022223333'], []],
    ['9840012345, 9840012345', ['+919840012345'], []],
    [['044-28293333', '+91 44 2829 3333'], ['+914428293333'], []],
    [['044-28293333', '98400 12345'], ['+914428293333', '+919840012345'], []],
    [9840012345, ['+919840012345'], []],
    ['+1 415 555 2671', ['+14155552671'], []],
    ['+44 20 7946 0958', ['+442079460958'], []],
    ['12345', [], ['12345']],
    ['+91 5555555555', [], ['+91 5555555555']],
    ['9840012345 / 2829 4444', ['+919840012345'], ['2829 4444']],
    ['N/A', [], ['N/A']],
    ['', [], []],
    [null, [], []],
    [{ phone: 1 }, [], ['{"phone":1}']],
  ])('%j', (raw, value, unmapped) => {
    expect(standardizePhones(raw)).toEqual({ value, unmapped, warnings: [] });
  });

  it('never throws', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.jsonValue()), (raw) => {
        standardizePhones(raw);
        standardizePhone(raw);
      }),
      { numRuns: 500 },
    );
  });

  it('agrees with a full libphonenumber parse on plain Indian numbers', () => {
    const nsn = fc.integer({ min: 1_000_000_000, max: 9_999_999_999 }).map(String);
    const prefix = fc.constantFrom('', '0', '+91 ', '91', '+91-', '0091');
    fc.assert(
      fc.property(prefix, nsn, (p, n) => {
        const full = parsePhoneNumberFromString(p + n, 'IN');
        const expected = full?.isValid() ? [full.number] : [];
        expect(standardizePhones(p + n).value).toEqual(expected);
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps E.164 input unchanged', () => {
    const mobile = fc.integer({ min: 6_000_000_000, max: 9_999_999_999 }).map((n) => `+91${n}`);
    fc.assert(
      fc.property(mobile, (e164) => {
        const once = standardizePhones(e164).value;
        for (const n of once) expect(standardizePhones(n).value).toEqual([n]);
        expect(standardizePhones(once).value).toEqual(once);
      }),
    );
  });
});

describe('standardizePhone', () => {
  it('reads one number', () => {
    expect(standardizePhone('098400 12345')).toEqual({ value: '+919840012345', unmapped: [], warnings: [] });
    expect(standardizePhone('12345')).toEqual({ value: null, unmapped: ['12345'], warnings: [] });
    expect(standardizePhone(null)).toEqual({ value: null, unmapped: [], warnings: [] });
  });

  it('keeps the first of several numbers and says so', () => {
    expect(standardizePhone('98400 12345 / 98400 54321')).toEqual({
      value: '+919840012345',
      unmapped: [],
      warnings: ['multiple_phones'],
    });
  });
});
