import { errorMessage, LeaseLostError, PullInProgressError } from '../errors.js';
import type { Logger } from '../logger/logger.js';
import type { FileLease, FileQueue } from '../pull/file-queue.js';
import { describeFence, type FencingToken, fileFence, pullFence } from '../pull/fencing.js';
import type { PullClaim, PullStore } from '../pull/pull-store.js';

/** What the pipeline asks of a held lease while it works under it. */
export interface LeaseGuard {
  /** The claim the pipeline's writes are made under. */
  readonly fence: FencingToken;
  /** Throws {@link LeaseLostError} when the lease is lost, or its renewal is so late that it may have run out. */
  check(): void;
  /** True when a renewal is due: a third of the lease has passed since the last one began. Cheap: a clock read. */
  due(): boolean;
  /**
   * Renews now (or joins the renewal under way) and waits for it, but never
   * past the lease: for work that holds the event loop between records.
   */
  renew(): Promise<void>;
}

/** A {@link LeaseGuard} that renews itself from a timer until it is stopped. */
export interface LeaseKeeper<L> extends LeaseGuard {
  /** The lease as last renewed. */
  readonly current: L;
  /** Aborted with the {@link LeaseLostError} when the lease is lost. */
  readonly signal: AbortSignal;
  stop(): void;
}

/** Options of {@link keepLease}. */
export interface KeepLeaseOptions<L> {
  lease: L;
  fence: FencingToken;
  leaseMs: number;
  /** Extends the lease; rejects `LeaseLostError` (or `PullInProgressError`) when it is lost. */
  renew(lease: L, leaseMs: number): Promise<L>;
  logger: Logger;
}

/**
 * Keeps a claim's (or a file's) lease: renews it every third of its length
 * from a timer, and between records when the work asks (see
 * {@link LeaseGuard.due}), so that CPU-bound work that starves the timer
 * still renews. A renewal that the store refuses loses the lease; one that
 * fails otherwise (a dropped connection) is tried again. By the worker's own
 * clock the lease is good until `leaseMs` after the start of the last
 * renewal that succeeded: past that, `check()` throws, and the worker
 * commits nothing more, whatever the store would say.
 */
export function keepLease<L>(options: KeepLeaseOptions<L>): LeaseKeeper<L> {
  const { leaseMs, logger, fence } = options;
  const every = Math.max(100, Math.floor(leaseMs / 3));
  const lost = new AbortController();
  let current = options.lease;
  let confirmedAt = performance.now();
  let startedAt = confirmedAt;
  let inFlight: Promise<void> | undefined;

  const lose = (error: LeaseLostError) => {
    if (lost.signal.aborted) return;
    logger.error({ error: error.message }, 'lease lost; stopping');
    lost.abort(error);
  };
  /** Loses the lease when, by this worker's clock, it may have run out: the last renewal is too old. */
  const checkLate = () => {
    const late = performance.now() - confirmedAt;
    if (late < leaseMs) return;
    lose(
      new LeaseLostError(
        `${describeFence(fence)} was last renewed ${Math.round(late)} ms ago, past its ${leaseMs} ms lease; ` +
          'another worker may hold it now',
        fence.pullId,
      ),
    );
  };
  const startRenewal = (): Promise<void> => {
    if (lost.signal.aborted) return Promise.resolve();
    if (inFlight) return inFlight;
    const started = performance.now();
    startedAt = started;
    inFlight = options.renew(current, leaseMs).then(
      (renewed) => {
        current = renewed;
        confirmedAt = started;
      },
      (error: unknown) => {
        if (LeaseLostError.is(error)) lose(error);
        else if (PullInProgressError.is(error))
          lose(new LeaseLostError(`${describeFence(fence)} was taken over`, fence.pullId, { cause: error }));
        else logger.warn({ error: errorMessage(error) }, 'lease renewal failed; trying again');
      },
    );
    inFlight = inFlight.finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };
  const timer = setInterval(() => void startRenewal(), every);
  timer.unref();
  const renew = async (): Promise<void> => {
    const renewal = startRenewal();
    const left = confirmedAt + leaseMs - performance.now();
    let deadline: NodeJS.Timeout | undefined;
    await Promise.race([
      renewal,
      new Promise<void>((resolve) => (deadline = setTimeout(resolve, Math.max(0, left)))),
    ]);
    clearTimeout(deadline);
    checkLate();
  };

  return {
    fence,
    get current() {
      return current;
    },
    signal: lost.signal,
    check() {
      checkLate();
      if (lost.signal.aborted) throw lost.signal.reason;
    },
    due: () => !lost.signal.aborted && performance.now() - startedAt >= every,
    renew,
    stop() {
      clearInterval(timer);
    },
  };
}

/** Keeps a pull claim's lease (see {@link keepLease}), fenced by the claim. */
export function keepPullClaim(
  pullStore: PullStore,
  claim: PullClaim,
  leaseMs: number,
  logger: Logger,
): LeaseKeeper<PullClaim> {
  const renew = (held: PullClaim, ms: number) => pullStore.renew(held, ms);
  return keepLease({ lease: claim, fence: pullFence(claim), leaseMs, renew, logger });
}

/** Keeps a file lease of a shared pull (see {@link keepLease}), fenced by the lease. */
export function keepFileLease(
  fileQueue: FileQueue,
  lease: FileLease,
  leaseMs: number,
  logger: Logger,
): LeaseKeeper<FileLease> {
  const renew = (held: FileLease, ms: number) => fileQueue.renew(held, ms);
  return keepLease({ lease, fence: fileFence(lease), leaseMs, renew, logger });
}
