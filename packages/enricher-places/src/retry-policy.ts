import type { PlacesError } from './places-error.js';

/** How often and how long to wait before trying a Places call again. */
export interface RetryPolicy {
  /** Retries after the first attempt; 3 means at most 4 calls. */
  maxRetries: number;
  /** The first backoff, doubled at each retry. */
  baseMs: number;
  /** The longest backoff. */
  maxMs: number;
}

/** The longest `Retry-After` honoured; an answer asking for more is not retried. */
export const MAX_RETRY_AFTER_MS = 300_000;

/**
 * The wait before retry number `attempt` (1-based): `Retry-After` when the
 * answer carried one, else an exponential backoff with "equal jitter"
 * (half fixed, half random), so that parallel callers spread out.
 */
export function retryDelayMs(
  policy: RetryPolicy,
  attempt: number,
  error: PlacesError,
  random: () => number = Math.random,
): number {
  if (error.retryAfterSeconds !== undefined) return Math.max(0, error.retryAfterSeconds * 1000);
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Parses a `Retry-After` header given in seconds; dates and junk give `undefined`. */
export function parseRetryAfter(header: unknown): number | undefined {
  const text = Array.isArray(header) ? header[0] : header;
  if (typeof text !== 'string' && typeof text !== 'number') return undefined;
  const seconds = Number(text);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(String(text));
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - Date.now()) / 1000));
}
