import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { distanceMeters } from '@provider-data/core';
import { nameSimilarity, nameTokens } from './name-similarity.js';
import { retryDelayMs, parseRetryAfter } from './retry-policy.js';
import { PlacesError } from './places-error.js';

describe('nameSimilarity', () => {
  it('ignores case, punctuation, word order and words like Hospital or Pvt Ltd', () => {
    expect(nameSimilarity('APOLLO HOSPITALS', 'Apollo Hospital Pvt. Ltd.')).toBe(1);
    expect(nameSimilarity('Kauvery Hospital, Alwarpet', 'Alwarpet Kauvery')).toBe(1);
    expect(nameSimilarity('Kumar Clinic', 'Sunrise Diagnostics')).toBe(0);
    expect(nameSimilarity('Apollo Hospitals', 'Apollo Hospitals Greams Road')).toBeCloseTo(0.5);
  });

  it('compares a name of stopwords only on its words', () => {
    expect([...nameTokens('The Hospital')]).toEqual(['the', 'hospital']);
  });

  it('is symmetric, between 0 and 1, and 1 for a name against itself', () => {
    const name = fc.string({ minLength: 1, maxLength: 30 });
    fc.assert(
      fc.property(name, name, (a, b) => {
        const s = nameSimilarity(a, b);
        expect(s).toBe(nameSimilarity(b, a));
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
        if (nameTokens(a).size > 0) expect(nameSimilarity(a, a)).toBe(1);
      }),
    );
  });
});

describe('distanceMeters', () => {
  it('measures Chennai to Kanchipuram at about 67 km, and a point to itself at 0', () => {
    const chennai = { lat: 13.0827, lng: 80.2707 };
    expect(distanceMeters(chennai, { lat: 12.8342, lng: 79.7036 }) / 1000).toBeCloseTo(67, 0);
    expect(distanceMeters(chennai, chennai)).toBe(0);
  });
});

describe('retry delays', () => {
  const policy = { maxRetries: 3, baseMs: 100, maxMs: 1000 };
  const busy = new PlacesError({ code: 'places_over_query_limit', httpStatus: 429 });

  it('doubles up to the ceiling, with half of it jittered', () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(policy, n, busy, () => 0))).toEqual([
      50, 100, 200, 400, 500,
    ]);
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(policy, n, busy, () => 1))).toEqual([
      100, 200, 400, 800, 1000,
    ]);
  });

  it('takes Retry-After (seconds) when the answer has one', () => {
    const withHeader = new PlacesError({ code: 'places_over_query_limit', retryAfterSeconds: 7 });
    expect(retryDelayMs(policy, 1, withHeader)).toBe(7000);
    expect(parseRetryAfter('3')).toBe(3);
    expect(parseRetryAfter(['2'])).toBe(2);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});
