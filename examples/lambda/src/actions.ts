import { finalizePull, type Logger, type PullSummary, processPull, runPullWorker } from '@provider-data/core';
import type { LambdaConfig } from './config.js';
import type { LambdaEvent } from './event.js';
import type { LambdaResources } from './resources.js';
import {
  FILES_MESSAGE,
  MIGRATED_MESSAGE,
  PARTIAL_MESSAGE,
  PROCESSED_MESSAGE,
  type ResponseBody,
} from './response.js';

/** What an action did: the answer, the line that ends the invocation's log, and what metrics count. */
export interface ActionResult {
  statusCode: number;
  body: ResponseBody;
  /** The message of the invocation's last log line, and the fields it carries. */
  logMessage: string;
  logFields: Record<string, unknown>;
  /** Files this invocation processed. */
  filesProcessed?: number;
  /** The pull's summary, when this invocation finished the pull. */
  finished?: PullSummary;
}

/** What an action runs with. */
export interface ActionContext {
  config: LambdaConfig;
  resources: LambdaResources;
  logger: Logger;
  workerId: string;
  /** False once the invocation's remaining time is below `PDM_TIME_RESERVE_MS`. */
  shouldContinue: () => boolean;
}

const summaryFields = (summary: PullSummary) => ({
  healthSystem: summary.healthSystem,
  files: summary.files,
  records: summary.records,
});

/** The incremental identity run after a processed pull (`PDM_IDENTITY_AFTER_PULL=true`), as log fields. */
async function linkIdentities(pullId: string, context: ActionContext): Promise<{ identity: object }> {
  const r = await context.resources.resolveIdentities(pullId);
  return {
    identity: {
      changed: r.practitioners.changed,
      linked: r.pairs.linked,
      review: r.pairs.review,
      persons: r.persons,
    },
  };
}

/**
 * Runs one validated event: a whole pull (`process_data`), a fan-out worker's
 * share of one (`process_files`), its end (`finalize`), or the migrations
 * (`migrate`). Throws core's typed errors, which `errorBody` maps to the
 * response table.
 */
export async function runAction(event: LambdaEvent, context: ActionContext): Promise<ActionResult> {
  const { config, resources, logger, shouldContinue } = context;
  if (event.action === 'migrate') {
    const { applied } = await resources.migrate();
    return {
      statusCode: 200,
      body: { message: MIGRATED_MESSAGE, applied },
      logMessage: 'database migrated',
      logFields: { applied, schema: config.dbSchema, pullSchema: config.pullSchema },
    };
  }

  const { registry, pullStore, fileQueue, sink, store, places } = resources;
  places.resetForPull();
  const common = {
    pullId: event.pull_id,
    registry,
    pullStore,
    sink,
    store,
    enrichers: [places],
    batchSize: config.batchSize,
    leaseMs: config.leaseMs,
    workerId: context.workerId,
    logger,
  };

  if (event.action === 'process_files') {
    // One of several workers sharing the pull: files only; `finalize` finishes it.
    const result = await runPullWorker({ ...common, fileQueue, finalize: false, shouldContinue });
    const { filesProcessed } = result;
    // With `finalize: false` the worker always answers `working`; a finalized pull has every file done.
    const progress =
      result.status === 'working'
        ? result.progress
        : { total: result.summary.files.total, done: result.summary.files.total, leased: 0 };
    return {
      statusCode: 200,
      body: { message: FILES_MESSAGE, filesProcessed, progress },
      logMessage: 'files processed',
      logFields: { filesProcessed, progress },
      filesProcessed,
    };
  }

  if (event.action === 'finalize') {
    const summary = await finalizePull({ ...common, fileQueue });
    const identity = config.identityAfterPull ? await linkIdentities(event.pull_id, context) : {};
    return {
      statusCode: 200,
      body: { message: PROCESSED_MESSAGE, summary },
      logMessage: 'pull processed',
      logFields: { ...summaryFields(summary), ...identity },
      filesProcessed: 0,
      finished: summary,
    };
  }

  const result = await processPull({ ...common, reprocess: event.reprocess, shouldContinue });
  const { summary } = result;
  const identity =
    result.status !== 'incomplete' && config.identityAfterPull
      ? await linkIdentities(event.pull_id, context)
      : {};
  if (result.status === 'incomplete') {
    return {
      statusCode: 202,
      body: { message: PARTIAL_MESSAGE, summary },
      logMessage: 'pull paused: out of time',
      logFields: summaryFields(summary),
      filesProcessed: summary.files.processed,
    };
  }
  return {
    statusCode: 200,
    body: { message: PROCESSED_MESSAGE, summary },
    logMessage: 'pull processed',
    logFields: { ...summaryFields(summary), ...identity },
    filesProcessed: summary.files.processed,
    finished: summary,
  };
}
