import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FacilityType } from '../model/common.js';
import { standardizeFacilityType } from './facility-type.js';

describe('standardizeFacilityType', () => {
  it.each<[unknown, FacilityType, string[]]>([
    ['Hospital', 'hospital', []],
    ['Clinic', 'clinic', []],
    ['Cradle', 'hospital', []],
    ['Spectra', 'day_care', []],
    ['Diagnostic Centre', 'diagnostic_centre', []],
    ['Diagnostics', 'diagnostic_centre', []],
    ['Lab', 'diagnostic_centre', []],
    ['HOSPITAL', 'hospital', []],
    ['CLINIC', 'clinic', []],
    ['DAY_CARE', 'day_care', []],
    ['HEART_INSTITUTE', 'hospital', []],
    ['Apollo Speciality Hospital', 'hospital', []],
    ['Pharmacy', 'other', ['Pharmacy']],
    ['', 'other', []],
    [null, 'other', []],
    [3, 'other', ['3']],
  ])('%j', (raw, value, unmapped) => {
    expect(standardizeFacilityType(raw)).toEqual({ value, unmapped, warnings: [] });
  });

  it('is idempotent and never throws', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.jsonValue()), (raw) => {
        const once = standardizeFacilityType(raw).value;
        expect(standardizeFacilityType(once).value).toBe(once);
      }),
      { numRuns: 500 },
    );
  });
});
