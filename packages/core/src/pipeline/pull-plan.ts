import { hostname } from 'node:os';
import { errorMessage, PdmError } from '../errors.js';
import type { Logger } from '../logger/logger.js';
import type { DataPull } from '../pull/data-pull.js';
import type { PullClaim, PullStore } from '../pull/pull-store.js';
import type { RegisteredHealthSystem } from '../registry/registry.js';
import type { Sink } from '../sink/sink.js';
import type { SourceContext, SourceFile } from '../source/source.js';
import { keepPullClaim, type LeaseGuard, type LeaseKeeper } from './lease-keeper.js';
import { tagError } from './tag-error.js';
import { recordFailure } from './record-failure.js';
import type { FileResult, FinishPullResult } from './summary.js';

/**
 * The decisions every way of running a pull shares ({@link runPull},
 * {@link processPull}, {@link runPullWorker}, {@link finalizePull}): option
 * defaults, how a pull's files are listed, when a pull deactivates, and how
 * a pull claim's lease is kept. Each is written here once.
 */

/** Canonical records per sink write when a caller names none. Bounds memory. */
export const DEFAULT_BATCH_SIZE = 1000;

/** Lease of a pull claim or a file lease when a caller names none: 5 minutes. */
export const DEFAULT_LEASE_MS = 5 * 60_000;

/** Who is working when a caller names no worker: host and pid. */
export function defaultWorkerId(): string {
  return `${hostname()}:${process.pid}`;
}

/**
 * Every file of a pull, in the order its plugin's source lists them. A
 * failure to list is tagged with the plugin and the `list` stage.
 */
export async function listPullFiles(
  healthSystem: RegisteredHealthSystem,
  context: SourceContext,
): Promise<SourceFile[]> {
  const files: SourceFile[] = [];
  try {
    for await (const file of healthSystem.source.listFiles(context)) files.push(file);
  } catch (error) {
    throw tagError(error, healthSystem.key, 'list');
  }
  return files;
}

/**
 * The deactivation rule: a pull marks inactive the records of its health
 * system that it did not contain only when it is a full pull and every one
 * of its files loaded. A failed file may have held records that are still
 * current, and an incremental pull names only what changed.
 */
export function shouldDeactivate(pull: DataPull, results: Iterable<FileResult>): boolean {
  if (pull.dataType !== 'full') return false;
  for (const result of results) if (result.status !== 'loaded') return false;
  return true;
}

/**
 * Asks the sink to finish a pull whose files are all committed: resolves its
 * pending providers and deactivates by {@link shouldDeactivate}. Under a
 * lease, checks it first and fences the finish by it.
 */
export async function finishPullRun(
  sink: Sink,
  pull: DataPull,
  results: Iterable<FileResult>,
  lease: LeaseGuard | undefined,
): Promise<FinishPullResult> {
  const deactivate = shouldDeactivate(pull, results);
  lease?.check();
  return sink.finishPull(pull, { deactivate, fence: lease?.fence });
}

/** Options of {@link underPullClaim}. */
export interface UnderPullClaimOptions {
  pullStore: PullStore;
  claim: PullClaim;
  leaseMs: number;
  logger: Logger;
}

/**
 * Runs `work` under a pull claim while keeping its lease (see
 * {@link keepPullClaim}). `work` stops the keeper before it ends the claim
 * (`pullStore.finish` or `release`). When `work` rejects, the keeper stops
 * and the failure is recorded on the pull (see {@link recordFailure}), then
 * the error is rethrown.
 */
export async function underPullClaim<T>(
  options: UnderPullClaimOptions,
  work: (lease: LeaseKeeper<PullClaim>) => Promise<T>,
): Promise<T> {
  const { pullStore, claim, leaseMs, logger } = options;
  const lease = keepPullClaim(pullStore, claim, leaseMs, logger);
  try {
    return await work(lease);
  } catch (error) {
    lease.stop();
    const code = PdmError.is(error) ? error.code : 'internal_error';
    logger.error({ code, error: errorMessage(error) }, 'pull failed');
    await recordFailure(pullStore, lease.current, error, logger);
    throw error;
  } finally {
    lease.stop();
  }
}
