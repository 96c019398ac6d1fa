import type { Logger } from '@provider-data/core';

const KEY_PARAM = /([?&]|\b)key=[^&\s"'#]*/gi;

/**
 * Removes an API key from text: the key's value (plain and URL-encoded)
 * and any `key=…` query parameter become `REDACTED`.
 *
 * ### Examples
 * ```ts
 * import { scrubSecret } from '@provider-data/enricher-places';
 *
 * scrubSecret('GET /json?input=x&key=AIza123', 'AIza123'); // 'GET /json?input=x&key=REDACTED'
 * ```
 */
export function scrubSecret(text: string, secret?: string): string {
  let out = text;
  if (secret) {
    for (const form of new Set([secret, encodeURIComponent(secret)])) out = out.split(form).join('REDACTED');
  }
  return out.replace(KEY_PARAM, '$1key=REDACTED');
}

/** A deep copy of log fields with every string scrubbed; errors become `{ name, message, code }`. */
export function scrubValue(value: unknown, secret: string | undefined, depth = 0): unknown {
  if (typeof value === 'string') return scrubSecret(value, secret);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 6) return '[nested]';
  if (value instanceof Date) return value;
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return {
      name: value.name,
      message: scrubSecret(value.message, secret),
      ...(typeof code === 'string' ? { code } : {}),
    };
  }
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, secret, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrubValue(v, secret, depth + 1);
  return out;
}

/** A logger that scrubs `secret` out of every line before passing it on. */
export function scrubbingLogger(logger: Logger, secret: string | undefined): Logger {
  const line =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (fields: object, message?: string): void => {
      const clean = scrubValue(fields, secret) as object;
      if (message === undefined) logger[level](clean);
      else logger[level](clean, scrubSecret(message, secret));
    };
  return {
    debug: line('debug'),
    info: line('info'),
    warn: line('warn'),
    error: line('error'),
    child: (bindings: object) =>
      scrubbingLogger(logger.child ? logger.child(scrubValue(bindings, secret) as object) : logger, secret),
  };
}
