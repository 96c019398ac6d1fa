import type { FileRunner } from './file-runner.js';
import type { Enricher } from '../enricher/enricher.js';
import { childLogger, type Logger, silentLogger } from '../logger/logger.js';
import type { ObjectStore } from '../object-store/object-store.js';
import type { PullClaim, PullStore } from '../pull/pull-store.js';
import type { Registry } from '../registry/registry.js';
import type { Sink } from '../sink/sink.js';
import { type RecordLimits, resolveRecordLimits } from '../source/record-bounds.js';
import { lookupPull } from './lookup-pull.js';
import { DEFAULT_LEASE_MS, defaultWorkerId, underPullClaim } from './pull-plan.js';
import { type PullProgress, type RunPullOptions, runPull } from './run-pull.js';
import type { PullSummary } from './summary.js';

/** Options of {@link processPull}. */
export interface ProcessPullOptions {
  pullId: string;
  registry: Registry;
  pullStore: PullStore;
  store: ObjectStore;
  sink: Sink;
  enrichers?: readonly Enricher[];
  /**
   * Run a pull that is already `processed` again (an unchanged rerun writes
   * nothing). A reprocess reads every file again, whatever `skipUnchangedFiles` says:
   * it is asked for to see the files through the plugin as it is now.
   */
  reprocess?: boolean;
  /** See {@link RunPullOptions.skipUnchangedFiles}. Default true; always false for a reprocess. */
  skipUnchangedFiles?: boolean;
  /** Who is working; shown to a second caller. Default: host and pid. */
  workerId?: string;
  /**
   * Lease of the claim, in ms: renewed every third of it (and between records
   * when work holds the event loop); a worker whose renewal is later than the
   * lease stops, and another may take the pull over after it. Default 5 minutes.
   */
  leaseMs?: number;
  batchSize?: number;
  /** Bounds on every raw record, checked before the transformer; see {@link DEFAULT_RECORD_LIMITS}. */
  recordLimits?: Partial<RecordLimits>;
  /** Files processed at once; see {@link RunPullOptions.fileConcurrency}. */
  fileConcurrency?: number;
  /** Where the files are processed; see {@link RunPullOptions.fileRunner} and {@link createFileThreads}. */
  fileRunner?: FileRunner;
  logger?: Logger;
  signal?: AbortSignal;
  /** Asked before each file: false releases the pull after the file in hand (out of time). */
  shouldContinue?: () => boolean;
  onProgress?: (progress: PullProgress) => void;
}

/** How {@link processPull} ended: `incomplete` means it stopped early and released the pull; call it again. */
export type ProcessPullResult =
  | { status: 'processed'; summary: PullSummary }
  | { status: 'incomplete'; summary: PullSummary };

/**
 * Processes one data pull end to end: validates the id, looks the pull up,
 * picks its plugin, claims it atomically, runs it (see {@link runPull}) while
 * renewing the lease, and records the outcome on the pull. The one call the
 * Lambda, the CLI and tests make.
 *
 * Rejects with a typed error: {@link InvalidRequestError} (not a UUID),
 * {@link PullNotFoundError}, {@link UnknownHealthSystemError},
 * {@link PullAlreadyProcessedError}, {@link PullInProgressError}; or the
 * infrastructure error that failed the pull (which is then `failed`).
 *
 * ### Examples
 * ```ts
 * import { createLocalObjectStore, createRegistry, processPull, type HealthSystemPlugin, type PullStore, type Sink } from '@provider-data/core';
 *
 * declare const acme: HealthSystemPlugin;
 * declare const pullStore: PullStore;
 * declare const sink: Sink;
 *
 * const result = await processPull({
 *   pullId: 'f3e51f05-6517-4099-b216-d7850fd6a418',
 *   registry: createRegistry().register(acme),
 *   pullStore, sink, store: createLocalObjectStore('./pulls'),
 * });
 * if (result.status === 'processed') console.log(result.summary.records);
 * ```
 */
export async function processPull(options: ProcessPullOptions): Promise<ProcessPullResult> {
  const { pullId, registry, pullStore } = options;
  resolveRecordLimits(options.recordLimits); // a bad limit is refused before the pull is claimed
  const { pull: found, healthSystem } = await lookupPull(pullId, registry, pullStore);
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const workerId = options.workerId ?? defaultWorkerId();
  const logger = childLogger(options.logger ?? silentLogger, { pullId, healthSystem: found.healthSystem });

  const claim: PullClaim = await pullStore.claim(pullId, { workerId, leaseMs, reprocess: options.reprocess });
  logger.info({ attempt: claim.attempt, previousStatus: claim.previousStatus }, 'pull claimed');
  return underPullClaim({ pullStore, claim, leaseMs, logger }, async (lease): Promise<ProcessPullResult> => {
    // Losing the lease stops the run; its writes are fenced anyway.
    const signal = options.signal ? AbortSignal.any([options.signal, lease.signal]) : lease.signal;
    if (claim.previousStatus === 'processed') {
      lease.check();
      await options.sink.resetPull(claim.pull, { fence: lease.fence });
    }
    const result = await runPull({
      pull: claim.pull,
      healthSystem,
      store: options.store,
      sink: options.sink,
      enrichers: options.enrichers,
      batchSize: options.batchSize,
      recordLimits: options.recordLimits,
      fileConcurrency: options.fileConcurrency,
      fileRunner: options.fileRunner,
      logger: options.logger,
      signal,
      lease,
      shouldContinue: options.shouldContinue,
      onProgress: options.onProgress,
      skipUnchangedFiles: !options.reprocess && (options.skipUnchangedFiles ?? true),
    });
    lease.stop();
    if (!result.complete) {
      await pullStore.release(lease.current);
      return { status: 'incomplete', summary: result.summary };
    }
    lease.check();
    await pullStore.finish(lease.current, { status: 'processed', summary: result.summary });
    return { status: 'processed', summary: result.summary };
  });
}
