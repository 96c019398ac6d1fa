import { z } from 'zod';

/**
 * Why a candidate was not the practice's place, a stable code:
 * - `closed`: Google says it closed permanently;
 * - `no_name`: the candidate has no name to compare;
 * - `brand_mismatch`: the distinctive words of the names differ (Fortis and Max);
 * - `city_mismatch`: its address names no city of the practice's area;
 * - `no_address`: it has no address to check the city against;
 * - `pincode_mismatch`: both have a PIN, and they differ;
 * - `locality_mismatch`: its name and address do not name the practice's locality;
 * - `no_location`: it has no coordinates to check;
 * - `too_far`: farther than `maxDistanceMeters` from the practice's own coordinates;
 * - `outside_city`: outside the radius of the practice's city, for a practice without coordinates;
 * - `unverifiable_location`: the practice has no coordinates, no known city and no PIN it shares;
 * - `name_dissimilar`: name similarity below `minNameSimilarity`.
 */
export const MatchRejection = z.enum([
  'closed',
  'no_name',
  'brand_mismatch',
  'city_mismatch',
  'no_address',
  'pincode_mismatch',
  'locality_mismatch',
  'no_location',
  'too_far',
  'outside_city',
  'unverifiable_location',
  'name_dissimilar',
]);
export type MatchRejection = z.infer<typeof MatchRejection>;

/** What the location of a candidate was measured from: the practice's own coordinates, its city's centre, or neither. */
export const LocationAnchor = z.enum(['source_coordinates', 'city_centre', 'pincode', 'none']);
export type LocationAnchor = z.infer<typeof LocationAnchor>;

/** One candidate as weighed: who it is, how far and how similar, and the rules it failed (none when accepted). */
export const CandidateEvidence = z.object({
  placeId: z.string(),
  name: z.string().nullable(),
  address: z.string().nullable(),
  businessStatus: z.string().nullable(),
  /** Metres from the anchor (the practice's coordinates or its city's centre); null without one. */
  distanceMeters: z.number().nullable(),
  /** Name similarity, 0–1, three decimals. */
  score: z.number(),
  /** The first rule it failed, in the order of {@link MatchRejection}; null when accepted. */
  reason: MatchRejection.nullable(),
  failed: z.array(MatchRejection),
});
export type CandidateEvidence = z.infer<typeof CandidateEvidence>;

/**
 * The evidence the Places enricher keeps on a practice it looked up
 * (`enrichment_evidence`): the query, what the practice was compared on,
 * the accepted candidate and the rejected ones with their reasons. `rule`
 * is `matched`, `zero_results`, or the reason Google's first candidate was
 * rejected.
 *
 * ### Examples
 * ```ts
 * import { PlacesMatchEvidence } from '@provider-data/enricher-places';
 * import type { Practice } from '@provider-data/core';
 *
 * declare const practice: Practice;
 * const evidence = PlacesMatchEvidence.safeParse(practice.enrichmentEvidence);
 * if (evidence.success) console.log(evidence.data.rule, evidence.data.rejected.map((c) => c.reason));
 * ```
 */
export const PlacesMatchEvidence = z.object({
  enricher: z.literal('places'),
  api: z.enum(['new', 'legacy']),
  rule: z.union([z.literal('matched'), z.literal('zero_results'), MatchRejection]),
  query: z.string(),
  anchor: LocationAnchor,
  /** What the candidates were compared against. */
  practice: z.object({
    city: z.string().nullable(),
    pincode: z.string().nullable(),
    locality: z.array(z.string()),
    brand: z.array(z.string()),
  }),
  accepted: CandidateEvidence.nullable(),
  rejected: z.array(CandidateEvidence),
});
export type PlacesMatchEvidence = z.infer<typeof PlacesMatchEvidence>;
