import type { EnrichmentCache, Logger } from '@provider-data/core';
import type { PlaceMatch } from './place-match.js';
import type { PlacesApi } from './places-api.js';
import type { PlacesCaller } from './places-caller.js';
import type { MatchRule } from './place-match.js';

/** What every batch of a Places enricher works with, built once from its options. */
export interface EnricherParts {
  api: PlacesApi;
  caller: PlacesCaller;
  cache: EnrichmentCache;
  /** The cache namespace of this API's search answers. */
  searchNamespace: string;
  apiKey: string | undefined;
  rule: MatchRule;
  /** Place Details fields; empty when details are off. */
  detailsFields: readonly string[];
  maxAgeMs: number;
  maxDistanceMeters: number;
  dryRun: boolean;
  logger: Logger | undefined;
}

/** A practice matched in this batch, and when the answer that matched it was fetched. */
export interface BatchMatch {
  match: PlaceMatch;
  fetchedAt: Date;
}

/** Details are cached per place and field list: other fields are another answer. */
export function detailsKey(parts: EnricherParts, placeId: string): string {
  return `${placeId}|${parts.detailsFields.join(',')}`;
}
