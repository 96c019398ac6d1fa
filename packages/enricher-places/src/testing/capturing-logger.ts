import type { Logger } from '@provider-data/core';

/** One line a {@link CapturingLogger} kept. */
export interface CapturedLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  fields: object;
  message: string | undefined;
}

/** A logger that keeps every line, children's included, for assertions. */
export interface CapturingLogger extends Logger {
  lines: CapturedLine[];
  /** Every line as JSON text, for searching. */
  text(): string;
}

/**
 * A {@link Logger} that keeps every line in memory.
 *
 * ### Examples
 * ```ts
 * import { createCapturingLogger } from '@provider-data/enricher-places/testing';
 *
 * const logger = createCapturingLogger();
 * logger.warn({ code: 'x' }, 'something');
 * logger.lines.length; // 1
 * ```
 */
export function createCapturingLogger(bindings: object = {}, lines: CapturedLine[] = []): CapturingLogger {
  const line = (level: CapturedLine['level']) => (fields: object, message?: string) => {
    lines.push({ level, fields: { ...bindings, ...fields }, message });
  };
  return {
    lines,
    text: () => lines.map((l) => JSON.stringify(l)).join('\n'),
    debug: line('debug'),
    info: line('info'),
    warn: line('warn'),
    error: line('error'),
    child: (more: object) => createCapturingLogger({ ...bindings, ...more }, lines),
  };
}
