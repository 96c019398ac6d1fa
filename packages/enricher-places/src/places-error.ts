import { brandError, PdmError } from '@provider-data/core';
import { scrubSecret } from './secret-scrub.js';

/** Why a Places call did not give an answer. Stable: safe to branch on. */
export type PlacesErrorCode =
  | 'places_over_query_limit'
  | 'places_request_denied'
  | 'places_over_daily_limit'
  | 'places_invalid_request'
  | 'places_not_found'
  | 'places_server_error'
  | 'places_timeout'
  | 'places_connection_error'
  | 'places_aborted'
  | 'places_budget_exhausted'
  | 'places_stopped'
  | 'places_not_places_api'
  | 'places_unexpected';

/** What a {@link PlacesError} is built from: codes and Google's own status text, never a URL or request. */
export interface PlacesErrorInit {
  code: PlacesErrorCode;
  /** The HTTP status the client saw (the adapter turns Google statuses into 4xx/5xx). */
  httpStatus?: number;
  /** Google's `status`, e.g. `OVER_QUERY_LIMIT`. */
  googleStatus?: string;
  /** Google's `error_message`, scrubbed of the key. */
  googleMessage?: string;
  /** Seconds from a `Retry-After` header. */
  retryAfterSeconds?: number;
  /** `places_not_places_api`: the service root that answered (never with the key), and which API was expected. */
  serviceUrl?: string;
  api?: 'new' | 'legacy';
}

/**
 * A failed Places call. Its message is built only from status codes and
 * Google's status text (scrubbed of the API key); it never carries the
 * request, its URL or its parameters, so it is safe to log and to rethrow.
 *
 * ### Examples
 * ```ts
 * import { PlacesError } from '@provider-data/enricher-places';
 *
 * const error = new PlacesError({ code: 'places_over_query_limit', httpStatus: 429, googleStatus: 'OVER_QUERY_LIMIT' });
 * error.retryable; // true
 * error.message; // '[places/enrich] Places answered HTTP 429 OVER_QUERY_LIMIT'
 * ```
 */
export class PlacesError extends PdmError {
  static override readonly tag: symbol = Symbol.for('@provider-data/enricher-places/PlacesError');
  static {
    brandError(PlacesError);
  }

  readonly httpStatus: number | undefined;
  readonly googleStatus: string | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly serviceUrl: string | undefined;
  /** The message without its `[places/enrich]` tag, for a log line that already names the enricher. */
  readonly detail: string;

  constructor(init: PlacesErrorInit) {
    const detail = describe(init);
    super(init.code, detail, { plugin: 'places', stage: 'enrich' });
    this.detail = detail;
    this.httpStatus = init.httpStatus;
    this.googleStatus = init.googleStatus;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.serviceUrl = init.serviceUrl;
  }

  /** True for answers worth trying again: rate limits, 5xx, timeouts, dropped connections. */
  get retryable(): boolean {
    return (
      this.code === 'places_over_query_limit' ||
      this.code === 'places_server_error' ||
      this.code === 'places_timeout' ||
      this.code === 'places_connection_error'
    );
  }

  /** True when the key is refused or the URL is not the Places API: no further call of the pull can succeed. */
  get stopsPull(): boolean {
    return (
      this.code === 'places_request_denied' ||
      this.code === 'places_over_daily_limit' ||
      this.code === 'places_not_places_api'
    );
  }
}

function describe(init: PlacesErrorInit): string {
  switch (init.code) {
    case 'places_timeout':
      return 'Places call timed out';
    case 'places_connection_error':
      return `Places call failed to connect${init.googleStatus ? ` (${init.googleStatus})` : ''}`;
    case 'places_aborted':
      return 'Places call aborted';
    case 'places_budget_exhausted':
      return 'the pull has used its Places call budget';
    case 'places_stopped':
      return 'Places calls are stopped for this pull (the API key was refused, or the URL is not the Places API)';
    case 'places_not_places_api': {
      const answer = init.httpStatus === undefined ? 'an answer' : `HTTP ${init.httpStatus}`;
      const api = init.api === 'legacy' ? 'Places API (Legacy)' : 'Places API (New)';
      const where = init.serviceUrl ? ` at ${scrubSecret(init.serviceUrl)}` : '';
      return `the Places service${where} answered ${answer} that is not the ${api}: check the Places base URL and the api option`;
    }
    case 'places_unexpected':
      return `unexpected Places answer${init.googleStatus ? ` (${init.googleStatus})` : ''}`;
    default: {
      const parts = ['Places answered'];
      if (init.httpStatus !== undefined) parts.push(`HTTP ${init.httpStatus}`);
      if (init.googleStatus) parts.push(init.googleStatus);
      if (init.googleMessage) parts.push(`: ${scrubSecret(init.googleMessage).slice(0, 200)}`);
      return parts.join(' ').replace(' :', ':');
    }
  }
}
