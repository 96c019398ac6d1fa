import { describe, expect, it } from 'vitest';
import { RateLimiter, type SchedulerClock } from './rate-limiter.js';

/** A clock that moves only when told: sleepers wake when the time they wait for is reached. */
function fakeClock() {
  let now = 0;
  const sleepers: { at: number; wake: () => void }[] = [];
  const clock: SchedulerClock = {
    now: () => now,
    sleep: (ms) => new Promise((resolve) => sleepers.push({ at: now + ms, wake: resolve })),
  };
  // A macrotask turn runs every pending promise callback first.
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
  return {
    clock,
    now: () => now,
    /** Moves to the next sleeper's time and wakes every sleeper due. */
    async next(): Promise<boolean> {
      await settle();
      if (sleepers.length === 0) return false;
      now = Math.max(now, Math.min(...sleepers.map((s) => s.at)));
      for (const sleeper of sleepers.filter((s) => s.at <= now)) {
        sleepers.splice(sleepers.indexOf(sleeper), 1);
        sleeper.wake();
      }
      await settle();
      return true;
    },
  };
}

async function startTimes(perSecond: number, requests: number, fake = fakeClock()): Promise<number[]> {
  const limiter = new RateLimiter(perSecond, fake.clock);
  const starts: number[] = [];
  const all = Promise.all(
    Array.from({ length: requests }, () => limiter.acquire().then(() => starts.push(fake.now()))),
  );
  while (starts.length < requests && (await fake.next())) {}
  await all;
  return starts;
}

/** The most starts within any one-second window [t, t + 1000). */
function busiestSecond(starts: number[]): number {
  let most = 0;
  for (const from of starts) most = Math.max(most, starts.filter((t) => t >= from && t < from + 1000).length);
  return most;
}

describe('RateLimiter', () => {
  it('starts no more than N requests within any one second of the clock', async () => {
    const starts = await startTimes(10, 55);

    expect(starts).toHaveLength(55);
    expect(busiestSecond(starts)).toBe(10);
    // A burst of N goes at once; then the clock has to move.
    expect(starts.filter((t) => t === 0)).toHaveLength(10);
    expect(Math.max(...starts)).toBeGreaterThanOrEqual(5000);
  });

  it('lets requests that arrive later start without waiting when the window is free', async () => {
    const fake = fakeClock();
    const limiter = new RateLimiter(2, fake.clock);
    await limiter.acquire();
    await limiter.acquire();
    fake.clock.sleep(1500).then(() => {});
    await fake.next();
    const started = limiter.acquire().then(() => fake.now());
    await fake.next();
    expect(await started).toBe(1500);
  });

  it('spaces requests a rate below one per second apart', async () => {
    const starts = await startTimes(0.5, 3);
    expect(starts).toEqual([0, 2000, 4000]);
  });

  it('refuses a rate that is not positive', () => {
    expect(() => new RateLimiter(0)).toThrow(RangeError);
  });
});
