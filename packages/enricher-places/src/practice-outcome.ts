import type { Practice } from '@provider-data/core';
import type { PlaceCandidate, PlaceContact } from './place-candidate.js';
import { sourceCoordinates } from './practice-query.js';

/**
 * The practice matched to `candidate`, with the evidence of the decision.
 * The place id may be kept indefinitely; everything else from Google
 * (coordinates, name, address, contact, the evidence's candidates) carries
 * `enrichedAt` = when Google gave it, and is refreshed within 30 days of it.
 * Coordinates the source gave are never replaced.
 */
export function matchedPractice(
  practice: Practice,
  candidate: PlaceCandidate,
  contact: PlaceContact | null,
  fetchedAt: Date,
  evidence: Practice['enrichmentEvidence'],
): Practice {
  const own = sourceCoordinates(practice);
  const google = !own && candidate.location;
  return {
    ...practice,
    googlePlaceId: candidate.placeId,
    ...(google
      ? {
          latitude: candidate.location!.lat,
          longitude: candidate.location!.lng,
          geoSource: 'google' as const,
        }
      : {}),
    placeDetails: {
      name: candidate.name,
      formattedAddress: candidate.formattedAddress,
      phone: contact?.phone ?? null,
      website: contact?.website ?? null,
    },
    enrichmentStatus: 'matched',
    enrichedAt: fetchedAt,
    enrichmentEvidence: evidence,
  };
}

/** The practice that Google has no plausible place for: earlier Google content is dropped with the old match. */
export function noMatchPractice(
  practice: Practice,
  fetchedAt: Date,
  evidence: Practice['enrichmentEvidence'],
): Practice {
  const googleCoordinates = practice.geoSource === 'google';
  return {
    ...practice,
    googlePlaceId: null,
    placeDetails: null,
    ...(googleCoordinates ? { latitude: null, longitude: null, geoSource: null } : {}),
    enrichmentStatus: 'no_match',
    enrichedAt: fetchedAt,
    enrichmentEvidence: evidence,
  };
}

/** The practice unchanged but for its status: tried again next pull. */
export function failedPractice(practice: Practice): Practice {
  return { ...practice, enrichmentStatus: 'failed' };
}

/** The practice unchanged but for its status: enrichment is switched off. */
export function skippedPractice(practice: Practice): Practice {
  return { ...practice, enrichmentStatus: 'skipped' };
}
