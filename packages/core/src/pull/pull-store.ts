import type { DataPull } from './data-pull.js';
import type { PullSummary } from '../pipeline/summary.js';

/** Options of {@link PullStore.claim}. */
export interface ClaimOptions {
  /** Who claims: a Lambda request id, a host and pid. Shown to the loser of a race. */
  workerId: string;
  /** How long the claim holds without renewal; after it, another worker may take the pull over. */
  leaseMs: number;
  /** Process a pull even when it is already `processed`. */
  reprocess?: boolean;
}

/** A held claim on a pull. */
export interface PullClaim {
  pull: DataPull;
  workerId: string;
  leaseExpiresAt: Date;
  /** The status the pull had before this claim: `processed` means a reprocess, `processing` a takeover. */
  previousStatus: DataPull['status'];
  /** 1 for the first claim of the pull, then counting every takeover and rerun. */
  attempt: number;
}

/** How a pull ended. */
export type PullOutcome =
  | { status: 'processed'; summary: PullSummary }
  | { status: 'failed'; error: { code: string; message: string }; summary?: PullSummary };

/**
 * Where pulls are looked up and claimed: `provider_connector.data_pulls` in
 * the PostgreSQL package, an in-memory map in `@provider-data/core/testing`.
 *
 * Semantics every implementation keeps (../spec/data-pulls.md):
 * - `claim` is atomic: of two concurrent claims exactly one resolves, the
 *   other rejects with `PullInProgressError`; an expired lease may be taken.
 * - `claim` rejects `PullNotFoundError` for an unknown id and
 *   `PullAlreadyProcessedError` for a processed pull unless `reprocess`.
 * - A claim is held by (worker id, attempt) while its lease is unexpired.
 *   `renew` and `finish` with `processed` act only on a claim still held and
 *   reject `LeaseLostError` otherwise: a lease that ran out is lost even
 *   before another worker takes the pull, so a worker whose renewal came
 *   late stops. `finish` with `failed` and `release` need only that no other
 *   worker has claimed the pull since, so that a failure is recorded (and the
 *   pull freed) without waiting for the lease to run out.
 */
export interface PullStore {
  get(pullId: string): Promise<DataPull | undefined>;
  claim(pullId: string, options: ClaimOptions): Promise<PullClaim>;
  /** Extends the lease; rejects `LeaseLostError` when the claim was lost or its lease ran out. */
  renew(claim: PullClaim, leaseMs: number): Promise<PullClaim>;
  /** Gives the claim up without an outcome (out of time): the pull is `pending` again and a rerun continues. */
  release(claim: PullClaim): Promise<void>;
  finish(claim: PullClaim, outcome: PullOutcome): Promise<void>;
  /**
   * Joins a pull that several workers share (see `FileQueue`): a `pending` or
   * `failed` pull becomes `processing` with no exclusive holder; a shared pull
   * stays as it is. Rejects `PullAlreadyProcessedError` for a processed pull
   * and `PullInProgressError` while a worker holds it exclusively. The
   * finalizer later takes the pull with `claim`, which a shared pull grants.
   */
  join?(pullId: string, options: { workerId: string }): Promise<DataPull>;
}
