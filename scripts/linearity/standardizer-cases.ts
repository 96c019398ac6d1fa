// Inputs for core's standardizers: ordinary lists and text made long, and the
// runs of separators, dashes, dots, digits and spaces that a regex anchored
// at one end only (`[…]+$`) or with nested `\s*` could backtrack over.
import {
  boundedJson,
  checkRecordBounds,
  cleanText,
  standardizeAddressLine,
  standardizeCity,
  standardizeEmail,
  standardizeExperience,
  standardizeFacilityType,
  standardizeFee,
  standardizeGender,
  standardizeLanguages,
  standardizeName,
  standardizeNameParts,
  standardizePhone,
  standardizePhones,
  standardizePincode,
  standardizeQualifications,
  standardizeRegistration,
  standardizeSchedule,
  standardizeSpecialties,
  standardizeState,
} from '@provider-data/core';
import { joined, type LinearityCase, list, mobile, word } from './case.js';

const PULL_TIME = new Date('2026-11-20T05:30:00Z');
const LANGUAGES = ['Hindi', 'Tamil', 'English', 'Punjabi', 'Bengali', 'Telugu', 'Kannada'];
const SPECIALTIES = ['Cardiology', 'Neurology', 'Sr. Consultant Paediatrician', 'ENT', 'Obs & Gynae'];
const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

const text = (fn: string, call: (raw: string) => unknown, shapes: Record<string, (n: number) => string>) =>
  Object.entries(shapes).map(
    ([shape, build]): LinearityCase => ({
      fn,
      shape,
      make(n) {
        const input = build(n);
        return () => call(input);
      },
    }),
  );

const words = (n: number) => joined(n, ' ', word);

export const STANDARDIZER_CASES: LinearityCase[] = [
  ...text('standardizeName', standardizeName, {
    words: (n) => `Dr. ${words(n)}`,
    'initials after': (n) => `Ramesh ${joined(n, ' ', () => 'K.')}`,
    'bracketed honorifics after': (n) => `Ramesh Kumar ${joined(n, ' ', () => '(Retd.)')}`,
    'run of digits ending in junk': (n) => `Ramesh a${'1'.repeat(n)}-`,
  }),
  ...text(
    'standardizeNameParts',
    (first) => standardizeNameParts({ salutation: 'Dr.', first, last: 'Rao' }),
    {
      words,
    },
  ),
  ...text('standardizeGender', standardizeGender, { characters: (n) => 'F'.repeat(n) }),
  ...text('standardizeSpecialties', standardizeSpecialties, {
    'distinct | items': (n) => joined(n, '|', (i) => `Speciality ${word(i)}`),
    'known | items': (n) => joined(n, '|', (i) => SPECIALTIES[i % SPECIALTIES.length]!),
    'words of one fragment': words,
  }),
  ...text('standardizeQualifications', standardizeQualifications, {
    'degrees with subjects': (n) => joined(n, ', ', (i) => `MD (${word(i)})`),
    'run of " -" inside a fragment': (n) => `MBBS${' -'.repeat(n)} x`,
  }),
  ...text('standardizeExperience', (raw) => standardizeExperience(raw, PULL_TIME), {
    'run of digits': (n) => `${'1'.repeat(n)} x`,
    'numbers and words': (n) => joined(n, ' ', (i) => `${i % 90} y${word(i)}`),
  }),
  ...text('standardizeLanguages', standardizeLanguages, {
    'known , items': (n) => joined(n, ', ', (i) => LANGUAGES[i % LANGUAGES.length]!),
    'unknown , items': (n) => joined(n, ', ', word),
  }),
  ...text('standardizePhones', standardizePhones, {
    'distinct , numbers': (n) => joined(n, ', ', mobile),
    'landline and local numbers': (n) => `044-2829 3333 / ${joined(n, ' / ', (i) => String(2_000_000 + i))}`,
  }),
  ...text('standardizePhone', standardizePhone, { 'distinct , numbers': (n) => joined(n, ', ', mobile) }),
  ...text('standardizeEmail', standardizeEmail, {
    'distinct , addresses': (n) => joined(n, ', ', (i) => `doctor${i}@example.com`),
    'one long local part': (n) => `${'a.'.repeat(n)}@example`,
  }),
  ...text('standardizeCity', standardizeCity, { words, 'run of _': (n) => `a${'_'.repeat(n)}b` }),
  ...text('standardizeState', standardizeState, { words }),
  ...text('standardizePincode', standardizePincode, { 'run of digits and spaces': (n) => '6 '.repeat(n) }),
  ...text('cleanText', cleanText, {
    'words with spaces around': (n) => joined(n, '  \n ', word),
    entities: (n) => '&amp;#39;'.repeat(n),
  }),
  ...text('standardizeAddressLine', standardizeAddressLine, {
    'parts , with doubled separators': (n) => joined(n, ',, ', word),
    'run of " -" inside': (n) => `a${' -'.repeat(n)} b`,
  }),
  ...text('standardizeFee', standardizeFee, {
    'run of dots inside': (n) => `1${'.'.repeat(n)}2`,
    'groups of digits': (n) => `₹ 1${',200'.repeat(n)}`,
  }),
  ...text('standardizeSchedule', standardizeSchedule, {
    'slots ; items': (n) => joined(n, '; ', (i) => `${DAYS[i % 7]} ${i % 12}:00-${(i % 12) + 1}:00 PM`),
    'days of one slot': (n) => `${joined(n, ',', (i) => DAYS[i % 7]!)} 10:00-13:00`,
    'numbers without ranges': (n) => joined(n, ' ', (i) => String(i % 100)),
  }),
  ...text('standardizeFacilityType', standardizeFacilityType, { words }),
  ...text('standardizeRegistration', (raw) => standardizeRegistration('DMC', raw), {
    'run of digits': (n) => `DMC/R/${'1'.repeat(n)}`,
    'run of markers': (n) => `${'Reg. No. '.repeat(n)}12345`,
  }),
  {
    fn: 'checkRecordBounds',
    shape: 'list of strings',
    make(n) {
      const record = { doctor_code: 'FD-1', degrees: list(n, word) };
      return () => checkRecordBounds(record);
    },
  },
  {
    fn: 'boundedJson',
    shape: 'list of strings',
    make(n) {
      const record = { doctor_code: 'FD-1', degrees: list(n, word) };
      return () => boundedJson(record, Number.MAX_SAFE_INTEGER);
    },
  },
];
