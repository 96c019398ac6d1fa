import { cityArea, distanceMeters, type LatLng, type Practice, sameCityArea } from '@provider-data/core';
import { addressFacts } from './candidate-address.js';
import type {
  CandidateEvidence,
  LocationAnchor,
  MatchRejection,
  PlacesMatchEvidence,
} from './match-evidence.js';
import { nameSimilarity } from './name-similarity.js';
import type { PlaceCandidate } from './place-candidate.js';
import { brandWords, hasAllWords, placeWords, splitName } from './place-words.js';
import { placesQueryInput, sourceCoordinates } from './practice-query.js';

/** When a candidate counts as the practice's place. */
export interface MatchRule {
  minNameSimilarity: number;
  maxDistanceMeters: number;
}

/** A candidate accepted as the practice's place, and why. */
export interface PlaceMatch {
  candidate: PlaceCandidate;
  similarity: number;
  /** Metres from the practice's own coordinates, or from its city's centre; `null` when it has neither. */
  distanceMeters: number | null;
}

/** What {@link decidePlace} found: the match, if any, and the evidence of the decision. */
export interface PlaceDecision {
  match: PlaceMatch | null;
  evidence: PlacesMatchEvidence;
}

/** Where a practice is, as far as the rules can tell, and what its name says. */
interface PracticeFacts {
  anchor: LocationAnchor;
  /** The point distances are measured from, and how far is too far. */
  centre: LatLng | null;
  limitMeters: number;
  locality: string[];
  brand: string[];
  allWords: string[];
}

function practiceFacts(practice: Practice, rule: MatchRule): PracticeFacts {
  const own = sourceCoordinates(practice);
  const area = practice.city ? cityArea(practice.city) : null;
  const tail = splitName(practice.name).tail;
  const where = [practice.locality, practice.addressLine, practice.city, practice.state];
  const base = {
    locality: placeWords(practice.locality ?? tail),
    brand: brandWords(practice.name, where),
    allWords: placeWords(practice.name, ...where),
  };
  if (own) return { ...base, anchor: 'source_coordinates', centre: own, limitMeters: rule.maxDistanceMeters };
  if (area) {
    const centre = { lat: area.lat, lng: area.lng };
    return { ...base, anchor: 'city_centre', centre, limitMeters: area.radiusKm * 1000 };
  }
  return { ...base, anchor: practice.pincode ? 'pincode' : 'none', centre: null, limitMeters: 0 };
}

/** The rules `candidate` fails for `practice`, in the order of {@link MatchRejection}, and its distance. */
function weigh(practice: Practice, facts: PracticeFacts, candidate: PlaceCandidate, rule: MatchRule) {
  const failed: MatchRejection[] = [];
  const address = addressFacts(candidate.formattedAddress);
  const distance =
    facts.centre && candidate.location ? distanceMeters(facts.centre, candidate.location) : null;
  if (candidate.businessStatus === 'CLOSED_PERMANENTLY') failed.push('closed');
  if (!candidate.name) failed.push('no_name');
  else {
    // The practice's brand is in the candidate's name (its lead word) or address; the candidate's in the practice's words.
    const candidateBrand = brandWords(candidate.name, [candidate.formattedAddress]);
    const [lead, ...rest] = facts.brand;
    const theirs = placeWords(candidate.name);
    const brandAgrees =
      (lead === undefined || hasAllWords([lead], theirs)) &&
      hasAllWords(rest, [...theirs, ...placeWords(candidate.formattedAddress)]) &&
      hasAllWords(candidateBrand, facts.allWords);
    if (!brandAgrees) failed.push('brand_mismatch');
  }
  if (practice.city) {
    if (address.parts.length === 0) failed.push('no_address');
    else if (!address.parts.some((part) => sameCityArea(practice.city!, part))) failed.push('city_mismatch');
  }
  if (practice.pincode && address.pincode && practice.pincode !== address.pincode) {
    failed.push('pincode_mismatch');
  }
  if (
    facts.locality.length > 0 &&
    !hasAllWords(facts.locality, placeWords(candidate.name, candidate.formattedAddress))
  ) {
    failed.push('locality_mismatch');
  }
  if (facts.anchor === 'source_coordinates' || facts.anchor === 'city_centre') {
    if (distance === null) failed.push('no_location');
    else if (distance > facts.limitMeters) {
      failed.push(facts.anchor === 'source_coordinates' ? 'too_far' : 'outside_city');
    }
  } else if (!(practice.pincode && address.pincode === practice.pincode)) {
    // Without coordinates or a known city, only a shared PIN says the place is where the practice is.
    failed.push('unverifiable_location');
  }
  const similarity = candidate.name ? nameSimilarity(practice.name, candidate.name) : 0;
  if (similarity < rule.minNameSimilarity) failed.push('name_dissimilar');
  return { failed, distance, similarity };
}

function evidenceOf(candidate: PlaceCandidate, weighed: ReturnType<typeof weigh>): CandidateEvidence {
  return {
    placeId: candidate.placeId,
    name: candidate.name,
    address: candidate.formattedAddress,
    businessStatus: candidate.businessStatus,
    distanceMeters: weighed.distance === null ? null : Math.round(weighed.distance),
    score: Math.round(weighed.similarity * 1000) / 1000,
    reason: weighed.failed[0] ?? null,
    failed: weighed.failed,
  };
}

/**
 * Decides which candidate, if any, is the practice's place. A candidate is
 * accepted only when it is not closed; its brand words agree with the
 * practice's; its address names the practice's city (or its twin) and,
 * when both have one, the same PIN; its name or address names the
 * practice's locality; it lies within `maxDistanceMeters` of the
 * practice's own coordinates, or, without them, within the radius of the
 * practice's city (or shares its PIN when the city is unknown); and its
 * name is similar enough. Of those, the most similar wins (Google's order
 * breaks ties). The evidence lists every candidate with the rules it failed.
 *
 * ### Examples
 * ```ts
 * import { decidePlace } from '@provider-data/enricher-places';
 * import type { Practice } from '@provider-data/core';
 *
 * declare const practice: Practice;
 * const { match, evidence } = decidePlace(
 *   practice,
 *   [{ placeId: 'p1', name: 'Apollo Hospitals', formattedAddress: 'Greams Lane, Chennai 600006', location: { lat: 13.06, lng: 80.25 }, businessStatus: 'OPERATIONAL' }],
 *   { minNameSimilarity: 0.5, maxDistanceMeters: 2000, api: 'new' },
 * );
 * console.log(match?.candidate.placeId, evidence.rule);
 * ```
 */
export function decidePlace(
  practice: Practice,
  candidates: readonly PlaceCandidate[],
  rule: MatchRule & { api: PlacesMatchEvidence['api'] },
): PlaceDecision {
  const facts = practiceFacts(practice, rule);
  let best: { match: PlaceMatch; evidence: CandidateEvidence } | null = null;
  const weighed = candidates.map((candidate) => {
    const result = weigh(practice, facts, candidate, rule);
    const evidence = evidenceOf(candidate, result);
    if (result.failed.length === 0 && (!best || result.similarity > best.match.similarity)) {
      best = {
        match: { candidate, similarity: result.similarity, distanceMeters: result.distance },
        evidence,
      };
    }
    return evidence;
  });
  const chosen = best as { match: PlaceMatch; evidence: CandidateEvidence } | null;
  return {
    match: chosen?.match ?? null,
    evidence: {
      enricher: 'places',
      api: rule.api,
      rule: chosen ? 'matched' : (weighed[0]?.reason ?? 'zero_results'),
      query: placesQueryInput(practice),
      anchor: facts.anchor,
      practice: {
        city: practice.city,
        pincode: practice.pincode,
        locality: facts.locality,
        brand: facts.brand,
      },
      accepted: chosen?.evidence ?? null,
      rejected: weighed.filter((e) => e !== chosen?.evidence),
    },
  };
}

/**
 * The candidate {@link decidePlace} accepts, without the evidence; `null`
 * when none qualifies.
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
  return decidePlace(practice, candidates, { ...rule, api: 'new' }).match;
}
