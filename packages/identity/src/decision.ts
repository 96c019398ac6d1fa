import { COMPARISONS, comparisonIndex } from './comparisons.js';
import type { PairContext } from './features.js';
import {
  type FellegiSunterParameters,
  levelWeights,
  matchWeight,
  nameFrequencyAdjustment,
  probabilityOf,
} from './fellegi-sunter.js';

/** Match probabilities that decide a pair. */
export interface Thresholds {
  /** At or above: linked. Default 0.99. */
  link: number;
  /** At or above (and below `link`): to review. Default 0.8. */
  review: number;
  /**
   * A pair that agrees on no identifier (registration, HPR id, phone, email)
   * is linked only at or above this; below it and above `review`, it goes to
   * review. Default 0.995: a same-named namesake with no registration on
   * record looks like the same doctor on every other field.
   */
  linkWithoutIdentifier: number;
}

/** The default {@link Thresholds}. */
export const DEFAULT_THRESHOLDS: Thresholds = { link: 0.99, review: 0.8, linkWithoutIdentifier: 0.995 };

/** What the model makes of one pair. */
export interface PairDecision {
  decision: 'link' | 'review' | 'no_link';
  probability: number;
  /** `registration_typo` when the pair goes to review for a registration one keystroke apart. */
  reason: 'score' | 'registration_typo';
}

const REGISTRATION = comparisonIndex('registration');
const TYPO = 1;
const IDENTIFIERS = ['registration', 'hpr_id', 'phone', 'email'].map(comparisonIndex);

/** A scorer: the model's weights computed once, then one call per pair. */
export interface Scorer {
  parameters: FellegiSunterParameters;
  thresholds: Thresholds;
  decide(vector: ArrayLike<number>, context: PairContext): PairDecision;
}

/**
 * Makes the scorer of a model. Numbers of one council one keystroke apart
 * are left out of the score: when everything else makes the pair a link,
 * it goes to review (a typo is likely); otherwise it is no link.
 */
export function createScorer(
  parameters: FellegiSunterParameters,
  thresholds: Thresholds = DEFAULT_THRESHOLDS,
): Scorer {
  const weights = levelWeights(parameters);
  return {
    parameters,
    thresholds,
    decide(vector, context) {
      const typo = vector[REGISTRATION] === TYPO;
      const weight =
        matchWeight(vector, weights, parameters.lambda, typo ? REGISTRATION : -1) +
        nameFrequencyAdjustment(vector, parameters, context.nameFrequency);
      const probability = probabilityOf(weight);
      if (typo) {
        return {
          decision: probability >= thresholds.link ? 'review' : 'no_link',
          probability,
          reason: 'registration_typo',
        };
      }
      const identified = IDENTIFIERS.some((i) => vector[i] === 0);
      const link = identified ? thresholds.link : thresholds.linkWithoutIdentifier;
      const decision = probability >= link ? 'link' : probability >= thresholds.review ? 'review' : 'no_link';
      return { decision, probability, reason: 'score' };
    },
  };
}

/** The evidence of a pair in words a reviewer reads, strongest first, with each comparison's weight. */
export function describeEvidence(
  vector: ArrayLike<number>,
  parameters: FellegiSunterParameters,
): { comparison: string; level: string; says: string; weight: number }[] {
  const weights = levelWeights(parameters);
  const out: { comparison: string; level: string; says: string; weight: number }[] = [];
  COMPARISONS.forEach((c, i) => {
    const level = vector[i] as number;
    if (level < 0) return;
    const name = c.levels[level] as string;
    const weight = Math.round(((weights[i] as number[])[level] as number) * 100) / 100;
    out.push({ comparison: c.name, level: name, says: c.describe[name] ?? name, weight });
  });
  return out.sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight));
}
