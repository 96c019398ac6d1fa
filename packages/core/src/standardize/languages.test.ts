import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { standardizeLanguages } from './languages.js';

describe('standardizeLanguages', () => {
  it.each<[unknown, string[], string[]]>([
    ['English, Tamil, Hindi', ['en', 'ta', 'hi'], []],
    ['Hindi|English|Punjabi', ['hi', 'en', 'pa'], []],
    [['Malayalam', 'English'], ['ml', 'en'], []],
    ['Bangla, Bengali', ['bn'], []],
    ['Oriya, Odia', ['or'], []],
    ['Panjabi', ['pa'], []],
    ['Assamese, Bodo, Dogri', ['as', 'brx', 'doi'], []],
    ['Kashmiri, Konkani, Maithili, Manipuri', ['ks', 'kok', 'mai', 'mni'], []],
    ['Marathi, Nepali, Sanskrit, Santali, Sindhi', ['mr', 'ne', 'sa', 'sat', 'sd'], []],
    ['Gujarati, Kannada, Telugu, Urdu', ['gu', 'kn', 'te', 'ur'], []],
    ['French; German / Arabic', ['fr', 'de', 'ar'], []],
    ['Spanish & Russian', ['es', 'ru'], []],
    ['English and Hindi', ['en', 'hi'], []],
    ['ENGLISH, english', ['en'], []],
    ['Telegu', ['te'], []],
    ['English Hindi', ['en', 'hi'], []],
    ['en, ta', ['en', 'ta'], []],
    ['English, Klingon', ['en'], ['Klingon']],
    ['', [], []],
    [null, [], []],
    [3, [], ['3']],
  ])('%j', (raw, value, unmapped) => {
    expect(standardizeLanguages(raw)).toEqual({ value, unmapped, warnings: [] });
  });

  it('is idempotent over its own codes and never throws', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.jsonValue()), (raw) => {
        const once = standardizeLanguages(raw).value;
        expect(standardizeLanguages(once).value).toEqual(once);
      }),
      { numRuns: 500 },
    );
  });
});
