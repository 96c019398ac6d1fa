import { type LambdaConfig, redactUrl } from './config.js';

/** Removes the secrets known so far from a text that is about to leave the function. */
export interface Scrubber {
  scrub(text: string): string;
  /**
   * Adds a configuration's secrets: the database URL (whole, and its password
   * alone) and the Places key. Secrets read from AWS arrive after cold start and
   * may rotate; an old value stays scrubbed.
   */
  remember(secrets: Partial<Pick<LambdaConfig, 'databaseUrl' | 'placesApiKey'>>): void;
}

function databasePassword(databaseUrl: string): string | undefined {
  try {
    const password = new URL(databaseUrl).password;
    return password || undefined;
  } catch {
    return undefined;
  }
}

// How a secret may appear in a text: as is, URL-encoded or decoded, and escaped inside a JSON string.
function spellings(value: string): string[] {
  const forms = new Set([value, encodeURIComponent(value)]);
  try {
    forms.add(decodeURIComponent(value));
  } catch {}
  for (const form of [...forms]) forms.add(JSON.stringify(form).slice(1, -1));
  return [...forms];
}

/**
 * Makes a scrubber: every secret it was told of (plain, URL-encoded or
 * JSON-escaped) becomes `***`, and so do any `scheme://user:password@`
 * credentials and any `key=` query parameter, known or not.
 */
export function createScrubber(): Scrubber {
  let ordered: string[] = [];
  const add = (value: string | undefined) => {
    // Very short values would also erase innocent text; a real secret is longer.
    if (!value || value.length < 4) return;
    // Longest first, so that the whole URL goes before its password inside it.
    ordered = [...new Set([...ordered, ...spellings(value)])].sort((a, b) => b.length - a.length);
  };
  return {
    remember({ databaseUrl, placesApiKey }) {
      const password = databaseUrl ? databasePassword(databaseUrl) : undefined;
      if (password) add(databaseUrl);
      add(password);
      add(placesApiKey);
    },
    scrub(text) {
      let out = text;
      for (const secret of ordered) out = out.split(secret).join('***');
      return redactUrl(out).replace(/([?&]key=)[^&\s"'#]*/gi, '$1***');
    },
  };
}
