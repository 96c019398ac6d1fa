/** The time source of a {@link RateLimiter}; tests pass a fake one. */
export interface SchedulerClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** Wall-clock time and `setTimeout`. */
export const systemClock: SchedulerClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * Lets at most `perSecond` requests start within any one-second window
 * (a sliding window over the last `perSecond` start times), in the order
 * they asked. Bursts up to the limit go at once; the rest wait.
 *
 * ### Examples
 * ```ts
 * import { RateLimiter } from '@provider-data/enricher-places';
 *
 * const limiter = new RateLimiter(10);
 * await limiter.acquire(); // resolves when this request may start
 * ```
 */
export class RateLimiter {
  private readonly starts: number[] = [];
  private tail: Promise<void> = Promise.resolve();

  constructor(
    readonly perSecond: number,
    private readonly clock: SchedulerClock = systemClock,
  ) {
    if (!(perSecond > 0)) throw new RangeError('perSecond must be positive');
  }

  /** Resolves when the caller may start one request; the start is counted then. */
  acquire(): Promise<void> {
    const turn = this.tail.then(() => this.waitForSlot());
    this.tail = turn.catch(() => {});
    return turn;
  }

  private async waitForSlot(): Promise<void> {
    const windowMs = 1000;
    const limit = Math.max(1, Math.floor(this.perSecond));
    // A fractional rate (0.5/s) spaces single requests 1/rate seconds apart.
    const span = this.perSecond < 1 ? windowMs / this.perSecond : windowMs;
    for (;;) {
      const now = this.clock.now();
      if (this.starts.length < limit) {
        this.starts.push(now);
        return;
      }
      const wait = this.starts[0]! + span - now;
      if (wait <= 0) {
        this.starts.shift();
        this.starts.push(now);
        return;
      }
      await this.clock.sleep(wait);
    }
  }
}
