import { describe, expect, it } from 'vitest';
import { COPY_NULL, copyJson, copyText, copyTextArray, REPLACEMENT } from './row-text.js';

describe('the COPY row text', () => {
  it('gives a value with nothing to escape as it is, and escapes the rest', () => {
    const plain = 'Dr. Anita Rao, MBBS';
    expect(copyText(plain)).toBe(plain);
    expect(copyText('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re');
    expect(copyText('a\u0000b')).toBe(`a${REPLACEMENT}b`);
    expect(copyText('tab\tand\u0000nul')).toBe(`tab\\tand${REPLACEMENT}nul`);
    expect(copyText(null)).toBe(COPY_NULL);
    expect(copyText('\\N')).toBe('\\\\N');
  });

  it('quotes every array element, escaping quotes and backslashes, then the line', () => {
    expect(copyTextArray([])).toBe('{}');
    expect(copyTextArray(['en', 'hi'])).toBe('{"en","hi"}');
    expect(copyTextArray(['say "hi"', 'back\\slash'])).toBe('{"say \\\\"hi\\\\"","back\\\\\\\\slash"}');
    expect(copyTextArray(['a\tb', 'c\u0000'])).toBe(`{"a\\tb","c${REPLACEMENT}"}`);
    expect(copyTextArray(undefined)).toBe(COPY_NULL);
  });

  it('escapes JSON only where it holds a COPY special character', () => {
    expect(copyJson({ a: 'b' })).toBe('{"a":"b"}');
    expect(copyJson({ a: 'b\nc' })).toBe('{"a":"b\\\\nc"}');
    expect(copyJson({ a: 'b\u0000' })).toBe(`{"a":"b${REPLACEMENT}"}`);
  });
});
