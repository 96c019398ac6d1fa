import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';
import type { LambdaConfig } from './config.js';

// Anything that could carry a secret is censored wherever it appears in a line.
const REDACT_PATHS = [
  'databaseUrl',
  'connectionString',
  'password',
  'apiKey',
  'placesApiKey',
  'PDM_DATABASE_URL',
  'PDM_PLACES_API_KEY',
  'headers.authorization',
  '*.databaseUrl',
  '*.connectionString',
  '*.password',
  '*.apiKey',
  '*.placesApiKey',
  '*.PDM_DATABASE_URL',
  '*.PDM_PLACES_API_KEY',
  '*.headers.authorization',
  'config.*.databaseUrl',
];

/**
 * The function's pino logger: one JSON line per event on stdout (CloudWatch
 * Logs), at `PDM_LOG_LEVEL`, with secret-bearing fields censored.
 */
export function createLambdaLogger(
  config: Pick<LambdaConfig, 'logLevel'>,
  destination?: DestinationStream,
): PinoLogger {
  const options = {
    level: config.logLevel,
    base: { service: 'provider-data-lambda' },
    messageKey: 'message',
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
  };
  // Synchronous writes: Lambda may freeze the container as soon as the handler
  // returns, and a line still buffered then would be late or lost.
  return pino(options, destination ?? pino.destination({ dest: 1, sync: true }));
}
