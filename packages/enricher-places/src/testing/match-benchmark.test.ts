import { describe, expect, it } from 'vitest';
import { generateMatchBenchmark, MATCH_CLASSES } from './match-benchmark.js';
import { runMatchBenchmark } from './run-match-benchmark.js';

describe('the match benchmark', () => {
  it('is the same for the same seed, and labels every practice of every class', () => {
    const a = generateMatchBenchmark({ seed: 7, perClass: 8 });
    const b = generateMatchBenchmark({ seed: 7, perClass: 8 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.cases).toHaveLength(8 * MATCH_CLASSES.length);
    const placeIds = new Set(a.places.map((p) => p.placeId));
    for (const c of a.cases) {
      const hasRight = ['right_place', 'right_second', 'renamed'].includes(c.matchClass);
      expect(c.rightPlaceId === null).toBe(!hasRight);
      if (c.rightPlaceId) expect(placeIds.has(c.rightPlaceId)).toBe(true);
    }
  });

  // The README's table: seed 15, 60 practices per class.
  it.each(['new', 'legacy'] as const)(
    'on the Places API (%s): no wrong place in any class, at least 95 in 100 right places matched',
    async (api) => {
      const { scores, stats } = await runMatchBenchmark({ api });
      for (const score of scores)
        expect({ class: score.matchClass, wrong: score.wrong }).toEqual({
          class: score.matchClass,
          wrong: 0,
        });
      const all = scores.at(-1)!;
      expect(all.recall).toBeGreaterThanOrEqual(0.95);
      for (const rightClass of scores.filter((s) => s.recall !== null)) {
        expect(rightClass.recall).toBeGreaterThanOrEqual(0.95);
      }
      // Decoys are rejected for the reason their class plants.
      const by = Object.fromEntries(scores.map((s) => [s.matchClass, s.rejectedBy]));
      expect(by.other_city?.city_mismatch).toBeGreaterThanOrEqual(55);
      expect(by.other_brand?.brand_mismatch).toBe(60);
      expect(by.closed?.closed).toBe(60);
      expect(stats).toMatchObject({ requested: 420, calls: 420, failed: 0 });
    },
  );
});
