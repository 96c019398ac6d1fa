import type { Logger } from '@provider-data/core';
import { pino } from 'pino';
import type { CliIo } from './output.js';

/** Options of {@link createCliLogger}. */
export interface CliLoggerOptions {
  /** JSON lines (pino's own), for machines; else one readable line per event. */
  json: boolean;
  /** Debug and info lines too; else warnings and errors only. */
  verbose: boolean;
}

const COLOURS: Record<string, string> = {
  debug: '\x1b[2m',
  info: '\x1b[36m',
  warn: '\x1b[33m',
  error: '\x1b[31m',
};
// Fields every line of a pull carries, or that the line's layout already shows.
const SHOWN = new Set([
  'level',
  'time',
  'msg',
  'pid',
  'hostname',
  'enricher',
  'plugin',
  'pullId',
  'healthSystem',
]);

function fieldText(value: unknown): string {
  if (typeof value === 'string') return /\s/.test(value) ? JSON.stringify(value) : value;
  if (value && typeof value === 'object' && 'message' in value) return JSON.stringify(String(value.message));
  return JSON.stringify(value);
}

/**
 * One pino line as a person reads it: `warn  places: <message> (key=value, …)`.
 * On a terminal the level is coloured and the line first clears the
 * progress line it would otherwise be written into.
 *
 * ### Examples
 * ```ts
 * import { readableLine } from '@provider-data/cli';
 *
 * readableLine('{"level":"warn","enricher":"places","budget":5,"msg":"budget used up"}', false);
 * // 'warn  places: budget used up (budget=5)\n'
 * ```
 */
export function readableLine(json: string, terminal: boolean): string {
  let event: Record<string, unknown>;
  try {
    event = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json;
  }
  const level = String(event.level ?? 'info');
  const source = event.enricher ?? event.plugin ?? 'pdm';
  const fields = Object.entries(event)
    .filter(([key, value]) => !SHOWN.has(key) && value !== undefined)
    .map(([key, value]) => `${key}=${fieldText(value)}`);
  const label = level.padEnd(5);
  const text = `${terminal ? `${COLOURS[level] ?? ''}${label}\x1b[0m` : label} ${source}: ${String(event.msg ?? '')}${fields.length ? ` (${fields.join(', ')})` : ''}`;
  return terminal ? `\r\x1b[K${text}\n` : `${text}\n`;
}

/**
 * The logger the CLI gives the library: pino, writing to stderr, at `warn`
 * (`debug` with `--verbose`); JSON lines with `--json`, else readable lines,
 * coloured on a terminal. Secrets are scrubbed before lines reach it.
 *
 * ### Examples
 * ```ts
 * import { createCliLogger } from '@provider-data/cli';
 *
 * const logger = createCliLogger(process.stderr, { json: false, verbose: false });
 * logger.warn({ budget: 5 }, 'Places call budget of the pull is used up');
 * ```
 */
export function createCliLogger(stream: CliIo['stderr'], options: CliLoggerOptions): Logger {
  const terminal = stream.isTTY === true;
  const destination = {
    write: (line: string) => {
      stream.write(options.json ? line : readableLine(line, terminal));
    },
  };
  return pino(
    {
      level: options.verbose ? 'debug' : 'warn',
      base: undefined,
      timestamp: options.json ? pino.stdTimeFunctions.isoTime : false,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}
