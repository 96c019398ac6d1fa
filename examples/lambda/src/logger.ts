import { type LogItem, Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import type { ConstructorOptions, LogLevel } from '@aws-lambda-powertools/logger/types';
import type { Logger } from '@provider-data/core';
import type { LambdaConfig } from './config.js';

/** Where the function's lines (logs and EMF metrics) go. */
export interface LineDestination {
  write(line: string): void;
}

/** Standard output, which Lambda sends to CloudWatch Logs; synchronous for pipes and files on Linux. */
export const stdoutLines: LineDestination = {
  write(line) {
    process.stdout.write(line);
  },
};

/** Where a logger and its children write, what they remove on the way, and the container they log for. */
export interface LogOutput {
  destination: LineDestination;
  /** Applied to each whole line, so that a secret is caught wherever it sits. */
  scrub: (line: string) => string;
  /** The request id of the container's first invocation: its lines say `cold_start: true`. */
  container: { firstRequestId?: string };
}

// Fields that could carry a secret are censored wherever they appear in a line.
const REDACTED_KEYS = new Set([
  'databaseUrl',
  'connectionString',
  'password',
  'apiKey',
  'placesApiKey',
  'PDM_DATABASE_URL',
  'PDM_PLACES_API_KEY',
  'authorization',
]);

const LEVELS: Record<LambdaConfig['logLevel'], LogLevel> = {
  critical: 'CRITICAL',
  fatal: 'CRITICAL',
  error: 'ERROR',
  warn: 'WARN',
  info: 'INFO',
  debug: 'DEBUG',
  trace: 'TRACE',
  silent: 'SILENT',
};

// A container made ahead of traffic (provisioned concurrency, SnapStart) has no cold invocation.
// Unset outside Lambda: a local run starts cold, as an on-demand container does.
const startsCold = () => (process.env.AWS_LAMBDA_INITIALIZATION_TYPE ?? 'on-demand') === 'on-demand';

/**
 * Powertools' logger, writing its JSON lines through a {@link LogOutput}: the
 * Powertools shape (`level` in upper case, `timestamp`, `service`,
 * `cold_start`, `function_name`, `function_request_id`, `xray_trace_id`, …),
 * each key once, and no secret.
 */
export class LambdaLogger extends PowertoolsLogger {
  private output?: LogOutput;
  private coldInvocation = false;

  constructor(options: ConstructorOptions, output: LogOutput) {
    super({ ...options, jsonReplacerFn: (key, value) => (REDACTED_KEYS.has(key) ? '[redacted]' : value) });
    this.output = output;
  }

  // Powertools counts cold starts per logger instance, so each child would start cold again;
  // here every logger of the container's first invocation says cold, and no other.
  override addContext(context: Parameters<PowertoolsLogger['addContext']>[0]): void {
    const container = this.output!.container;
    container.firstRequestId ??= context.awsRequestId;
    this.coldInvocation = startsCold() && container.firstRequestId === context.awsRequestId;
    super.addContext(context);
  }

  override getColdStart(): boolean {
    return this.coldInvocation;
  }

  protected override createLogger(options: ConstructorOptions): PowertoolsLogger {
    return new LambdaLogger(options, this.output!);
  }

  protected override printLog(logLevel: number, log: LogItem): void {
    // Powertools prints warnings about its own options from its constructor, before `output` is set.
    if (!this.output) {
      super.printLog(logLevel, log);
      return;
    }
    log.prepareForPrint();
    const line = JSON.stringify(log.getAttributes(), this.getJsonReplacer());
    this.output.destination.write(`${this.output.scrub(line)}\n`);
  }
}

/** The function's logger at `PDM_LOG_LEVEL`, one JSON line per event. */
export function createLambdaLogger(
  config: Pick<LambdaConfig, 'logLevel'>,
  output: LogOutput,
  serviceName = 'provider-data-lambda',
): LambdaLogger {
  return new LambdaLogger({ logLevel: LEVELS[config.logLevel], serviceName }, output);
}

/** Core's {@link Logger} over a Powertools logger: fields become keys of the line, bindings of a child persist. */
export function coreLogger(logger: PowertoolsLogger): Logger {
  const line =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (fields: object, message?: string): void => {
      logger[level]({ ...fields, message: message ?? '' });
    };
  return {
    debug: line('debug'),
    info: line('info'),
    warn: line('warn'),
    error: line('error'),
    child: (bindings) => coreLogger(logger.createChild({ persistentKeys: { ...bindings } })),
  };
}
