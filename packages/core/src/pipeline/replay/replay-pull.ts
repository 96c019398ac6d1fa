import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Enricher } from '../../enricher/enricher.js';
import { errorMessage, LeaseLostError, PdmError } from '../../errors.js';
import { childLogger, type Logger, silentLogger } from '../../logger/logger.js';
import type { ObjectStore } from '../../object-store/object-store.js';
import type { DataPull } from '../../pull/data-pull.js';
import type { PullClaim, PullStore } from '../../pull/pull-store.js';
import type { RegisteredHealthSystem } from '../../registry/registry.js';
import type { Sink } from '../../sink/sink.js';
import { type RecordLimits, resolveRecordLimits } from '../../source/record-bounds.js';
import type { SourceFile } from '../../source/source.js';
import { keepPullClaim, type LeaseKeeper } from '../lease-keeper.js';
import { lookupPull } from '../lookup-pull.js';
import { processFile, tagError } from '../process-file.js';
import { DEFAULT_BATCH_SIZE } from '../pull-plan.js';
import type { ProcessPullOptions } from '../process-pull.js';
import type { FileResult, PullSummary } from '../summary.js';
import { emptyReplayCounts, type ReplayCounts, summaryAfterReplay } from './replay-counts.js';
import { replayFileRecords } from './replay-records.js';
import type { ReplayRowOutcome, ReplayRun, ReplayStore } from './replay-store.js';

/**
 * Options of {@link replayPull}: those of a run (`processPull`'s) and the
 * replay's own. `registry` holds the plugins as they are now: the pull's
 * health system is run by the one registered today; `store` is read only
 * with `files: true`; `leaseMs` is the claim's lease (default 5 minutes).
 */
export interface ReplayPullOptions
  extends Pick<
    ProcessPullOptions,
    | 'pullId'
    | 'registry'
    | 'pullStore'
    | 'store'
    | 'sink'
    | 'enrichers'
    | 'workerId'
    | 'leaseMs'
    | 'batchSize'
    | 'recordLimits'
    | 'logger'
    | 'signal'
  > {
  replayStore: ReplayStore;
  /** Only rows whose reason (first, or the one the last replay gave) is this one. */
  reason?: string;
  /** Also re-read the files that failed as a whole (cut off, unreadable). Default false. */
  files?: boolean;
  /** The replay's id, recorded on every row it resolves. Default: a random UUID. */
  replayId?: string;
}

/** What {@link replayPull} did: its counts, and the pull's summary with them. */
export interface ReplayPullResult {
  replayId: string;
  pull: DataPull;
  counts: ReplayCounts;
  summary: PullSummary;
}

/** A replay asked of a pull that is not `processed`: process (or finish) it first. */
export class PullNotReplayableError extends PdmError {
  constructor(pullId: string, status: string) {
    super(
      'pull_not_processed',
      `pull ${pullId} is ${status}: only a processed pull's quarantine is replayed`,
      {
        stage: 'pull-store',
      },
    );
  }
}

/**
 * Runs a processed pull's quarantined records through the plugin registered
 * now for its health system, and loads what passes as that pull would have
 * loaded it: the same transformer call and record checks as a pull
 * ({@link RecordIntake}), the same sink write, so the same ids, content
 * hashes and lineage (`last_seen_pull_id` is the pull).
 *
 * - Each record-level row with its raw text and record type kept is taken;
 *   rows of one record (same position, type and text) are one rerun. A row
 *   whose record now loads is resolved (`resolved_at`, `resolved_by` = the
 *   replay id); one the plugin still rejects stays, with the new reason and
 *   message beside the old.
 * - Canonical records the pull already stored, and records a newer pull of
 *   the health system stored (`last_seen_pull_id` names a later pull), are
 *   not written: a replay adds what the pull missed, and never overwrites a
 *   later delivery (counted in `keptNewer`).
 * - `files: true` also re-reads each file with an unresolved row of the file
 *   as a whole, as the pull read it ({@link processFile}): its checkpoint is
 *   replaced, its earlier rows are resolved with note `file_reread`, and its
 *   new rows say what still fails.
 * - The pull is claimed for the replay (`reprocess`), so that no run and no
 *   second replay works on it meanwhile (`PullInProgressError`), and ends
 *   `processed` again with its summary summed again from its checkpoints
 *   ({@link summaryAfterReplay}); `replays` lists what each replay did.
 *   A replay never deactivates.
 * - Idempotent: a second replay finds the resolved rows resolved, and the
 *   rows still failing fail again with the same reasons; nothing changes.
 *
 * ### Examples
 * ```ts
 * import { createLocalObjectStore, createRegistry, replayPull, type HealthSystemPlugin, type PullStore, type ReplayStore, type Sink } from '@provider-data/core';
 *
 * declare const fixedAcme: HealthSystemPlugin;
 * declare const pullStore: PullStore;
 * declare const replayStore: ReplayStore;
 * declare const sink: Sink;
 *
 * const { counts, summary } = await replayPull({
 *   pullId: 'f3e51f05-6517-4099-b216-d7850fd6a418',
 *   registry: createRegistry().register(fixedAcme),
 *   pullStore, replayStore, sink, store: createLocalObjectStore('./pulls'),
 *   reason: 'invalid_value',
 * });
 * console.log(counts.rows.resolved, summary.reconciled);
 * ```
 */
export async function replayPull(options: ReplayPullOptions): Promise<ReplayPullResult> {
  const { pullId, registry, pullStore, replayStore, sink } = options;
  const limits = resolveRecordLimits(options.recordLimits);
  const { pull: found, healthSystem } = await lookupPull(pullId, registry, pullStore);
  if (found.status !== 'processed') throw new PullNotReplayableError(pullId, found.status);
  const first = await replayStore.summary(found);
  if (!first) throw new PullNotReplayableError(pullId, 'processed without a summary');
  const leaseMs = options.leaseMs ?? 5 * 60_000;
  const workerId = options.workerId ?? `${hostname()}:${process.pid}`;
  const replayId = options.replayId ?? randomUUID();
  const logger = childLogger(options.logger ?? silentLogger, { pullId, replayId });

  const claim = await pullStore.claim(pullId, { workerId, leaseMs, reprocess: true });
  const lease = keepPullClaim(pullStore, claim, leaseMs, logger);
  const pull = claim.pull;
  // Read again under the claim: another replay may have finished in between.
  const before = (await replayStore.summary(pull).catch(() => undefined)) ?? first;
  const run: ReplayRun = { replayId, pull, reason: options.reason, files: options.files ?? false, workerId };
  const started = new Date();
  const counts = emptyReplayCounts(replayId, options.reason, run.files, started);
  const signal = options.signal ? AbortSignal.any([options.signal, lease.signal]) : lease.signal;
  try {
    await replayStore.start(run);
    const filter = { reason: options.reason };
    const checkpoints = await sink.checkpoints(pull);
    const files = await replayStore.files(pull, filter);
    const reread = new Set(run.files ? files.filter((f) => f.fileRows > 0).map((f) => f.objectKey) : []);
    if (reread.size > 0) {
      await rereadFiles({ ...options, pull, healthSystem, lease, logger, signal, run, counts, reread });
    }
    for (const { objectKey } of files) {
      if (reread.has(objectKey)) continue;
      signal.throwIfAborted();
      const rows = await replayStore.rows(pull, objectKey, filter);
      const { outcomes, change } = await replayFileRecords({
        pull,
        file: { key: objectKey, size: 0 },
        rows,
        healthSystem,
        sink,
        replayStore,
        enrichers: options.enrichers ?? [],
        limits,
        batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE,
        lease,
        logger,
        signal,
        counts,
      });
      if (outcomes.length === 0) continue;
      const checkpoint = checkpoints.get(objectKey);
      lease.check();
      await replayStore.commitFile(run, {
        objectKey,
        rows: outcomes,
        checkpoint: checkpoint && change.applyTo(checkpoint),
      });
    }
    counts.finishedAt = new Date().toISOString();
    const summary = summaryAfterReplay({
      pull,
      before,
      checkpoints: await sink.checkpoints(pull),
      finish: await replayStore.finishResult(pull),
      counts,
    });
    lease.check();
    await replayStore.finish(run, counts);
    lease.stop();
    await pullStore.finish(lease.current, { status: 'processed', summary });
    logger.info({ rows: counts.rows, records: counts.records }, 'replay finished');
    return { replayId, pull: { ...pull, status: 'processed' }, counts, summary };
  } catch (error) {
    lease.stop();
    await giveBack(replayStore, pullStore, lease, run, before, error, logger);
    throw error;
  }
}

/** After a failed replay: records the failure on the replay and gives the pull back `processed`. */
async function giveBack(
  replayStore: ReplayStore,
  pullStore: PullStore,
  lease: LeaseKeeper<PullClaim>,
  run: ReplayRun,
  before: PullSummary,
  error: unknown,
  logger: Logger,
): Promise<void> {
  const code = PdmError.is(error) ? error.code : 'internal_error';
  logger.error({ code, error: errorMessage(error) }, 'replay failed');
  await replayStore.fail(run, { code, message: errorMessage(error) }).catch(() => {});
  // A replay that lost its claim leaves the pull to whoever holds it now.
  if (LeaseLostError.is(error)) return;
  await pullStore.finish(lease.current, { status: 'processed', summary: before }).catch((finishError) => {
    logger.error({ error: errorMessage(finishError) }, 'could not give the pull back; its lease frees it');
  });
}

/**
 * Reads each file again as the pull read it; the sink replaces its
 * checkpoint and stores its new rows, and its earlier rows are resolved
 * with note `file_reread`. A file the plugin no longer lists keeps its rows.
 */
async function rereadFiles(input: {
  pull: DataPull;
  healthSystem: RegisteredHealthSystem;
  store: ObjectStore;
  sink: Sink;
  replayStore: ReplayStore;
  enrichers?: readonly Enricher[];
  batchSize?: number;
  recordLimits?: Partial<RecordLimits>;
  lease: LeaseKeeper<unknown>;
  logger: Logger;
  signal: AbortSignal;
  run: ReplayRun;
  counts: ReplayCounts;
  reread: ReadonlySet<string>;
}): Promise<void> {
  const { pull, healthSystem, store, logger, signal } = input;
  const listed = new Map<string, SourceFile>();
  try {
    for await (const file of healthSystem.source.listFiles({ pull, store, logger, signal })) {
      if (input.reread.has(file.key)) listed.set(file.key, file);
    }
  } catch (error) {
    throw tagError(error, healthSystem.key, 'list');
  }
  for (const key of input.reread) {
    const rows = await input.replayStore.rows(pull, key, {});
    const file = listed.get(key);
    if (!file) {
      input.counts.filesReread.push({ key, status: 'missing' });
      input.counts.rows.quarantined += rows.length;
      const kept: ReplayRowOutcome[] = rows.map((r) => ({
        rowId: r.id,
        status: 'quarantined',
        reason: 'file_missing',
        message: 'the file is no longer in the pull',
      }));
      await input.replayStore.commitFile(input.run, { objectKey: key, rows: kept });
      continue;
    }
    const result: FileResult = await processFile({
      pull,
      file,
      healthSystem,
      store,
      sink: input.sink,
      enrichers: input.enrichers,
      batchSize: input.batchSize,
      recordLimits: input.recordLimits,
      logger,
      signal,
      lease: input.lease,
    });
    input.counts.filesReread.push(
      result.error
        ? { key, status: result.status, reason: result.error.reason }
        : { key, status: result.status },
    );
    input.counts.rows.reread += rows.length;
    await input.replayStore.commitFile(input.run, {
      objectKey: key,
      rows: rows.map((r) => ({ rowId: r.id, status: 'resolved', note: 'file_reread' })),
    });
  }
}
