export * from './places-enricher.js';
export * from './places-enricher-options.js';
export * from './places-stats.js';
export * from './places-error.js';
export { type PlacesClient, toPlacesError } from './places-client.js';
export type { PlaceCandidate, PlaceContact } from './place-candidate.js';
export type { PlacesApi, PlacesSearch } from './places-api.js';
export { createLegacyPlacesApi, type LegacyPlacesApiOptions } from './legacy-places-api.js';
export { createNewPlacesApi, type NewPlacesApiOptions, type PlacesFetch } from './new-places-api.js';
export * from './places-base-url.js';
export {
  CachedDetails,
  CachedFindPlace,
  DETAILS_NAMESPACE,
  FIND_PLACE_NAMESPACE,
  TEXT_SEARCH_NAMESPACE,
} from './cached-answer.js';
export * from './memory-enrichment-cache.js';
export * from './place-match.js';
export * from './match-evidence.js';
export { FACILITY_WORDS, nameSimilarity, nameTokens, nameWords, NAME_STOPWORDS } from './name-similarity.js';
export { brandWords, hasAllWords, placeWords, splitName } from './place-words.js';
export { addressFacts, type AddressFacts } from './candidate-address.js';
export { placesQueryInput, placesQueryKey, searchBias, sourceCoordinates } from './practice-query.js';
export * from './rate-limiter.js';
export { type RetryPolicy, retryDelayMs, parseRetryAfter, MAX_RETRY_AFTER_MS } from './retry-policy.js';
export { scrubSecret, scrubbingLogger } from './secret-scrub.js';
