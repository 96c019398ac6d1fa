import type { Practice } from '@provider-data/core';
import { distanceMeters } from './geo-distance.js';
import type { PlaceCandidate } from './places-client.js';
import { nameSimilarity } from './name-similarity.js';
import { sourceCoordinates } from './practice-query.js';

/** When a candidate counts as the practice's place. */
export interface MatchRule {
  minNameSimilarity: number;
  maxDistanceMeters: number;
}

/** A candidate accepted as the practice's place, and why. */
export interface PlaceMatch {
  candidate: PlaceCandidate;
  similarity: number;
  /** Metres from the practice's own coordinates; `null` when it has none. */
  distanceMeters: number | null;
}

/**
 * The candidate that plausibly is the practice's place: its name similar
 * enough, and, when the practice has coordinates of its own, close enough
 * to them. The most similar such candidate wins; `null` when none qualifies.
 *
 * ### Examples
 * ```ts
 * import { matchCandidate } from '@provider-data/enricher-places';
 * import type { Practice } from '@provider-data/core';
 *
 * declare const practice: Practice;
 * const match = matchCandidate(
 *   practice,
 *   [{ placeId: 'p1', name: 'Apollo Hospitals', formattedAddress: null, location: null, businessStatus: null }],
 *   { minNameSimilarity: 0.5, maxDistanceMeters: 2000 },
 * );
 * match?.candidate.placeId;
 * ```
 */
export function matchCandidate(
  practice: Practice,
  candidates: readonly PlaceCandidate[],
  rule: MatchRule,
): PlaceMatch | null {
  const own = sourceCoordinates(practice);
  let best: PlaceMatch | null = null;
  for (const candidate of candidates) {
    if (!candidate.name) continue;
    const similarity = nameSimilarity(practice.name, candidate.name);
    if (similarity < rule.minNameSimilarity) continue;
    let distance: number | null = null;
    if (own) {
      // Without a location the distance cannot be checked, so the candidate cannot be trusted.
      if (!candidate.location) continue;
      distance = distanceMeters(own, candidate.location);
      if (distance > rule.maxDistanceMeters) continue;
    }
    if (!best || similarity > best.similarity) best = { candidate, similarity, distanceMeters: distance };
  }
  return best;
}
