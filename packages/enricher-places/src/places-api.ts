import type { CachedFindPlace } from './cached-answer.js';
import type { PlacesApiName } from './places-base-url.js';
import type { PlaceContact } from './place-candidate.js';

/** A text search: the query, and the circle the answer is biased to. */
export interface PlacesSearch {
  query: string;
  bias: { lat: number; lng: number; radiusMeters: number } | null;
}

/**
 * One Google Places web service as the enricher uses it: a text search that
 * answers the candidates, best first, and the contact details of a place.
 * Both reject only with a `PlacesError` (never with anything that carries
 * the key), and make exactly one HTTP request per call: retries are the
 * enricher's.
 */
export interface PlacesApi {
  readonly name: PlacesApiName;
  /** The service root calls go to, for messages. */
  readonly serviceUrl: string;
  search(search: PlacesSearch, signal: AbortSignal | undefined): Promise<CachedFindPlace>;
  details(placeId: string, signal: AbortSignal | undefined): Promise<PlaceContact>;
}
