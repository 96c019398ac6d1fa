import type { EnrichmentCache, Logger } from '@provider-data/core';
import type { Fetched } from './cached-answer.js';
import type { PullState } from './pull-state.js';

/** One answer per key: from the pull's in-flight fetch when there is one, else a new fetch, cached when it lands. */
export function shared<T>(
  inFlight: Map<string, Promise<Fetched<T>>>,
  key: string,
  fetch: () => Promise<Fetched<T>>,
  onFetched: (answer: Fetched<T>) => Promise<void>,
): Promise<Fetched<T>> {
  let pending = inFlight.get(key);
  if (!pending) {
    pending = fetch().then(async (answer) => {
      await onFetched(answer);
      return answer;
    });
    inFlight.set(key, pending);
    const forget = () => inFlight.delete(key);
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
