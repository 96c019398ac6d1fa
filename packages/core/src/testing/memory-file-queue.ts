import type { FileLease, FileQueue } from '../pull/file-queue.js';
import type { SourceFile } from '../source/source.js';
import type { MemorySink } from './memory-sink.js';

interface QueuedFile {
  file: SourceFile;
  workerId: string | null;
  leaseExpiresAt: number;
}

/** A {@link FileQueue} in memory that counts a file done when the memory sink has its checkpoint. */
export interface MemoryFileQueue extends FileQueue {
  /** How many times each file was handed out, to prove each was processed once. */
  readonly claims: Map<string, number>;
}

/**
 * Creates a file queue in memory over a {@link MemorySink}'s checkpoints, for
 * tests of workers that share a pull.
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
  return {
    claims: new Map(),
    async enqueue(pull, files) {
      const queued = pulls.get(pull.pullId) ?? new Map<string, QueuedFile>();
      for (const file of files) {
        if (!queued.has(file.key)) queued.set(file.key, { file, workerId: null, leaseExpiresAt: 0 });
      }
      pulls.set(pull.pullId, queued);
    },
    async claimNext(pull, { workerId, leaseMs }) {
      const now = Date.now();
      for (const entry of pulls.get(pull.pullId)?.values() ?? []) {
        if (done(pull.pullId, entry.file.key) || entry.leaseExpiresAt > now) continue;
        entry.workerId = workerId;
        entry.leaseExpiresAt = now + leaseMs;
        this.claims.set(entry.file.key, (this.claims.get(entry.file.key) ?? 0) + 1);
        return {
          pullId: pull.pullId,
          file: entry.file,
          workerId,
          leaseExpiresAt: new Date(entry.leaseExpiresAt),
        };
      }
      return null;
    },
    async renew(lease, leaseMs): Promise<FileLease> {
      const entry = pulls.get(lease.pullId)?.get(lease.file.key);
      if (!entry || entry.workerId !== lease.workerId) throw new Error(`lease on ${lease.file.key} was lost`);
      entry.leaseExpiresAt = Date.now() + leaseMs;
      return { ...lease, leaseExpiresAt: new Date(entry.leaseExpiresAt) };
    },
    async release(lease) {
      const entry = pulls.get(lease.pullId)?.get(lease.file.key);
      if (entry && entry.workerId === lease.workerId) {
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
}
