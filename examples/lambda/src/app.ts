import { getHeapStatistics } from 'node:v8';
import type { DatabaseHandle } from '@provider-data/sink-postgres';
import type { Context } from 'aws-lambda';
import { runAction } from './actions.js';
import { describeConfig, type LambdaConfig, loadConfig, type ResolvedConfig } from './config.js';
import { type LambdaEvent, parseEvent } from './event.js';
import { deliver } from './invocation.js';
import {
  coreLogger,
  createLambdaLogger,
  type LambdaLogger,
  type LineDestination,
  stdoutLines,
} from './logger.js';
import { createPullMetrics } from './metrics.js';
import { type LambdaResources, openResources } from './resources.js';
import { errorBody, type LambdaResponse } from './response.js';
import { createSecretSource } from './secret-source.js';
import { createScrubber } from './secrets.js';

/** The part of the Lambda context the handler reads; a test passes its own. */
export type InvocationContext = Pick<Context, 'awsRequestId' | 'getRemainingTimeInMillis'> &
  Partial<Pick<Context, 'functionName' | 'functionVersion' | 'invokedFunctionArn' | 'memoryLimitInMB'>>;

/**
 * The function: answers one event as the response table says; for an
 * asynchronous (`Event`) invocation that did not settle, throws an
 * `InvocationFailedError` instead (see `src/invocation.ts`).
 */
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
  /** Where the JSON log lines and EMF metrics go. Default: stdout, which Lambda sends to CloudWatch Logs. */
  logDestination?: LineDestination;
  /** An open database to use instead of opening `PDM_DATABASE_URL` (tests share one embedded PGlite). */
  database?: DatabaseHandle;
}

const heapLimitMiB = () => Math.round(getHeapStatistics().heap_size_limit / 2 ** 20);

/** The container's database, S3 client and enricher, kept while the secrets they were opened with hold. */
function resourceCache(options: LambdaAppOptions) {
  let open: { secrets: string; resources: Promise<LambdaResources> } | undefined;
  return {
    get(config: ResolvedConfig, logger: ReturnType<typeof coreLogger>): Promise<LambdaResources> {
      const secrets = JSON.stringify([config.databaseUrl, config.placesApiKey ?? null]);
      if (open?.secrets !== secrets) {
        // A rotated password or key: the pool opened with the old one is closed.
        if (open) logger.info({}, 'secrets changed: reopening the database and the Places client');
        void open?.resources.then((r) => r.close()).catch(() => {});
        const resources = openResources(config, logger, options.database);
        open = { secrets, resources };
        // A database that was down at this invocation is tried again at the next.
        resources.catch(() => {
          if (open?.resources === resources) open = undefined;
        });
      }
      return open.resources;
    },
    async close() {
      const closing = open;
      open = undefined;
      if (closing) await (await closing.resources.catch(() => undefined))?.close();
    },
  };
}

/**
 * Makes the function from environment variables: validates them (throwing a
 * `ConfigError` that names the bad ones), and at the first invocation that
 * needs them reads the secrets (Secrets Manager or Parameter Store, cached)
 * and opens the database, S3 client and Places enricher, keeping them for the
 * container's later invocations.
 */
export function createLambdaApp(
  env: Record<string, string | undefined>,
  options: LambdaAppOptions = {},
): LambdaApp {
  const config = loadConfig(env);
  const scrubber = createScrubber();
  scrubber.remember(config);
  const destination = options.logDestination ?? stdoutLines;
  const base = createLambdaLogger(config, { destination, scrub: scrubber.scrub, container: {} });
  const metrics = createPullMetrics(config, destination);
  const secrets = createSecretSource(config);
  const resources = resourceCache(options);
  // The database refusing us may be a rotated password: the next invocation reads the secrets afresh.
  let readSecretsAfresh = false;
  base.info({
    message: 'configuration loaded',
    config: describeConfig(config),
    heapLimitMiB: heapLimitMiB(),
  });

  const handler: ProviderDataHandler = async (event, context) => {
    const started = Date.now();
    base.addContext(context as Context);
    const requestLogger = base.createChild();
    const parsed = parseEvent(event);
    const delivery = {
      viaHttp: parsed.viaHttp,
      invocationType: parsed.invocationType ?? config.invocationType,
    };
    if (!parsed.ok) {
      requestLogger.warn({ message: 'event refused', statusCode: 400, reason: parsed.message, ...delivery });
      return deliver(400, { message: parsed.message, code: 'invalid_request' }, delivery);
    }
    const action: LambdaEvent = parsed.event;
    const pullId = 'pull_id' in action ? action.pull_id : undefined;
    const logger = requestLogger.createChild({
      persistentKeys: { ...(pullId ? { pullId } : {}), action: action.action },
    });
    const log = coreLogger(logger);
    const end = (level: 'info' | 'warn' | 'error', message: string, fields: Record<string, unknown>) =>
      logger[level]({
        message,
        ...fields,
        invocationType: delivery.invocationType,
        ms: Date.now() - started,
      });

    let statusCode: number;
    let body: Parameters<typeof deliver>[1];
    try {
      const resolved = await secrets.resolve({ fresh: readSecretsAfresh });
      readSecretsAfresh = false;
      scrubber.remember(resolved);
      const result = await runAction(action, {
        config,
        resources: await resources.get(resolved, coreLogger(requestLogger)),
        logger: log,
        workerId: `${context.functionName ?? 'lambda'}:${context.awsRequestId}`,
        shouldContinue: () => context.getRemainingTimeInMillis() > config.timeReserveMs,
      });
      ({ statusCode, body } = result);
      end('info', result.logMessage, { statusCode, ...result.logFields });
      if (pullId) {
        metrics.record({
          pullId,
          action: action.action,
          statusCode,
          durationMs: Date.now() - started,
          filesProcessed: result.filesProcessed,
          finished: result.finished,
        });
      }
    } catch (error) {
      ({ statusCode, body } = errorBody(error, scrubber.scrub));
      if (body.code === 'sink_error') readSecretsAfresh = true;
      const what = pullId ? 'pull' : 'migration';
      const line = { statusCode, code: body.code, error: body.message };
      if (statusCode >= 500) end('error', pullId ? 'pull not processed' : 'database not migrated', line);
      else end('warn', `${what} refused`, line);
      if (pullId && statusCode >= 500) {
        metrics.record({ pullId, action: action.action, statusCode, durationMs: Date.now() - started });
      }
    }
    return deliver(statusCode, body, delivery);
  };

  return {
    handler,
    config,
    close: () => resources.close(),
  };
}

/**
 * The answer of every invocation when the configuration is unusable: 400 to a
 * bad event, else 500 (thrown for an `Event` invocation) naming the variables,
 * never their values.
 */
export function configFailure(
  error: unknown,
  env: Record<string, string | undefined>,
  destination: LineDestination = stdoutLines,
): ProviderDataHandler {
  const scrubber = createScrubber();
  scrubber.remember({ databaseUrl: env.PDM_DATABASE_URL, placesApiKey: env.PDM_PLACES_API_KEY });
  const logger: LambdaLogger = createLambdaLogger(
    { logLevel: 'info' },
    { destination, scrub: scrubber.scrub, container: {} },
  );
  const { body } = errorBody(error, scrubber.scrub);
  const invocationType = env.PDM_INVOCATION_TYPE === 'Event' ? 'Event' : 'RequestResponse';
  logger.error({ message: 'configuration refused', code: body.code, error: body.message });
  return async (event, context) => {
    logger.addContext(context as Context);
    const parsed = parseEvent(event);
    const delivery = { viaHttp: parsed.viaHttp, invocationType: parsed.invocationType ?? invocationType };
    if (!parsed.ok) return deliver(400, { message: parsed.message, code: 'invalid_request' }, delivery);
    logger.error({ message: 'not configured', code: body.code, error: body.message });
    return deliver(500, body, delivery);
  };
}
