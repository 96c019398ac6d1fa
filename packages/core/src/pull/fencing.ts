import type { FileLease } from './file-queue.js';
import type { PullClaim } from './pull-store.js';

/**
 * What a write for a pull proves it is made under: the claim of an exclusive
 * run (worker id and attempt of the pull), or the lease of a file of a
 * shared pull (worker id and claim number of the file). A sink given one
 * checks, in the transaction of the write, that the claim is still held with
 * an unexpired lease, and otherwise writes nothing (see {@link Sink}).
 */
export type FencingToken = PullFencingToken | FileFencingToken;

/** The fencing token of an exclusive run's claim of a pull: its worker and attempt. */
export interface PullFencingToken {
  kind: 'pull';
  pullId: string;
  workerId: string;
  attempt: number;
}

/** The fencing token of a shared worker's lease on a file: its worker and claim number. */
export interface FileFencingToken {
  kind: 'file';
  pullId: string;
  objectKey: string;
  workerId: string;
  claim: number;
}

/**
 * The fencing token of a pull claim.
 *
 * ### Examples
 * ```ts
 * import { pullFence, type PullClaim } from '@provider-data/core';
 *
 * declare const claim: PullClaim;
 * pullFence(claim).attempt === claim.attempt; // true
 * ```
 */
export function pullFence(claim: PullClaim): PullFencingToken {
  return { kind: 'pull', pullId: claim.pull.pullId, workerId: claim.workerId, attempt: claim.attempt };
}

/**
 * The fencing token of a file lease.
 *
 * ### Examples
 * ```ts
 * import { fileFence, type FileLease } from '@provider-data/core';
 *
 * declare const lease: FileLease;
 * fileFence(lease).objectKey === lease.file.key; // true
 * ```
 */
export function fileFence(lease: FileLease): FileFencingToken {
  return {
    kind: 'file',
    pullId: lease.pullId,
    objectKey: lease.file.key,
    workerId: lease.workerId,
    claim: lease.claim,
  };
}

/**
 * The claim a token names, for messages: `worker w1's claim on pull … (attempt 2)`.
 *
 * ### Examples
 * ```ts
 * import { describeFence } from '@provider-data/core';
 *
 * describeFence({ kind: 'pull', pullId: 'p', workerId: 'w1', attempt: 2 }); // "worker w1's claim on pull p (attempt 2)"
 * ```
 */
export function describeFence(token: FencingToken): string {
  return token.kind === 'pull'
    ? `worker ${token.workerId}'s claim on pull ${token.pullId} (attempt ${token.attempt})`
    : `worker ${token.workerId}'s lease on ${token.objectKey} of pull ${token.pullId} (claim ${token.claim})`;
}
