import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { standardizeFee } from './fees.js';

describe('standardizeFee', () => {
  it.each<[unknown, number | null, string[]]>([
    ['₹ 1,200', 1200, []],
    ['₹1200', 1200, []],
    ['Rs. 1200/-', 1200, []],
    ['Rs 800', 800, []],
    ['INR 800', 800, []],
    ['1,00,000', 100000, []],
    ['1200.50', 1200.5, []],
    [1200, 1200, []],
    ['1200', 1200, []],
    ['Free', 0, []],
    ['0', 0, []],
    ['', null, []],
    [null, null, []],
    ['N/A', null, []],
    ['800-1200', null, ['800-1200']],
    ['-500', null, ['-500']],
    [-500, null, ['-500']],
    ['On call', null, ['On call']],
    [{ amount: 5 }, null, ['{"amount":5}']],
  ])('%j', (raw, value, unmapped) => {
    expect(standardizeFee(raw)).toEqual({ value, unmapped, warnings: [] });
  });

  it('is idempotent and never throws', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.jsonValue()), (raw) => {
        const once = standardizeFee(raw).value;
        if (once !== null) expect(standardizeFee(once).value).toBe(once);
      }),
      { numRuns: 500 },
    );
  });
});
