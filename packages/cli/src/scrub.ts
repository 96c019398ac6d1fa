/**
 * Removes secrets from text shown to a user: the password of any URL
 * (`postgres://user:***@host/db`), `password=…` settings, `key=…` query
 * parameters (the Places key), and every literal secret passed in.
 *
 * ### Examples
 * ```ts
 * import { scrubSecrets } from '@provider-data/cli';
 *
 * scrubSecrets('connect postgres://app:hunter2@db/pdm failed'); // 'connect postgres://app:***@db/pdm failed'
 * scrubSecrets('denied for AIzaSecret', ['AIzaSecret']); // 'denied for ***'
 * ```
 */
export function scrubSecrets(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text
    .replace(/([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*):[^@/?#\s]*@/gi, '$1:***@')
    .replace(/(password\s*=\s*)('[^']*'|"[^"]*"|[^\s&]+)/gi, '$1***')
    .replace(/([?&]key=)[^&\s"']+/gi, '$1***');
  for (const secret of secrets) {
    // Short values would scrub ordinary words; real keys and passwords are longer.
    if (secret && secret.length >= 4) out = out.split(secret).join('***');
  }
  return out;
}

/** The password of a `postgres://` URL, decoded, so that it can be scrubbed wherever it appears. */
export function urlPassword(url: string | undefined): string | undefined {
  if (!url || !/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return undefined;
  try {
    const password = new URL(url).password;
    return password ? decodeURIComponent(password) : undefined;
  } catch {
    return undefined;
  }
}
