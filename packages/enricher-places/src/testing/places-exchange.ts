import type { KnownPlace } from './known-places.js';

/** How the server answers. Every mode but `ok` can be limited to a number of answers, then it is `ok` again. */
export type PlacesTestMode =
  | 'ok'
  | 'over_query_limit'
  | 'server_error'
  | 'request_denied'
  | 'key_invalid'
  | 'zero_results'
  | 'slow'
  | 'invalid_request'
  | 'not_found_page'
  | 'html_page';

/** The endpoints the server speaks: legacy Find Place, Text Search and Details; new Text Search and Place Details. */
export type PlacesEndpoint = 'findplacefromtext' | 'textsearch' | 'details' | 'searchText' | 'placeDetails';

/** One request being answered: what was asked, in which mode, and how to answer it. */
export interface PlacesExchange {
  endpoint: PlacesEndpoint;
  mode: PlacesTestMode;
  /** Query parameters (legacy), without the key. */
  params: Record<string, string>;
  /** The JSON body (new Text Search). */
  body: unknown;
  key: string | undefined;
  fieldMask: string | null;
  /** The place id of a new Place Details path. */
  placeId: string | undefined;
  places: readonly KnownPlace[];
  findPlaceCandidates: number;
  /** Sends a JSON answer; `withRetryAfter` adds the server's `Retry-After`, when it has one. */
  send(httpStatus: number, json: object, withRetryAfter?: boolean): void;
  /** An error message, repeating the request's key when the server plays a hostile one. */
  echo(text: string): string;
}
