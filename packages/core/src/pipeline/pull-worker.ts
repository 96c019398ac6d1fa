import type { Enricher } from '../enricher/enricher.js';
import {
  errorMessage,
  LeaseLostError,
  PdmError,
  PullAlreadyProcessedError,
  PullInProgressError,
} from '../errors.js';
import { childLogger, type Logger, silentLogger } from '../logger/logger.js';
import type { ObjectStore } from '../object-store/object-store.js';
import type { DataPull } from '../pull/data-pull.js';
import type { FileQueue } from '../pull/file-queue.js';
import type { PullStore } from '../pull/pull-store.js';
import type { Registry } from '../registry/registry.js';
import type { Sink } from '../sink/sink.js';
import { type RecordLimits, resolveRecordLimits } from '../source/record-bounds.js';
import { keepFileLease } from './lease-keeper.js';
import { lookupPull } from './lookup-pull.js';
import { processFile } from './process-file.js';
import {
  DEFAULT_LEASE_MS,
  defaultWorkerId,
  finishPullRun,
  listPullFiles,
  underPullClaim,
} from './pull-plan.js';
import { summarizePull } from './summarize.js';
import type { PullSummary } from './summary.js';

/** Options of {@link runPullWorker} and {@link finalizePull}. */
export interface PullWorkerOptions {
  pullId: string;
  registry: Registry;
  pullStore: PullStore;
  fileQueue: FileQueue;
  store: ObjectStore;
  sink: Sink;
  enrichers?: readonly Enricher[];
  workerId?: string;
  /**
   * Lease of each claimed file (and of the finalizer's claim), in ms: renewed
   * every third of it and between records; a worker whose renewal is later
   * than the lease stops. Default 5 minutes.
   */
  leaseMs?: number;
  batchSize?: number;
  /** Bounds on every raw record, checked before the transformer; see {@link DEFAULT_RECORD_LIMITS}. */
  recordLimits?: Partial<RecordLimits>;
  logger?: Logger;
  signal?: AbortSignal;
  /** Asked before each file: false stops the worker after the file in hand. */
  shouldContinue?: () => boolean;
  /** Finalize the pull when this worker finds every file done. Default true. */
  finalize?: boolean;
  /** See {@link RunPullOptions.skipUnchangedFiles}. Default true. */
  skipUnchangedFiles?: boolean;
}

/**
 * What a worker did: `processed` when it also finalized the pull; `working`
 * when files remain or other workers are still busy (another worker, or a
 * later call, finalizes).
 */
export type PullWorkerResult =
  | { status: 'processed'; filesProcessed: number; summary: PullSummary }
  | { status: 'working'; filesProcessed: number; progress: { total: number; done: number; leased: number } };

/**
 * One of several workers sharing a pull: joins it, records its files in the
 * file queue, then claims and processes one file at a time until none is
 * left; the worker that finds every file done finalizes the pull (provider
 * resolution, deactivation, summary, status) exactly once.
 *
 * A worker that fails on broken infrastructure gives its file back and
 * rejects; the pull stays `processing`, and any worker continues it.
 *
 * ### Examples
 * ```ts
 * import { runPullWorker, type FileQueue, type ObjectStore, type PullStore, type Registry, type Sink } from '@provider-data/core';
 *
 * declare const registry: Registry;
 * declare const pullStore: PullStore;
 * declare const fileQueue: FileQueue;
 * declare const store: ObjectStore;
 * declare const sink: Sink;
 *
 * const pullId = 'f3e51f05-6517-4099-b216-d7850fd6a418';
 * const results = await Promise.all(
 *   [1, 2, 3, 4].map((n) => runPullWorker({ pullId, registry, pullStore, fileQueue, store, sink, workerId: `w${n}` })),
 * );
 * console.log(results.filter((r) => r.status === 'processed').length); // 1
 * ```
 */
export async function runPullWorker(options: PullWorkerOptions): Promise<PullWorkerResult> {
  const { registry, pullStore, fileQueue, sink } = options;
  resolveRecordLimits(options.recordLimits); // a bad limit is refused before the pull is joined
  const { pull, healthSystem } = await lookupPull(options.pullId, registry, pullStore);
  if (!pullStore.join) {
    throw new PdmError('unsupported', 'this pull store cannot share a pull between workers (no join)', {
      stage: 'pull-store',
    });
  }
  const workerId = options.workerId ?? defaultWorkerId();
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const logger = childLogger(options.logger ?? silentLogger, {
    pullId: pull.pullId,
    healthSystem: pull.healthSystem,
    workerId,
  });
  let joined: DataPull;
  try {
    joined = await pullStore.join(pull.pullId, { workerId });
  } catch (error) {
    // Every file done and the pull being finalized, or finished: nothing left for this worker.
    if (PullInProgressError.is(error) || PullAlreadyProcessedError.is(error)) {
      const progress = await fileQueue.progress(pull);
      if (progress.total > 0 && progress.done === progress.total)
        return { status: 'working', filesProcessed: 0, progress };
    }
    throw error;
  }

  const files = await listPullFiles(healthSystem, { pull: joined, store: options.store, logger });
  await fileQueue.enqueue(joined, files);

  let filesProcessed = 0;
  while (!options.shouldContinue || options.shouldContinue()) {
    options.signal?.throwIfAborted();
    const claimed = await fileQueue.claimNext(joined, { workerId, leaseMs });
    if (!claimed) break;
    const lease = keepFileLease(fileQueue, claimed, leaseMs, logger);
    try {
      const result = await processFile({
        pull: joined,
        file: claimed.file,
        healthSystem,
        store: options.store,
        sink,
        enrichers: options.enrichers,
        batchSize: options.batchSize,
        recordLimits: options.recordLimits,
        lease,
        logger,
        signal: options.signal ? AbortSignal.any([options.signal, lease.signal]) : lease.signal,
        skipUnchanged: options.skipUnchangedFiles ?? true,
      });
      filesProcessed++;
      logger.info({ file: claimed.file.key, status: result.status, records: result.records }, 'file done');
    } catch (error) {
      if (LeaseLostError.is(error)) {
        // The file is another worker's now: nothing to give back.
        logger.error({ file: claimed.file.key, error: error.message }, 'file lease lost; stopping');
      } else {
        await fileQueue.release(lease.current).catch(() => {});
        logger.error(
          { file: claimed.file.key, error: errorMessage(error) },
          'file failed; given back to the queue',
        );
      }
      throw error;
    } finally {
      lease.stop();
    }
  }

  const progress = await fileQueue.progress(joined);
  if (options.finalize === false || progress.done < progress.total) {
    return { status: 'working', filesProcessed, progress };
  }
  try {
    const summary = await finalizePull(options);
    return { status: 'processed', filesProcessed, summary };
  } catch (error) {
    // Another worker is finalizing, or has: this one's work is done.
    if (PullInProgressError.is(error) || PullAlreadyProcessedError.is(error)) {
      return { status: 'working', filesProcessed, progress };
    }
    throw error;
  }
}

/**
 * Finishes a shared pull once every file is done: takes the pull
 * exclusively, lets the sink resolve providers and deactivate, sums the
 * files' checkpoints into the summary and marks the pull `processed`. The
 * last step of a Step Functions fan-out; {@link runPullWorker} calls it too.
 * Rejects `PdmError('pull_incomplete')` while files remain.
 */
export async function finalizePull(
  options: Omit<PullWorkerOptions, 'shouldContinue' | 'finalize'>,
): Promise<PullSummary> {
  const started = Date.now();
  const { registry, pullStore, fileQueue, sink } = options;
  const { pull } = await lookupPull(options.pullId, registry, pullStore);
  const progress = await fileQueue.progress(pull);
  if (progress.total === 0 || progress.done < progress.total) {
    throw new PdmError(
      'pull_incomplete',
      `data pull ${pull.pullId} has ${progress.total - progress.done} of ${progress.total} files left`,
      { stage: 'finish' },
    );
  }
  const workerId = options.workerId ?? defaultWorkerId();
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const logger = childLogger(options.logger ?? silentLogger, { pullId: pull.pullId, workerId });
  const claim = await pullStore.claim(pull.pullId, { workerId, leaseMs });
  return underPullClaim({ pullStore, claim, leaseMs, logger }, async (lease) => {
    const results = [...(await sink.checkpoints(claim.pull)).values()];
    const finish = await finishPullRun(sink, claim.pull, results, lease);
    const summary = summarizePull({
      pull: claim.pull,
      files: progress.total,
      processed: results.length,
      resumed: 0,
      results,
      finish,
      enrichment: {},
      started,
    });
    lease.stop();
    lease.check();
    await pullStore.finish(lease.current, { status: 'processed', summary });
    return summary;
  });
}
