import {
  LeaseLostError,
  PullAlreadyProcessedError,
  PullInProgressError,
  PullNotFoundError,
} from '../errors.js';
import type { DataPull } from '../pull/data-pull.js';
import { describeFence, type FencingToken, pullFence } from '../pull/fencing.js';
import type { PullClaim, PullOutcome, PullStore } from '../pull/pull-store.js';

interface Row {
  pull: DataPull;
  claimedBy: string | null;
  leaseExpiresAt: Date | null;
  attempts: number;
  outcome: PullOutcome | null;
}

/** An in-memory {@link PullStore}, with `add` to register pulls and `outcome` to read how one ended. */
export interface MemoryPullStore extends PullStore {
  add(pull: DataPull): void;
  outcome(pullId: string): PullOutcome | null;
  /** True while the pull claim a token names is held with an unexpired lease: what the memory sink checks. */
  holds(token: FencingToken): boolean;
}

/**
 * Creates a pull store in memory with the same claim and lease rules as the
 * PostgreSQL one.
 *
 * ### Examples
 * ```ts
 * import { createMemoryPullStore } from '@provider-data/core/testing';
 *
 * const pulls = createMemoryPullStore();
 * pulls.add({
 *   pullId: 'f3e51f05-6517-4099-b216-d7850fd6a418', healthSystem: 'apollo',
 *   pullTimestamp: '20261120T053000Z', dataType: 'full', bucket: null, status: 'pending',
 * });
 * ```
 */
export function createMemoryPullStore(pulls: readonly DataPull[] = []): MemoryPullStore {
  const rows = new Map<string, Row>();
  // Held: no other worker has claimed the pull since. Live: and its lease has not run out.
  const held = (row: Row, claim: PullClaim) =>
    row.pull.status === 'processing' && row.claimedBy === claim.workerId && row.attempts === claim.attempt;
  const live = (row: Row, claim: PullClaim) =>
    held(row, claim) && row.leaseExpiresAt !== null && row.leaseExpiresAt.getTime() > Date.now();
  const heldRow = (claim: PullClaim, mustBeLive: boolean): Row => {
    const row = rows.get(claim.pull.pullId);
    if (!row || !(mustBeLive ? live(row, claim) : held(row, claim))) {
      throw new LeaseLostError(
        `${describeFence(pullFence(claim))} is no longer held: its lease ran out or another worker took the pull`,
        claim.pull.pullId,
      );
    }
    return row;
  };
  const store: MemoryPullStore = {
    add(pull) {
      rows.set(pull.pullId, {
        pull: { ...pull },
        claimedBy: null,
        leaseExpiresAt: null,
        attempts: 0,
        outcome: null,
      });
    },
    outcome: (pullId) => rows.get(pullId)?.outcome ?? null,
    async get(pullId) {
      const row = rows.get(pullId);
      return row ? { ...row.pull } : undefined;
    },
    async claim(pullId, options) {
      const row = rows.get(pullId);
      if (!row) throw new PullNotFoundError(pullId);
      const now = Date.now();
      const previousStatus = row.pull.status;
      if (previousStatus === 'processed' && !options.reprocess) throw new PullAlreadyProcessedError(pullId);
      if (previousStatus === 'processing' && row.leaseExpiresAt && row.leaseExpiresAt.getTime() > now) {
        throw new PullInProgressError(pullId, row.leaseExpiresAt);
      }
      row.pull.status = 'processing';
      row.claimedBy = options.workerId;
      row.leaseExpiresAt = new Date(now + options.leaseMs);
      row.attempts++;
      return {
        pull: { ...row.pull },
        workerId: options.workerId,
        leaseExpiresAt: row.leaseExpiresAt,
        attempt: row.attempts,
        previousStatus,
      };
    },
    holds(token) {
      const row = rows.get(token.pullId);
      if (token.kind !== 'pull' || !row) return false;
      return live(row, { pull: row.pull, workerId: token.workerId, attempt: token.attempt } as PullClaim);
    },
    async renew(claim, leaseMs) {
      const row = heldRow(claim, true);
      row.leaseExpiresAt = new Date(Date.now() + leaseMs);
      return { ...claim, leaseExpiresAt: row.leaseExpiresAt };
    },
    async release(claim) {
      const row = heldRow(claim, false);
      row.pull.status = 'pending';
      row.claimedBy = null;
      row.leaseExpiresAt = null;
    },
    async join(pullId) {
      const row = rows.get(pullId);
      if (!row) throw new PullNotFoundError(pullId);
      const status = row.pull.status;
      if (status === 'processed') throw new PullAlreadyProcessedError(pullId);
      if (status === 'processing' && row.leaseExpiresAt && row.leaseExpiresAt.getTime() > Date.now()) {
        throw new PullInProgressError(pullId, row.leaseExpiresAt);
      }
      row.pull.status = 'processing';
      row.claimedBy = null;
      row.leaseExpiresAt = null;
      return { ...row.pull };
    },
    async finish(claim, outcome) {
      const row = heldRow(claim, outcome.status === 'processed');
      row.pull.status = outcome.status;
      row.claimedBy = null;
      row.leaseExpiresAt = null;
      row.outcome = outcome;
    },
  };
  for (const pull of pulls) store.add(pull);
  return store;
}
