/**
 * Removes credentials from anything that may quote a connection string:
 * `postgres://user:secret@host/db` becomes `postgres://user:***@host/db`,
 * and a `password=…` setting becomes `password=***`.
 *
 * ### Examples
 * ```ts
 * import { redactSecrets } from '@provider-data/sink-postgres';
 *
 * redactSecrets('connect postgres://app:s3cret@db:5432/pd failed'); // 'connect postgres://app:***@db:5432/pd failed'
 * ```
 */
export function redactSecrets(text: string): string {
  return text
    .replace(/([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*):[^@/?#\s]*@/gi, '$1:***@')
    .replace(/(password\s*=\s*)('[^']*'|"[^"]*"|\S+)/gi, '$1***');
}

/** The redacted message of any thrown value. */
export function redactedMessage(error: unknown): string {
  return redactSecrets(error instanceof Error ? error.message : String(error));
}
