import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Gender } from '../model/common.js';
import { standardizeGender } from './gender.js';

describe('standardizeGender', () => {
  it.each<[unknown, Gender, string[]]>([
    ['Male', 'male', []],
    ['M', 'male', []],
    ['male', 'male', []],
    [' m ', 'male', []],
    ['F', 'female', []],
    ['Female', 'female', []],
    ['FEMALE', 'female', []],
    ['O', 'other', []],
    ['Other', 'other', []],
    ['Transgender', 'other', []],
    ['', 'unknown', []],
    [null, 'unknown', []],
    [undefined, 'unknown', []],
    ['X', 'unknown', ['X']],
    [1, 'unknown', ['1']],
  ])('%j', (raw, value, unmapped) => {
    expect(standardizeGender(raw)).toEqual({ value, unmapped, warnings: [] });
  });

  it('is idempotent and never throws', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.jsonValue()), (raw) => {
        const once = standardizeGender(raw).value;
        expect(standardizeGender(once).value).toBe(once);
      }),
      { numRuns: 500 },
    );
  });
});
