import type { Enricher } from '../enricher/enricher.js';
import { childLogger, type Logger, silentLogger } from '../logger/logger.js';
import type { ObjectStore } from '../object-store/object-store.js';
import type { DataPull } from '../pull/data-pull.js';
import type { RegisteredHealthSystem } from '../registry/registry.js';
import type { Sink } from '../sink/sink.js';
import type { RecordLimits } from '../source/record-bounds.js';
import type { SourceContext, SourceFile } from '../source/source.js';
import type { LeaseGuard } from './lease-keeper.js';
import type { FileRunner } from './file-runner.js';
import { processFile } from './process-file.js';
import { DEFAULT_BATCH_SIZE, finishPullRun, listPullFiles } from './pull-plan.js';
import { tagError } from './tag-error.js';
import { summarizePull } from './summarize.js';
import type { FileResult, PullSummary } from './summary.js';

/** Progress of a running pull, reported after every batch. */
export interface PullProgress {
  filesTotal: number;
  filesDone: number;
  file: string;
  recordsRead: number;
  /** Raw records read by this run, across files. */
  recordsReadTotal: number;
}

/** Options of {@link runPull}. */
export interface RunPullOptions {
  pull: DataPull;
  healthSystem: RegisteredHealthSystem;
  store: ObjectStore;
  sink: Sink;
  enrichers?: readonly Enricher[];
  /** Files processed at once, each in its own sink transaction. Default: the sink's `maxConcurrentFiles`, else 1. */
  fileConcurrency?: number;
  /** Canonical records per sink write. Bounds memory. Default {@link DEFAULT_BATCH_SIZE} (1000). */
  batchSize?: number;
  /** Bounds on every raw record, checked before the transformer; see {@link DEFAULT_RECORD_LIMITS}. */
  recordLimits?: Partial<RecordLimits>;
  logger?: Logger;
  signal?: AbortSignal;
  /** Asked before each file: false stops the run after the file in hand (out of time). */
  shouldContinue?: () => boolean;
  /** The claim the run works under (see {@link processPull}): every file's commit and the finish are fenced by it. */
  lease?: LeaseGuard;
  onProgress?: (progress: PullProgress) => void;
  /**
   * Where the files are processed: in this thread by default, or in worker
   * threads ({@link createFileThreads}), which then enrich the files with
   * their own setup's enrichers (`enrichers` here is not used for them).
   */
  fileRunner?: FileRunner;
  /**
   * Repeat the previous pull's load of a file that is byte-identical (same
   * ETag, plugin version and config) instead of reading it, when the sink
   * can ({@link Sink.repeatUnchangedFile}). Default true.
   */
  skipUnchangedFiles?: boolean;
}

/** What {@link runPull} did. `complete: false` means it stopped early and a rerun continues. */
export interface RunPullResult {
  complete: boolean;
  summary: PullSummary;
}

/**
 * Streams every file of a pull through its plugin's source and transformer,
 * the enrichers and the sink, in bounded batches; then asks the sink to
 * finish the pull. Files the sink has checkpointed are skipped, so a rerun
 * continues where a failed one stopped.
 *
 * Bad data never stops the run: a record that fails becomes a quarantine row,
 * a file that breaks part way keeps what was read and is recorded as failed.
 * Broken infrastructure (object store, sink) rejects with the error.
 *
 * Most callers want {@link processPull}, which also looks the pull up and
 * claims it.
 *
 * ### Examples
 * ```ts
 * import { createLocalObjectStore, createRegistry, runPull, type DataPull, type HealthSystemPlugin, type Sink } from '@provider-data/core';
 *
 * declare const acme: HealthSystemPlugin;
 * declare const sink: Sink;
 * declare const pull: DataPull;
 *
 * const registry = createRegistry().register(acme);
 * const { summary } = await runPull({
 *   pull, healthSystem: registry.get(pull.healthSystem), store: createLocalObjectStore('./pulls'), sink,
 * });
 * console.log(summary.records, summary.reconciled);
 * ```
 */
export async function runPull(options: RunPullOptions): Promise<RunPullResult> {
  const { pull, healthSystem, store, sink } = options;
  const started = Date.now();
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const enrichers = options.enrichers ?? [];
  const logger = childLogger(options.logger ?? silentLogger, {
    pullId: pull.pullId,
    healthSystem: pull.healthSystem,
  });
  const sourceContext: SourceContext = { pull, store, logger, signal: options.signal };
  const runFile = options.fileRunner ? options.fileRunner.run.bind(options.fileRunner) : processFile;

  const checkpoints = await sink.checkpoints(pull);
  const files = await listPullFiles(healthSystem, sourceContext);
  logger.info({ files: files.length, checkpointed: checkpoints.size }, 'pull started');

  const results: FileResult[] = [];
  let processed = 0;
  let resumed = 0;
  let complete = true;
  let recordsReadTotal = 0;

  const todo: SourceFile[] = [];
  for (const file of files) {
    const done = checkpoints.get(file.key);
    if (done) {
      results.push(done);
      resumed++;
    } else todo.push(file);
  }

  // Up to `fileConcurrency` files at once, each in its own sink transaction:
  // one file's merge runs in the database while the next is parsed.
  // Files commit in list order whatever order they finish in, so that a
  // record listed in several files ends as a one-file-at-a-time run leaves it.
  let next = 0;
  let failure: { error: unknown } | undefined;
  let previousCommit: Promise<void> = Promise.resolve();
  const lane = async () => {
    while (!failure && next < todo.length) {
      if (options.shouldContinue && !options.shouldContinue()) {
        complete = false;
        return;
      }
      if (options.signal?.aborted) {
        failure ??= { error: options.signal.reason };
        return;
      }
      const file = todo[next++]!;
      const turn = previousCommit;
      let committed!: () => void;
      let refused!: (error: unknown) => void;
      previousCommit = new Promise<void>((resolve, reject) => {
        committed = resolve;
        refused = reject;
      });
      previousCommit.catch(() => {});
      try {
        const result = await runFile({
          pull,
          file,
          healthSystem,
          store,
          sink,
          enrichers,
          batchSize,
          recordLimits: options.recordLimits,
          lease: options.lease,
          logger,
          signal: options.signal,
          beforeCommit: () => turn,
          skipUnchanged: options.skipUnchangedFiles ?? true,
          onProgress: (recordsRead, delta) => {
            recordsReadTotal += delta;
            options.onProgress?.({
              filesTotal: files.length,
              filesDone: processed + resumed,
              file: file.key,
              recordsRead,
              recordsReadTotal,
            });
          },
        });
        committed();
        results.push(result);
        processed++;
        logger.info(
          { file: file.key, status: result.status, records: result.records, durationMs: result.durationMs },
          'file done',
        );
      } catch (error) {
        refused(error);
        failure ??= { error };
      }
    }
  };
  const lanes = Math.max(1, Math.min(options.fileConcurrency ?? sink.maxConcurrentFiles ?? 1, todo.length));
  await Promise.all(Array.from({ length: lanes }, lane));
  if (failure) throw failure.error;
  if (next < todo.length) complete = false;
  const order = new Map(files.map((file, i) => [file.key, i]));
  results.sort((a, b) => (order.get(a.key) ?? 0) - (order.get(b.key) ?? 0));

  const enrichment: Record<string, number> = {};
  for (const enricher of enrichers) {
    for (const [k, v] of Object.entries(enricher.stats?.() ?? {})) enrichment[`${enricher.name}.${k}`] = v;
  }
  for (const [k, v] of Object.entries(options.fileRunner?.enrichmentStats?.() ?? {}))
    enrichment[k] = (enrichment[k] ?? 0) + v;

  if (!complete) {
    const summary = summarizePull({
      pull,
      files: files.length,
      processed,
      resumed,
      results,
      enrichment,
      started,
    });
    logger.info(
      { processed, remaining: files.length - processed - resumed },
      'pull stopped early; rerun continues',
    );
    return { complete, summary };
  }

  let finish: Awaited<ReturnType<Sink['finishPull']>>;
  try {
    finish = await finishPullRun(sink, pull, results, options.lease);
  } catch (error) {
    throw tagError(error, sink.name, 'finish');
  }
  const summary = summarizePull({
    pull,
    files: files.length,
    processed,
    resumed,
    results,
    finish,
    enrichment,
    started,
  });
  logger.info({ records: summary.records, reconciled: summary.reconciled }, 'pull finished');
  return { complete, summary };
}
