import { z } from 'zod';
import { EnrichmentStatus, FacilityType, GeoSource } from './common.js';

/** What Places enrichment found for a practice, other than the place id (refreshed or dropped within 30 days). */
export const PlaceDetails = z.object({
  name: z.string().nullable(),
  formattedAddress: z.string().nullable(),
  phone: z.string().nullable(),
  website: z.string().nullable(),
});
export type PlaceDetails = z.infer<typeof PlaceDetails>;

/**
 * Why an enricher decided what it did for a practice, kept so that a
 * reviewer can query it: the enricher, the rule that decided, and the
 * enricher's own evidence (the Places enricher adds the candidates it
 * weighed, their distance and score, and why each one was rejected). Plain
 * JSON, refreshed with the enrichment; content from Google in it follows
 * the same 30-day rule as {@link PlaceDetails}.
 *
 * ### Examples
 * ```ts
 * import { EnrichmentEvidence } from '@provider-data/core';
 *
 * EnrichmentEvidence.parse({ enricher: 'places', rule: 'city_mismatch', rejected: [] }).rule; // 'city_mismatch'
 * ```
 */
export const EnrichmentEvidence = z.looseObject({
  /** The enricher that decided: `places`. */
  enricher: z.string().min(1),
  /** The rule that decided, a stable code: `matched`, `zero_results`, `city_mismatch`, … */
  rule: z.string().min(1),
});
export type EnrichmentEvidence = z.infer<typeof EnrichmentEvidence>;

/**
 * A physical site (hospital, clinic, diagnostic centre): one per
 * (health system, source id).
 *
 * ### Examples
 * ```ts
 * import { Practice } from '@provider-data/core';
 *
 * Practice.shape.facilityType.options; // ['hospital', 'clinic', ...]
 * ```
 */
export const Practice = z.object({
  id: z.uuid(),
  healthSystem: z.string().min(1),
  sourceId: z.string().min(1),
  name: z.string().min(1),
  facilityType: FacilityType,
  addressLine: z.string().nullable(),
  locality: z.string().nullable(),
  city: z.string().nullable(),
  state: z.string().nullable(),
  pincode: z
    .string()
    .regex(/^[1-9]\d{5}$/)
    .nullable(),
  phones: z.array(z.string()),
  email: z.string().nullable(),
  latitude: z.number().min(-90).max(90).nullable(),
  longitude: z.number().min(-180).max(180).nullable(),
  geoSource: GeoSource.nullable(),
  googlePlaceId: z.string().nullable(),
  enrichmentStatus: EnrichmentStatus,
  enrichedAt: z.date().nullable(),
  placeDetails: PlaceDetails.nullable(),
  enrichmentEvidence: EnrichmentEvidence.nullable(),
  active: z.boolean(),
  raw: z.unknown(),
});
export type Practice = z.infer<typeof Practice>;

/**
 * The enrichment fields of a practice that no enricher has seen yet: what a
 * transformer puts in every practice it makes.
 *
 * ### Examples
 * ```ts
 * import { NOT_ENRICHED, type Practice } from '@provider-data/core';
 *
 * const fields: Pick<Practice, 'googlePlaceId' | 'enrichmentStatus'> = { ...NOT_ENRICHED };
 * ```
 */
export const NOT_ENRICHED = {
  googlePlaceId: null,
  enrichmentStatus: 'pending',
  enrichedAt: null,
  placeDetails: null,
  enrichmentEvidence: null,
} as const satisfies Pick<
  Practice,
  'googlePlaceId' | 'enrichmentStatus' | 'enrichedAt' | 'placeDetails' | 'enrichmentEvidence'
>;
