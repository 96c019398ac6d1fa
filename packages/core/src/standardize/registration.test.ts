import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Registration, standardizeRegistration } from './registration.js';

describe('standardizeRegistration', () => {
  it.each<[unknown, unknown, string | null, Registration | null, string[]]>([
    ['DMC', 'DMC/R/12345', null, { council: 'Delhi Medical Council', number: '12345' }, []],
    ['DMC', '12345', null, { council: 'Delhi Medical Council', number: '12345' }, []],
    ['MMC', '2004/03/1234', null, { council: 'Maharashtra Medical Council', number: '2004/03/1234' }, []],
    ['HMC', 'HMC-5678', null, { council: 'Haryana Medical Council', number: '5678' }, []],
    ['NMC', 'nmc 998877', null, { council: 'National Medical Commission', number: '998877' }, []],
    ['KMC', ' 45678 ', null, { council: 'Karnataka Medical Council', number: '45678' }, []],
    ['TNMC', 'Reg. No. 45678', null, { council: 'Tamil Nadu Medical Council', number: '45678' }, []],
    [
      'Tamil Nadu Medical Council',
      '45678',
      null,
      { council: 'Tamil Nadu Medical Council', number: '45678' },
      [],
    ],
    ['MCI', 'mci-12-3456', null, { council: 'Medical Council of India', number: '12-3456' }, []],
    [
      'Medical Council of India',
      'A 1234',
      null,
      { council: 'Medical Council of India', number: 'A1234' },
      [],
    ],
    ['Delhi Medical Council', 'MMC/123', null, { council: 'Delhi Medical Council', number: 'MMC/123' }, []],
    ['MMC', '1234', 'Manipur', { council: 'Manipur Medical Council', number: '1234' }, []],
    ['GMC', 'G-1234', 'Gujarat', { council: 'Gujarat Medical Council', number: 'G-1234' }, []],
    [null, 'DMC/R/12345', null, { council: 'Delhi Medical Council', number: '12345' }, []],
    ['Some Council', 'ab12', null, { council: 'Some Council', number: 'AB12' }, ['Some Council']],
    [42, 12345, null, { council: '', number: '12345' }, ['42']],
    ['DMC', null, null, null, []],
    ['DMC', '', null, null, []],
    ['DMC', '---', null, null, ['---']],
  ])('%j %j', (council, number, state, value, unmapped) => {
    const result = standardizeRegistration(council, number, state);
    expect(result.value).toEqual(value);
    expect(result.unmapped).toEqual(unmapped);
  });

  it('warns when the council is missing', () => {
    expect(standardizeRegistration(null, '45678').warnings).toEqual(['registration_council_missing']);
  });

  it('is idempotent and never throws', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: 'binary' }), fc.jsonValue()),
        fc.jsonValue(),
        (council, number) => {
          const once = standardizeRegistration(council, number).value;
          if (once !== null && once.council !== '') {
            expect(standardizeRegistration(once.council, once.number).value).toEqual(once);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
