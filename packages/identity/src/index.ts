export type { NameLevel, NameTokens } from './names.js';
export { compareNames, editDistanceAtMostOne, nameKey, nameTokens, tokensAgree } from './names.js';
export type { PairContext, PractitionerFeatures } from './features.js';
export { blockingKeys, PLAIN_CONTEXT } from './features.js';
export type { Comparison } from './comparisons.js';
export {
  COMPARISONS,
  compareContact,
  compareFeatures,
  compareGender,
  compareHprId,
  compareOverlap,
  compareRegistration,
  compareStartYear,
  SHARED_VALUE_LIMIT,
} from './comparisons.js';
export type { EstimateOptions, FellegiSunterParameters } from './fellegi-sunter.js';
export {
  DEFAULT_PARAMETERS,
  estimateParameters,
  levelWeights,
  matchWeight,
  nameFrequencyAdjustment,
  probabilityOf,
} from './fellegi-sunter.js';
export type { PairDecision, Scorer, Thresholds } from './decision.js';
export { createScorer, DEFAULT_THRESHOLDS, describeEvidence } from './decision.js';
export type { NodeIdentifiers, Refusal } from './clustering.js';
export { PersonClusters } from './clustering.js';
export type { CopyIn } from '@provider-data/sink-postgres';
export { featuresOfRow } from './refresh-features.js';
export type { ResolveOptions, ResolveResult } from './resolve-identities.js';
export { resolveIdentities } from './resolve-identities.js';
export { IdentityError } from './errors.js';
export type { IdentityStoreOptions, OverrideInput, ReviewItem } from './overrides.js';
export { addOverride, listReview, unlinkPractitioner } from './overrides.js';
export type { PersonExplanation } from './explain.js';
export { explainPerson } from './explain.js';
