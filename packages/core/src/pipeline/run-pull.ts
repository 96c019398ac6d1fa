import type { Enricher } from '../enricher/enricher.js';
import { errorMessage, isDataError, ObjectStoreError, PdmError, SinkError } from '../errors.js';
import { childLogger, type Logger, silentLogger } from '../logger/logger.js';
import type { QuarantineRecord } from '../model/quarantine.js';
import type { ObjectStore } from '../object-store/object-store.js';
import { type DataPull, pullTime } from '../pull/data-pull.js';
import type { RegisteredHealthSystem } from '../registry/registry.js';
import type { CanonicalBatch, Sink } from '../sink/sink.js';
import type { SourceContext, SourceFile, SourceItem } from '../source/source.js';
import type { TransformContext, TransformResult } from '../transformer/transformer.js';
import { FileTally } from './file-tally.js';
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
  /** Canonical records per sink write. Bounds memory. Default 2000. */
  batchSize?: number;
  logger?: Logger;
  signal?: AbortSignal;
  /** Asked before each file: false stops the run after the file in hand (out of time). */
  shouldContinue?: () => boolean;
  onProgress?: (progress: PullProgress) => void;
}

/** What {@link runPull} did. `complete: false` means it stopped early and a rerun continues. */
export interface RunPullResult {
  complete: boolean;
  summary: PullSummary;
}

function emptyBatch(): CanonicalBatch {
  return { practitioners: [], practices: [], providers: [], quarantine: [] };
}

function rawText(value: unknown): string | null {
  if (value === undefined) return null;
  try {
    return typeof value === 'string' ? value : JSON.stringify(value);
  } catch {
    return String(value);
  }
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
  const batchSize = options.batchSize ?? 2000;
  const enrichers = options.enrichers ?? [];
  const logger = childLogger(options.logger ?? silentLogger, {
    pullId: pull.pullId,
    healthSystem: pull.healthSystem,
  });
  const sourceContext: SourceContext = { pull, store, logger, signal: options.signal };
  const time = pullTime(pull);

  const checkpoints = await sink.checkpoints(pull);
  const files: SourceFile[] = [];
  try {
    for await (const file of healthSystem.source.listFiles(sourceContext)) files.push(file);
  } catch (error) {
    throw tag(error, healthSystem.key, 'list');
  }
  logger.info({ files: files.length, checkpointed: checkpoints.size }, 'pull started');

  const results: FileResult[] = [];
  let processed = 0;
  let resumed = 0;
  let complete = true;
  let recordsReadTotal = 0;

  for (const file of files) {
    const done = checkpoints.get(file.key);
    if (done) {
      results.push(done);
      resumed++;
      continue;
    }
    if (options.shouldContinue && !options.shouldContinue()) {
      complete = false;
      break;
    }
    options.signal?.throwIfAborted();
    const result = await runFile(file);
    results.push(result);
    processed++;
    logger.info(
      { file: file.key, status: result.status, records: result.records, durationMs: result.durationMs },
      'file done',
    );
  }

  const enrichment: Record<string, number> = {};
  for (const enricher of enrichers) {
    for (const [k, v] of Object.entries(enricher.stats?.() ?? {})) enrichment[`${enricher.name}.${k}`] = v;
  }

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

  const deactivate = pull.dataType === 'full' && results.every((r) => r.status === 'loaded');
  let finish: Awaited<ReturnType<Sink['finishPull']>>;
  try {
    finish = await sink.finishPull(pull, { deactivate });
  } catch (error) {
    throw tag(error, sink.name, 'finish');
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

  async function runFile(file: SourceFile): Promise<FileResult> {
    const tally = new FileTally(file.key);
    const transformContext: TransformContext = { pull, file, pullTime: time };
    let writer: Awaited<ReturnType<Sink['openFile']>>;
    try {
      writer = await sink.openFile(pull, file);
    } catch (error) {
      throw tag(error, sink.name, 'sink', file.key);
    }
    let batch = emptyBatch();
    let pending = 0;

    const quarantine = (row: Omit<QuarantineRecord, 'pullId' | 'healthSystem' | 'objectKey'>) => {
      batch.quarantine.push({
        pullId: pull.pullId,
        healthSystem: pull.healthSystem,
        objectKey: file.key,
        ...row,
      });
      tally.quarantined(row.entity, row.reason);
      pending++;
    };

    const flush = async () => {
      if (pending === 0) return;
      const out = batch;
      batch = emptyBatch();
      pending = 0;
      if (out.practices.length > 0) {
        for (const enricher of enrichers) {
          try {
            out.practices = await enricher.enrich(out.practices, { pull, logger, signal: options.signal });
          } catch (error) {
            throw tag(error, enricher.name, 'enrich', file.key);
          }
        }
      }
      try {
        await writer.write(out);
      } catch (error) {
        throw tag(error, sink.name, 'sink', file.key);
      }
      options.onProgress?.({
        filesTotal: files.length,
        filesDone: processed + resumed,
        file: file.key,
        recordsRead: tally.records.read,
        recordsReadTotal,
      });
    };

    const accept = (item: SourceItem) => {
      tally.records.read++;
      recordsReadTotal++;
      if (item.kind === 'issue') {
        tally.records.quarantined++;
        quarantine({
          position: item.position,
          entity: item.entity ?? 'file',
          sourceId: null,
          reason: item.reason,
          message: item.message,
          raw: item.text,
        });
        return;
      }
      let result: TransformResult;
      try {
        result = healthSystem.transformer.transform(item, transformContext);
      } catch (error) {
        tally.records.quarantined++;
        quarantine({
          position: item.position,
          entity: item.entity ?? 'file',
          sourceId: null,
          reason: 'transform_error',
          message: `transform threw: ${errorMessage(error)}`,
          raw: rawText(item.value),
        });
        return;
      }
      const practitioners = result.practitioners ?? [];
      const practices = result.practices ?? [];
      const providers = result.providers ?? [];
      const produced = practitioners.length + practices.length + providers.length;
      tally.note(tally.unmappedSpecialties, result.unmappedSpecialties);
      tally.note(tally.unusableFields, result.unusableFields);
      if (produced > 0) tally.records.loaded++;
      else tally.records.quarantined++;
      const issues = result.issues ?? [];
      const raw = issues.length > 0 || produced === 0 ? rawText(item.value) : null;
      for (const issue of issues) {
        quarantine({
          position: item.position,
          entity: issue.entity,
          sourceId: issue.sourceId ?? null,
          reason: issue.reason,
          message: issue.message,
          raw,
        });
      }
      if (produced === 0 && issues.length === 0) {
        quarantine({
          position: item.position,
          entity: 'file',
          sourceId: null,
          reason: 'empty_result',
          message: 'the transformer produced no record and no issue',
          raw,
        });
      }
      if (produced > 0) {
        tally.produced('practitioner', practitioners.length);
        tally.produced('practice', practices.length);
        tally.produced('provider', providers.length);
        batch.practitioners.push(...practitioners);
        batch.practices.push(...practices);
        batch.providers.push(...providers);
        pending += produced;
      }
    };

    try {
      try {
        for await (const item of healthSystem.source.readFile(file, sourceContext)) {
          accept(item);
          if (pending >= batchSize) await flush();
        }
      } catch (error) {
        if (!isDataError(error)) throw tag(error, healthSystem.key, 'read', file.key);
        tally.error = { reason: error.reason, message: error.message };
        quarantine({
          position: null,
          entity: 'file',
          sourceId: null,
          reason: error.reason,
          message: error.message,
          raw: null,
        });
      }
      await flush();
      const result = tally.result();
      let counts: Awaited<ReturnType<typeof writer.commit>>;
      try {
        counts = await writer.commit(result);
      } catch (error) {
        throw tag(error, sink.name, 'sink', file.key);
      }
      for (const entity of ['practitioner', 'practice'] as const)
        Object.assign(result.entities[entity], counts[entity]);
      return result;
    } catch (error) {
      await writer.abort().catch((abortError) => {
        logger.warn(
          { file: file.key, error: errorMessage(abortError) },
          'abort after a failed file also failed',
        );
      });
      throw error;
    }
  }
}

/** Attaches plugin, stage and file to an error that has none, keeping the original as `cause`. */
function tag(
  error: unknown,
  plugin: string,
  stage: 'list' | 'read' | 'enrich' | 'sink' | 'finish',
  objectKey?: string,
) {
  if (error instanceof PdmError) return error;
  const message = `${stage === 'sink' || stage === 'finish' ? 'sink' : stage} failed${objectKey ? ` on ${objectKey}` : ''}: ${errorMessage(error)}`;
  if (stage === 'sink' || stage === 'finish')
    return new SinkError(message, { plugin, stage, objectKey, cause: error });
  if (stage === 'list' || stage === 'read')
    return new ObjectStoreError(message, { plugin, stage, objectKey, cause: error });
  return new PdmError('pipeline_error', message, { plugin, stage, objectKey, cause: error });
}
