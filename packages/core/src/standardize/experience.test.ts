import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { standardizeExperience } from './experience.js';

const pull = new Date('2026-11-20T05:30:00Z');

describe('standardizeExperience', () => {
  it.each<[unknown, number | null, string[]]>([
    ['22 Years', 2004, []],
    ['22+ yrs', 2004, []],
    ['22 yrs.', 2004, []],
    ['Over 15 years', 2011, []],
    ['More than 10 Years', 2016, []],
    ['5 Years 6 Months', 2021, []],
    ['18 months', 2025, []],
    ['15', 2011, []],
    ['15+', 2011, []],
    [12, 2014, []],
    [12.9, 2014, []],
    ['10-15 years', 2016, []],
    ['Since 2005', 2005, []],
    ['2005', 2005, []],
    ['Fresher', 2026, []],
    ['0', 2026, []],
    ['', null, []],
    [null, null, []],
    ['80 years', null, ['80 years']],
    [71, null, ['71']],
    [-3, null, ['-3']],
    ['1900', null, ['1900']],
    ['2030', null, ['2030']],
    ['lots', null, ['lots']],
    [{ years: 3 }, null, ['{"years":3}']],
  ])('%j', (raw, value, unmapped) => {
    expect(standardizeExperience(raw, pull)).toEqual({ value, unmapped, warnings: [] });
  });

  it('counts from the pull time in UTC', () => {
    expect(standardizeExperience('10 years', new Date('2027-01-01T00:00:00+05:30')).value).toBe(2016);
  });

  it('flags an invalid pull time', () => {
    expect(standardizeExperience('10 years', new Date(Number.NaN)).warnings).toEqual(['invalid_pull_time']);
  });

  it('never throws and stays plausible', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.jsonValue(), fc.double()), (raw) => {
        const year = standardizeExperience(raw, pull).value;
        if (year !== null) expect(year).toBeGreaterThanOrEqual(2026 - 70);
        if (year !== null) expect(year).toBeLessThanOrEqual(2026);
      }),
      { numRuns: 500 },
    );
  });
});
