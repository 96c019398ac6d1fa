import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type PersonName, standardizeName, standardizeNameParts } from './names.js';

const name = (
  displayName: string,
  prefixes: string[],
  givenName: string | null,
  familyName: string | null,
): PersonName => ({ displayName, prefixes, givenName, familyName });

describe('standardizeName', () => {
  it.each<[string, PersonName | null]>([
    ['Dr. K. Ramesh Kumar', name('K. Ramesh Kumar', ['Dr.'], 'Ramesh Kumar', 'K.')],
    ['DR RAMESH KUMAR K', name('K. Ramesh Kumar', ['Dr.'], 'Ramesh Kumar', 'K.')],
    ['Dr Ramesh Kumar K.', name('K. Ramesh Kumar', ['Dr.'], 'Ramesh Kumar', 'K.')],
    [
      'Prof. Dr. (Col.) Anil Sharma (Retd.)',
      name('Anil Sharma', ['Prof.', 'Dr.', 'Col.', 'Retd.'], 'Anil', 'Sharma'),
    ],
    ['Dr. Anita D&#39;Souza', name("Anita D'Souza", ['Dr.'], 'Anita', "D'Souza")],
    ['dr.  priya   menon', name('Priya Menon', ['Dr.'], 'Priya', 'Menon')],
    ['DR. PRIYA MENON', name('Priya Menon', ['Dr.'], 'Priya', 'Menon')],
    ['Dr .  Suresh  Iyer', name('Suresh Iyer', ['Dr.'], 'Suresh', 'Iyer')],
    ['Dr.K.R.Srinivasan', name('K. R. Srinivasan', ['Dr.'], 'Srinivasan', 'K. R.')],
    ['DR S SUBRAMANIAN', name('S. Subramanian', ['Dr.'], 'Subramanian', 'S.')],
    ['Dr. (Brig.) Rajesh Verma', name('Rajesh Verma', ['Dr.', 'Brig.'], 'Rajesh', 'Verma')],
    [
      'Dr. (Maj. Gen.) Vikram Singh Rathore',
      name('Vikram Singh Rathore', ['Dr.', 'Maj.', 'Gen.'], 'Vikram Singh', 'Rathore'),
    ],
    ['Lt. Col. Major Singh', name('Major Singh', ['Lt.', 'Col.'], 'Major', 'Singh')],
    ['Capt. Sunil Nair', name('Sunil Nair', ['Capt.'], 'Sunil', 'Nair')],
    ['Dr. (Mrs.) Sunita Reddy', name('Sunita Reddy', ['Dr.', 'Mrs.'], 'Sunita', 'Reddy')],
    ['Mrs. Lakshmi Rao', name('Lakshmi Rao', ['Mrs.'], 'Lakshmi', 'Rao')],
    ['Ms Kavya Pillai', name('Kavya Pillai', ['Ms.'], 'Kavya', 'Pillai')],
    ['Mr. Arjun Das', name('Arjun Das', ['Mr.'], 'Arjun', 'Das')],
    ['ANIL DE SOUZA', name('Anil de Souza', [], 'Anil', 'de Souza')],
    ['Dr. John McDONALD', name('John McDonald', ['Dr.'], 'John', 'McDonald')],
    ["DR. SEAN O'BRIEN", name("Sean O'Brien", ['Dr.'], 'Sean', "O'Brien")],
    ['Dr. Mary-Anne FERNANDES', name('Mary-Anne Fernandes', ['Dr.'], 'Mary-Anne', 'Fernandes')],
    ['A. P. J. Abdul Kalam', name('A. P. J. Abdul Kalam', [], 'Abdul Kalam', 'A. P. J.')],
    ['Dr. Anil K. Sharma', name('Anil K. Sharma', ['Dr.'], 'Anil K.', 'Sharma')],
    ['Dr. Madhavan', name('Madhavan', ['Dr.'], 'Madhavan', null)],
    ['Dr. Anil Sharma, MBBS', name('Anil Sharma', ['Dr.'], 'Anil', 'Sharma')],
    ['Dr. Ravi&nbsp;Shankar', name('Ravi Shankar', ['Dr.'], 'Ravi', 'Shankar')],
    ['Dr. Anil Sharma Retd', name('Anil Sharma', ['Dr.', 'Retd.'], 'Anil', 'Sharma')],
    ['Dr. Sneha\n  Kulkarni ', name('Sneha Kulkarni', ['Dr.'], 'Sneha', 'Kulkarni')],
    ['Dr', null],
    ['', null],
    ['   ', null],
  ])('%j', (raw, expected) => {
    expect(standardizeName(raw).value).toEqual(expected);
  });

  it('reports what it dropped', () => {
    expect(standardizeName('Dr. Anil Sharma, MBBS').unmapped).toEqual(['MBBS']);
    expect(standardizeName('Dr. Anil Sharma (Cardiology)').unmapped).toEqual(['Cardiology']);
    expect(standardizeName(42)).toEqual({ value: null, unmapped: ['42'], warnings: [] });
    expect(standardizeName(null)).toEqual({ value: null, unmapped: [], warnings: [] });
  });
});

describe('standardizeNameParts', () => {
  it.each<[Parameters<typeof standardizeNameParts>[0], PersonName | null]>([
    [{ salutation: 'Dr.', first: 'Ramesh', last: 'Kumar' }, name('Ramesh Kumar', ['Dr.'], 'Ramesh', 'Kumar')],
    [
      { salutation: 'Prof. Dr.', first: 'ANIL', middle: null, last: 'SHARMA' },
      name('Anil Sharma', ['Prof.', 'Dr.'], 'Anil', 'Sharma'),
    ],
    [
      { salutation: '', first: 'Priya', middle: 'Lakshmi', last: 'Menon' },
      name('Priya Lakshmi Menon', [], 'Priya Lakshmi', 'Menon'),
    ],
    [{ salutation: 'Dr.', first: 'Madhavan', last: '' }, name('Madhavan', ['Dr.'], 'Madhavan', null)],
    [
      { salutation: 'Dr.', first: 'Ramesh Kumar', last: 'K' },
      name('K. Ramesh Kumar', ['Dr.'], 'Ramesh Kumar', 'K.'),
    ],
    [{ first: 'anita', last: 'de souza' }, name('Anita de Souza', [], 'Anita', 'de Souza')],
    [{ salutation: 'Dr.', first: 'Dr. Neha', last: 'Gupta' }, name('Neha Gupta', ['Dr.'], 'Neha', 'Gupta')],
    [{ salutation: 'Dr.', first: '', last: null }, null],
  ])('%j', (parts, expected) => {
    expect(standardizeNameParts(parts).value).toEqual(expected);
  });

  it('puts an unknown salutation in unmapped', () => {
    expect(standardizeNameParts({ salutation: 'Hon.', first: 'Ravi' }).unmapped).toEqual(['Hon.']);
  });
});

describe('name properties', () => {
  it('never throws', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.jsonValue()), (raw) => {
        standardizeName(raw);
        standardizeNameParts({ salutation: raw, first: raw, last: raw });
      }),
      { numRuns: 500 },
    );
  });

  it('keeps a display name unchanged', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (raw) => {
        const once = standardizeName(raw).value;
        if (once === null) return;
        expect(standardizeName(once.displayName).value?.displayName).toBe(once.displayName);
      }),
    );
  });
});
