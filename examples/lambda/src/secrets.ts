import { type LambdaConfig, redactUrl } from './config.js';

/** Removes this configuration's secrets from a text that is about to leave the function. */
export type Scrub = (text: string) => string;

function databasePassword(databaseUrl: string): string | undefined {
  try {
    const password = new URL(databaseUrl).password;
    return password || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Makes a scrubber for a configuration's secrets: the database URL (whole,
 * and its password alone, plain or URL-encoded), any `scheme://user:password@`
 * credentials, the Places API key and any `key=` query parameter.
 */
export function secretScrubber(config: Pick<LambdaConfig, 'databaseUrl' | 'placesApiKey'>): Scrub {
  const literals = new Set<string>();
  const add = (value: string | undefined) => {
    // Very short values would also erase innocent text; a real secret is longer.
    if (value && value.length >= 4) {
      literals.add(value);
      literals.add(encodeURIComponent(value));
      try {
        literals.add(decodeURIComponent(value));
      } catch {}
    }
  };
  const password = databasePassword(config.databaseUrl);
  if (password) add(config.databaseUrl);
  add(password);
  add(config.placesApiKey);
  // Longest first, so that the whole URL goes before its password inside it.
  const ordered = [...literals].sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const secret of ordered) out = out.split(secret).join('***');
    return redactUrl(out).replace(/([?&]key=)[^&\s"'#]*/gi, '$1***');
  };
}
