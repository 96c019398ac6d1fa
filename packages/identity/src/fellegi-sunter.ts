import { COMPARISONS, comparisonIndex } from './comparisons.js';

/**
 * The parameters of a Fellegi–Sunter model: per comparison and level, `m`
 * (how often true matches are in that level) and `u` (how often non-matches
 * are), and the prior share of matches among the compared pairs.
 */
export interface FellegiSunterParameters {
  /** Prior probability that a compared (blocked) pair is a match, 0..1. */
  lambda: number;
  /** comparison name → level name → probabilities. */
  comparisons: Record<string, Record<string, { m: number; u: number }>>;
}

/**
 * Parameters a careful reader would write down for Indian provider
 * directories, used when the data is too small to estimate them (or given in
 * config instead of estimating).
 */
export const DEFAULT_PARAMETERS: FellegiSunterParameters = {
  lambda: 0.05,
  comparisons: {
    registration: {
      exact: { m: 0.9, u: 0.0001 },
      typo: { m: 0.04, u: 0.002 },
      different: { m: 0.06, u: 0.9979 },
    },
    hpr_id: { exact: { m: 0.98, u: 0.0001 }, different: { m: 0.02, u: 0.9999 } },
    phone: { exact: { m: 0.6, u: 0.002 }, shared: { m: 0.05, u: 0.02 }, different: { m: 0.35, u: 0.978 } },
    email: { exact: { m: 0.6, u: 0.001 }, shared: { m: 0.05, u: 0.02 }, different: { m: 0.35, u: 0.979 } },
    name: {
      exact: { m: 0.6, u: 0.02 },
      compatible: { m: 0.37, u: 0.05 },
      shared_token: { m: 0.025, u: 0.5 },
      different: { m: 0.005, u: 0.43 },
    },
    gender: { same: { m: 0.99, u: 0.5 }, different: { m: 0.01, u: 0.5 } },
    specialties: { overlap: { m: 0.9, u: 0.15 }, disjoint: { m: 0.1, u: 0.85 } },
    qualifications: { overlap: { m: 0.9, u: 0.6 }, disjoint: { m: 0.1, u: 0.4 } },
    city: { overlap: { m: 0.95, u: 0.6 }, disjoint: { m: 0.05, u: 0.4 } },
    practice_start_year: {
      close: { m: 0.85, u: 0.15 },
      near: { m: 0.12, u: 0.2 },
      far: { m: 0.03, u: 0.65 },
    },
  },
};

const EPSILON = 1e-6;
const clamp = (p: number) => Math.min(1 - EPSILON, Math.max(EPSILON, p));

/** Log2 Bayes factors per comparison and level, in {@link COMPARISONS} order. */
export function levelWeights(parameters: FellegiSunterParameters): number[][] {
  return COMPARISONS.map((c) =>
    c.levels.map((level) => {
      const p = parameters.comparisons[c.name]?.[level];
      if (!p) return 0;
      return Math.log2(clamp(p.m) / clamp(p.u));
    }),
  );
}

/** A pair's match weight (log2 odds) from its comparison vector; `skip` leaves a comparison out. */
export function matchWeight(
  vector: ArrayLike<number>,
  weights: number[][],
  lambda: number,
  skip = -1,
): number {
  let w = Math.log2(clamp(lambda) / (1 - clamp(lambda)));
  for (let i = 0; i < weights.length; i++) {
    const level = vector[i] as number;
    if (level >= 0 && i !== skip) w += (weights[i] as number[])[level] as number;
  }
  return w;
}

/** The probability of a match weight. */
export const probabilityOf = (weight: number): number => 1 / (1 + 2 ** -weight);

const NAME = comparisonIndex('name');

/**
 * Term-frequency adjustment of the name comparison (as Splink does): when two
 * names agree, a common name weighs less and a rare one more. The level's
 * average `u` is replaced by the name's own frequency, bounded so that a
 * name never weighs more than twice its level's weight.
 */
export function nameFrequencyAdjustment(
  vector: ArrayLike<number>,
  parameters: FellegiSunterParameters,
  nameFrequency: number,
): number {
  const level = vector[NAME] as number;
  if (level !== 0 && level !== 1) return 0;
  if (!(nameFrequency > 0)) return 0;
  const levelName = (COMPARISONS[NAME] as { levels: readonly string[] }).levels[level] as string;
  const u = parameters.comparisons.name?.[levelName]?.u ?? 0.02;
  const adjustment = Math.log2(u / clamp(nameFrequency));
  const base = Math.abs(Math.log2(clamp(parameters.comparisons.name?.[levelName]?.m ?? 0.5) / clamp(u)));
  return Math.max(-base, Math.min(base, adjustment));
}

/** A comparison vector's key, for counting patterns: `0,-1,2,…`. */
export const patternKey = (vector: ArrayLike<number>): string => Array.prototype.join.call(vector, ',');

/** Options of {@link estimateParameters}. */
export interface EstimateOptions {
  /** Counts of comparison patterns among random pairs (nearly all non-matches): `u`. */
  randomPatterns: Map<string, number>;
  /** Counts of comparison patterns among the blocked pairs: `m` and `lambda` by EM. */
  blockedPatterns: Map<string, number>;
  /** Starting point and fallback. Default {@link DEFAULT_PARAMETERS}. */
  start?: FellegiSunterParameters;
  iterations?: number;
}

/**
 * Comparisons whose fields no blocking key uses: among blocked pairs their
 * non-matches agree as often as random pairs do, so their `u` comes from
 * random pairs and stays fixed. The others (registration, HPR id, phone,
 * email, name, city) are what blocking selects on: blocked non-matches share
 * a city or a name word far more often than random pairs, so their `u` is
 * estimated by EM over the blocked pairs (Splink's reasoning for the columns
 * of a blocking rule).
 */
const U_FROM_RANDOM = new Set(['gender', 'specialties', 'qualifications', 'practice_start_year']);

/**
 * Estimates the model as Splink does: `u` from random pairs (almost all of
 * them non-matches) for the comparisons blocking does not select on, then
 * `m`, the prior and the other `u` by expectation–maximisation over the
 * blocked pairs, from the starting values. Every estimate is smoothed toward
 * its starting value, so that a small data set does not make a level impossible.
 */
export function estimateParameters(options: EstimateOptions): FellegiSunterParameters {
  const start = options.start ?? DEFAULT_PARAMETERS;
  const result: FellegiSunterParameters = structuredClone(start);
  const prior = 20;
  COMPARISONS.forEach((c, i) => {
    if (!U_FROM_RANDOM.has(c.name)) return;
    const counts = new Array<number>(c.levels.length).fill(0);
    for (const [key, n] of options.randomPatterns) {
      const level = Number(key.split(',')[i]);
      if (level >= 0) counts[level] = (counts[level] as number) + n;
    }
    const total = counts.reduce((s, n) => s + n, 0);
    c.levels.forEach((level, l) => {
      const entry = result.comparisons[c.name]?.[level];
      if (!entry) return;
      const startU = start.comparisons[c.name]?.[level]?.u ?? 0.5;
      entry.u = clamp(((counts[l] as number) + prior * startU) / (total + prior));
    });
  });
  const patterns = [...options.blockedPatterns].map(([key, n]) => ({
    levels: key.split(',').map(Number),
    n,
  }));
  for (let iteration = 0; iteration < (options.iterations ?? 25); iteration++) {
    const weights = levelWeights(result);
    let matches = 0;
    let all = 0;
    const mCounts = COMPARISONS.map((c) => new Array<number>(c.levels.length).fill(0));
    const uCounts = COMPARISONS.map((c) => new Array<number>(c.levels.length).fill(0));
    for (const { levels, n } of patterns) {
      const p = probabilityOf(matchWeight(levels, weights, result.lambda)) * n;
      matches += p;
      all += n;
      levels.forEach((level, i) => {
        if (level < 0) return;
        (mCounts[i] as number[])[level] = ((mCounts[i] as number[])[level] as number) + p;
        (uCounts[i] as number[])[level] = ((uCounts[i] as number[])[level] as number) + (n - p);
      });
    }
    if (all === 0) break;
    result.lambda = clamp(matches / all);
    COMPARISONS.forEach((c, i) => {
      const counts = mCounts[i] as number[];
      const total = counts.reduce((s, n) => s + n, 0);
      const nonCounts = uCounts[i] as number[];
      const nonTotal = nonCounts.reduce((s, n) => s + n, 0);
      c.levels.forEach((level, l) => {
        const entry = result.comparisons[c.name]?.[level];
        if (!entry) return;
        const startM = start.comparisons[c.name]?.[level]?.m ?? 0.5;
        entry.m = clamp(((counts[l] as number) + prior * startM) / (total + prior));
        if (U_FROM_RANDOM.has(c.name)) return;
        const startU = start.comparisons[c.name]?.[level]?.u ?? 0.5;
        entry.u = clamp(((nonCounts[l] as number) + prior * startU) / (nonTotal + prior));
      });
    });
  }
  return result;
}
