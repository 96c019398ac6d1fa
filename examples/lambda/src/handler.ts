import { finalizePull, type Logger, processPull, runPullWorker } from '@provider-data/core';
import { scrubbingLogger } from '@provider-data/enricher-places';
import type { DatabaseHandle } from '@provider-data/sink-postgres';
import type { Context } from 'aws-lambda';
import type { DestinationStream, Logger as PinoLogger } from 'pino';
import { describeConfig, type LambdaConfig, loadConfig } from './config.js';
import { parseEvent } from './event.js';
import { createLambdaLogger } from './logger.js';
import { openResources, type LambdaResources } from './resources.js';
import {
  errorBody,
  FILES_MESSAGE,
  type LambdaResponse,
  PARTIAL_MESSAGE,
  PROCESSED_MESSAGE,
  respond,
} from './response.js';
import { type Scrub, secretScrubber } from './secrets.js';

/** The part of the Lambda context the handler reads; a test passes its own. */
export type InvocationContext = Pick<Context, 'awsRequestId' | 'getRemainingTimeInMillis'> &
  Partial<Pick<Context, 'functionName'>>;

/** The function: answers one event, never throws. */
export type ProviderDataHandler = (event: unknown, context: InvocationContext) => Promise<LambdaResponse>;

/** A handler with its container's resources, which a test (or a shutdown hook) closes. */
export interface LambdaApp {
  handler: ProviderDataHandler;
  config: LambdaConfig;
  /** Ends the database pool; the next invocation opens it again. */
  close(): Promise<void>;
}

/** Options of {@link createLambdaApp}. */
export interface LambdaAppOptions {
  /** Where the JSON log lines go. Default: stdout, which Lambda sends to CloudWatch Logs. */
  logDestination?: DestinationStream;
  /** An open database to use instead of opening `PDM_DATABASE_URL` (tests share one embedded PGlite). */
  database?: DatabaseHandle;
}

/**
 * Makes the function from environment variables: validates them (throwing a
 * `ConfigError` that names the bad ones), and opens the database, S3 client and
 * Places enricher lazily on the first invocation that needs them, keeping them
 * for the container's later invocations.
 */
export function createLambdaApp(
  env: Record<string, string | undefined>,
  options: LambdaAppOptions = {},
): LambdaApp {
  const config = loadConfig(env);
  const scrub = secretScrubber(config);
  const base = createLambdaLogger(config, options.logDestination);
  // Belt and braces over pino's field redaction: secrets inside free text (an error
  // message quoting a connection string or a request URL) are scrubbed too.
  const logger = scrubbingLogger(scrubbingLogger(base, config.placesApiKey), databaseSecret(config));
  base.info({ config: describeConfig(config) }, 'configuration loaded');

  let resources: Promise<LambdaResources> | undefined;
  const ready = (requestLogger: Logger): Promise<LambdaResources> => {
    if (!resources) {
      resources = openResources(config, requestLogger, options.database);
      // A database that was down at the first invocation is tried again at the next.
      resources.catch(() => {
        resources = undefined;
      });
    }
    return resources;
  };

  const handler: ProviderDataHandler = async (event, context) => {
    const started = Date.now();
    const requestLogger = logger.child!({ awsRequestId: context.awsRequestId });
    const parsed = parseEvent(event);
    if (!parsed.ok) {
      requestLogger.warn({ statusCode: 400, reason: parsed.message }, 'event refused');
      return respond(400, { message: parsed.message, code: 'invalid_request' }, parsed.viaHttp);
    }
    const { event: parsedEvent } = parsed;
    const { pull_id: pullId, action } = parsedEvent;
    const pullLogger = requestLogger.child!({ pullId, action });
    try {
      const { registry, pullStore, fileQueue, sink, store, places } = await ready(requestLogger);
      places.resetForPull();
      const common = {
        pullId,
        registry,
        pullStore,
        sink,
        store,
        enrichers: [places],
        batchSize: config.batchSize,
        leaseMs: config.leaseMs,
        workerId: `${context.functionName ?? 'lambda'}:${context.awsRequestId}`,
        logger: pullLogger,
      };
      const shouldContinue = () => context.getRemainingTimeInMillis() > config.timeReserveMs;

      if (parsedEvent.action === 'process_files') {
        // One of several workers sharing the pull: files only; `finalize` finishes it.
        const result = await runPullWorker({ ...common, fileQueue, finalize: false, shouldContinue });
        const { filesProcessed } = result;
        // With `finalize: false` the worker always answers `working`; a finalized pull has every file done.
        const progress =
          result.status === 'working'
            ? result.progress
            : { total: result.summary.files.total, done: result.summary.files.total, leased: 0 };
        pullLogger.info(
          { statusCode: 200, filesProcessed, progress, ms: Date.now() - started },
          'files processed',
        );
        return respond(200, { message: FILES_MESSAGE, filesProcessed, progress }, parsed.viaHttp);
      }
      if (parsedEvent.action === 'finalize') {
        const summary = await finalizePull({ ...common, fileQueue });
        const fields = { healthSystem: summary.healthSystem, files: summary.files, records: summary.records };
        pullLogger.info({ statusCode: 200, ...fields, ms: Date.now() - started }, 'pull processed');
        return respond(200, { message: PROCESSED_MESSAGE, summary }, parsed.viaHttp);
      }

      const result = await processPull({
        ...common,
        reprocess: parsedEvent.reprocess,
        shouldContinue,
      });
      const { summary } = result;
      const fields = { healthSystem: summary.healthSystem, files: summary.files, records: summary.records };
      if (result.status === 'incomplete') {
        pullLogger.info({ statusCode: 202, ...fields, ms: Date.now() - started }, 'pull paused: out of time');
        return respond(202, { message: PARTIAL_MESSAGE, summary }, parsed.viaHttp);
      }
      pullLogger.info({ statusCode: 200, ...fields, ms: Date.now() - started }, 'pull processed');
      return respond(200, { message: PROCESSED_MESSAGE, summary }, parsed.viaHttp);
    } catch (error) {
      const { statusCode, body } = errorBody(error, scrub);
      const line = { statusCode, code: body.code, error: body.message, ms: Date.now() - started };
      if (statusCode >= 500) pullLogger.error(line, 'pull not processed');
      else pullLogger.warn(line, 'pull refused');
      return respond(statusCode, body, parsed.viaHttp);
    }
  };

  return {
    handler,
    config,
    async close() {
      const open = resources;
      resources = undefined;
      if (open) await (await open.catch(() => undefined))?.close();
      base.flush?.();
    },
  };
}

function databaseSecret(config: LambdaConfig): string | undefined {
  try {
    return new URL(config.databaseUrl).password || undefined;
  } catch {
    return undefined;
  }
}

/** The answer of every invocation when the configuration is unusable: it names the variables, not their values. */
function configFailure(error: unknown, scrub: Scrub): ProviderDataHandler {
  const fallback: PinoLogger = createLambdaLogger({ logLevel: 'info' });
  const { body } = errorBody(error, scrub);
  fallback.error({ code: body.code, error: body.message }, 'configuration refused');
  return async (event, context) => {
    const parsed = parseEvent(event);
    if (!parsed.ok) return respond(400, { message: parsed.message, code: 'invalid_request' }, parsed.viaHttp);
    fallback.error(
      { awsRequestId: context.awsRequestId, code: body.code, error: body.message },
      'not configured',
    );
    return respond(500, body, parsed.viaHttp);
  };
}

function createDefault(): ProviderDataHandler {
  try {
    return createLambdaApp(process.env).handler;
  } catch (error) {
    const env = process.env;
    return configFailure(
      error,
      secretScrubber({ databaseUrl: env.PDM_DATABASE_URL ?? '', placesApiKey: env.PDM_PLACES_API_KEY }),
    );
  }
}

// Validated once per container, at cold start; the pool opens at the first pull.
const defaultHandler = createDefault();

/**
 * The Lambda entry point (`handler.handler`): `{ pull_id, action: 'process_data' }`
 * in, `{ statusCode, body }` out, as the README's response table says.
 */
export function handler(event: unknown, context: Context | InvocationContext): Promise<LambdaResponse> {
  return defaultHandler(event, context);
}
