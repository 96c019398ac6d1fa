import type { Logger } from '@provider-data/core';
import type { LimitFunction } from 'p-limit';
import { PlacesError } from './places-error.js';
import { toPlacesError } from './places-client.js';
import type { PullState } from './pull-state.js';
import type { RateLimiter } from './rate-limiter.js';
import { MAX_RETRY_AFTER_MS, type RetryPolicy, retryDelayMs } from './retry-policy.js';

/** What every Places call of one enricher shares. */
export interface PlacesCallerDeps {
  apiKey: string;
  /** Calls in flight, shared by all pulls of the enricher. */
  limit: LimitFunction;
  /** Calls started per second, shared by all pulls of the enricher. */
  rate: RateLimiter;
  retry: RetryPolicy;
}

/**
 * Sends one Places request under the enricher's policy: the pull's first
 * call alone, then at most `concurrency` at once and `requestsPerSecond`
 * started; no call once the pull's budget is spent or its key refused;
 * retries with jittered backoff on rate limits, 5xx, timeouts and dropped
 * connections. Everything it throws is a {@link PlacesError}.
 */
export class PlacesCaller {
  constructor(private readonly deps: PlacesCallerDeps) {}

  async call<T>(
    state: PullState,
    logger: Logger,
    signal: AbortSignal | undefined,
    send: (signal: AbortSignal | undefined) => Promise<T>,
  ): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.once(state, logger, signal, attempt, send);
      } catch (thrown) {
        const error = toPlacesError(thrown, this.deps.apiKey);
        if (error.stopsPull) this.stop(state, logger, error);
        if (!error.retryable || attempt >= this.deps.retry.maxRetries) throw error;
        const delay = retryDelayMs(this.deps.retry, attempt + 1, error);
        if (delay > MAX_RETRY_AFTER_MS) throw error;
        logger.debug({ code: error.code, retry: attempt + 1, delayMs: delay }, 'retrying Places call');
        await sleep(delay, signal);
      }
    }
  }

  private async once<T>(
    state: PullState,
    logger: Logger,
    signal: AbortSignal | undefined,
    attempt: number,
    send: (signal: AbortSignal | undefined) => Promise<T>,
  ): Promise<T> {
    const go = () => {
      this.admit(state, logger, signal);
      return this.deps.limit(async () => {
        await this.deps.rate.acquire();
        this.admit(state, logger, signal);
        state.budgetLeft--;
        state.stats.calls++;
        if (attempt > 0) state.stats.retries++;
        return send(signal);
      });
    };
    if (state.probeDone) return go();
    if (state.probe) {
      await state.probe;
      return go();
    }
    let release = () => {};
    state.probe = new Promise((resolve) => {
      release = resolve;
    });
    try {
      return await go();
    } finally {
      state.probeDone = true;
      release();
    }
  }

  /** Throws when the call must not be sent. */
  private admit(state: PullState, logger: Logger, signal: AbortSignal | undefined): void {
    if (signal?.aborted) throw new PlacesError({ code: 'places_aborted' });
    if (state.stoppedBy) throw new PlacesError({ code: 'places_stopped' });
    if (state.budgetLeft <= 0) {
      if (!state.budgetSaid) {
        state.budgetSaid = true;
        logger.warn(
          { pullId: state.pullId, budget: state.stats.calls },
          'Places call budget of the pull is used up; the remaining practices are marked failed',
        );
      }
      throw new PlacesError({ code: 'places_budget_exhausted' });
    }
  }

  private stop(state: PullState, logger: Logger, error: PlacesError): void {
    if (state.stoppedBy) return;
    state.stoppedBy = error;
    logger.error(
      {
        pullId: state.pullId,
        code: error.code,
        httpStatus: error.httpStatus,
        googleStatus: error.googleStatus,
      },
      `${error.detail}; no further Places calls in this pull, the remaining practices are marked failed`,
    );
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new PlacesError({ code: 'places_aborted' }));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new PlacesError({ code: 'places_aborted' }));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
