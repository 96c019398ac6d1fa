import { LeaseLostError } from '../errors.js';
import type { FileLease, FileQueue } from '../pull/file-queue.js';
import { describeFence, type FencingToken, fileFence } from '../pull/fencing.js';
import type { SourceFile } from '../source/source.js';
import type { MemorySink } from './memory-sink.js';

interface QueuedFile {
  file: SourceFile;
  workerId: string | null;
  leaseExpiresAt: number;
  /** Times handed out: with the worker id, the identity of the lease. */
  claims: number;
}

/** A {@link FileQueue} in memory that counts a file done when the memory sink has its checkpoint. */
export interface MemoryFileQueue extends FileQueue {
  /** How many times each file was handed out, to prove each was processed once. */
  readonly claims: Map<string, number>;
  /** True while the file lease a token names is held and unexpired: what the memory sink checks. */
  holds(token: FencingToken): boolean;
}

/**
 * Creates a file queue in memory over a {@link MemorySink}'s checkpoints, for
 * tests of workers that share a pull. The sink checks its file commits'
 * fencing tokens against it.
 *
 * ### Examples
 * ```ts
 * import { createMemoryFileQueue, createMemorySink } from '@provider-data/core/testing';
 *
 * const sink = createMemorySink();
 * const fileQueue = createMemoryFileQueue(sink);
 * ```
 */
export function createMemoryFileQueue(sink: MemorySink): MemoryFileQueue {
  const pulls = new Map<string, Map<string, QueuedFile>>();
  const done = (pullId: string, key: string) => sink.checkpointsByPull.get(pullId)?.has(key) ?? false;
  const entryOf = (lease: FileLease) => pulls.get(lease.pullId)?.get(lease.file.key);
  const held = (entry: QueuedFile | undefined, workerId: string, claim: number): entry is QueuedFile =>
    entry !== undefined && entry.workerId === workerId && entry.claims === claim;
  const queue: MemoryFileQueue = {
    claims: new Map(),
    holds(token) {
      if (token.kind !== 'file') return false;
      const entry = pulls.get(token.pullId)?.get(token.objectKey);
      return held(entry, token.workerId, token.claim) && entry.leaseExpiresAt > Date.now();
    },
    async enqueue(pull, files) {
      const queued = pulls.get(pull.pullId) ?? new Map<string, QueuedFile>();
      for (const file of files) {
        if (!queued.has(file.key))
          queued.set(file.key, { file, workerId: null, leaseExpiresAt: 0, claims: 0 });
      }
      pulls.set(pull.pullId, queued);
    },
    async claimNext(pull, { workerId, leaseMs }) {
      const now = Date.now();
      for (const entry of pulls.get(pull.pullId)?.values() ?? []) {
        if (done(pull.pullId, entry.file.key) || entry.leaseExpiresAt > now) continue;
        entry.workerId = workerId;
        entry.leaseExpiresAt = now + leaseMs;
        entry.claims++;
        queue.claims.set(entry.file.key, entry.claims);
        return {
          pullId: pull.pullId,
          file: entry.file,
          workerId,
          leaseExpiresAt: new Date(entry.leaseExpiresAt),
          claim: entry.claims,
        };
      }
      return null;
    },
    async renew(lease, leaseMs): Promise<FileLease> {
      const entry = entryOf(lease);
      if (!held(entry, lease.workerId, lease.claim) || entry.leaseExpiresAt <= Date.now()) {
        throw new LeaseLostError(
          `${describeFence(fileFence(lease))} is no longer held: it ran out or the file was handed out again`,
          lease.pullId,
        );
      }
      entry.leaseExpiresAt = Date.now() + leaseMs;
      return { ...lease, leaseExpiresAt: new Date(entry.leaseExpiresAt) };
    },
    async release(lease) {
      const entry = entryOf(lease);
      if (held(entry, lease.workerId, lease.claim)) {
        entry.workerId = null;
        entry.leaseExpiresAt = 0;
      }
    },
    async progress(pull) {
      const now = Date.now();
      let total = 0;
      let finished = 0;
      let leased = 0;
      for (const entry of pulls.get(pull.pullId)?.values() ?? []) {
        total++;
        if (done(pull.pullId, entry.file.key)) finished++;
        else if (entry.leaseExpiresAt > now) leased++;
      }
      return { total, done: finished, leased };
    },
  };
  sink.checkClaimsWith(queue);
  return queue;
}
