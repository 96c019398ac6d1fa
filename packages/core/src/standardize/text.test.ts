import { describe, expect, it } from 'vitest';
import { standardizeAddressLine } from './addresses.js';
import { standardizeExperience } from './experience.js';
import { standardizeFee } from './fees.js';
import { standardizeName } from './names.js';
import { standardizePhones } from './phones.js';
import { BoundedCache, trimWhere } from './text.js';

describe('trimWhere', () => {
  it('trims each end by its own one-character pattern, whole code points', () => {
    expect(trimWhere('- MBBS - -', /^[\s-]$/, /^[\s-]$/)).toBe('MBBS');
    expect(trimWhere('..800.', /^[:.]$/, /^\.$/)).toBe('800');
    expect(trimWhere('a - b', /^[\s-]$/, /^[\s-]$/)).toBe('a - b');
    // An emoji is one code point of two UTF-16 units: trimmed whole, never split.
    expect(trimWhere('🩺Rao🩺', /^\p{So}$/u, /^\p{So}$/u)).toBe('Rao');
    expect(trimWhere('---', /^-$/, /^-$/)).toBe('');
    expect(trimWhere('x', null, null)).toBe('x');
  });
});

describe('BoundedCache', () => {
  it('keeps at most its capacity, the most recently used first, and no long key', () => {
    const cache = new BoundedCache<number>(4);
    for (let i = 0; i < 10; i++) cache.set(`k${i}`, i);
    expect([0, 1, 2, 3, 4, 5].map((i) => cache.get(`k${i}`))).toEqual(Array(6).fill(undefined));
    expect([9, 8].map((i) => cache.get(`k${i}`))).toEqual([9, 8]);
    cache.set('x'.repeat(2000), 1);
    expect(cache.get('x'.repeat(2000))).toBeUndefined();
  });
});

describe('long runs inside a value keep their meaning', () => {
  it('a run of separators inside an address line stays, those at its ends go', () => {
    expect(standardizeAddressLine(`, a${' -'.repeat(500)} b -`).value).toBe(`a${' -'.repeat(500)} b`);
  });

  it('a run of digits that is not followed by a unit is no experience', () => {
    const result = standardizeExperience(`${'1'.repeat(5000)} x`, new Date('2026-11-20T05:30:00Z'));
    expect(result.value).toBeNull();
    expect(standardizeExperience('x 22 years', new Date('2026-11-20T05:30:00Z')).value).toBe(2004);
  });

  it('dots inside an amount make it unreadable; dots around it do not', () => {
    expect(standardizeFee(`1${'.'.repeat(500)}2`).value).toBeNull();
    expect(standardizeFee('Rs.: 800.').value).toBe(800);
  });

  it('a name word of a letter and a long run of digits is an initial, as before', () => {
    expect(standardizeName(`Ramesh a${'1'.repeat(500)}-`).value?.displayName).toBe('A. Ramesh');
  });

  it('repeated numbers of a long list are kept once, in first-seen order', () => {
    const numbers = Array.from({ length: 3000 }, (_, i) => `98${String(i % 1500).padStart(8, '0')}`);
    const { value } = standardizePhones(numbers.join(', '));
    expect(value).toHaveLength(1500);
    expect(value[0]).toBe('+919800000000');
  });
});
