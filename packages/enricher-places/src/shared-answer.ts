import type { EnrichmentCache, Logger } from '@provider-data/core';
import type { Fetched } from './cached-answer.js';
import type { EnricherParts } from './enricher-parts.js';
import type { PullState } from './pull-state.js';

/**
 * One answer per key and pull: the pull's in-flight request for the key when
 * there is one, else a new one sent through the caller (budget, rate,
 * retries) and written to the cache under `namespace` when it lands.
 */
export function askOnce<T>(
  parts: EnricherParts,
  state: PullState,
  logger: Logger,
  signal: AbortSignal | undefined,
  inFlight: Map<string, Promise<Fetched<T>>>,
  answer: { namespace: string; key: string },
  send: (signal: AbortSignal | undefined) => Promise<T>,
): Promise<Fetched<T>> {
  let pending = inFlight.get(answer.key);
  if (!pending) {
    pending = parts.caller.call(state, logger, signal, send).then(async (value) => {
      const fetched = { value, fetchedAt: new Date() };
      await remember(parts.cache, state, logger, answer.namespace, answer.key, fetched);
      return fetched;
    });
    inFlight.set(answer.key, pending);
    const forget = () => inFlight.delete(answer.key);
    pending.then(forget, forget);
  }
  return pending;
}

/** Writes an answer to the cache; a cache that cannot write costs calls later, not the pull (said once per pull). */
export async function remember(
  cache: EnrichmentCache,
  state: PullState,
  logger: Logger,
  namespace: string,
  key: string,
  answer: Fetched<unknown>,
): Promise<void> {
  try {
    await cache.set(namespace, [{ key, value: answer.value, fetchedAt: answer.fetchedAt }]);
  } catch (error) {
    if (!state.cacheWarned) {
      state.cacheWarned = true;
      logger.warn(
        { namespace, error: safeError(error) },
        'could not write the Places cache; answers are not kept, and the next pull asks Google again',
      );
    }
  }
}

/** An error as a log field: its name and message, nothing that could carry a request. */
export function safeError(error: unknown): { name: string; message: string } {
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}
