/**
 * The values the commands' options take, as zod schemas whose messages name
 * the flag (`--doctors must be a positive integer`), and the schemas of the
 * option groups several commands share. {@link validateInput} applies them.
 */
import { z } from 'zod';

const missingOr =
  (flag: string, what: string) =>
  (issue: { input?: unknown }): string =>
    issue.input === undefined ? `${flag} is required` : `${flag} must be ${what}`;

/** A whole number ≥ `min` (default 1) and ≤ `max`, given as text. */
export function intOption(flag: string, options: { min?: number; max?: number } = {}) {
  const min = options.min ?? 1;
  const what =
    min === 1 ? 'a positive integer' : min === 0 ? 'a whole number' : `an integer of at least ${min}`;
  const max = options.max ?? Number.MAX_SAFE_INTEGER;
  return z
    .string({ error: missingOr(flag, what) })
    .regex(/^\s*-?\d+\s*$/, { error: `${flag} must be ${what}` })
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(min, { error: `${flag} must be ${what}` })
        .max(max, { error: `${flag} must be at most ${max.toLocaleString('en-US')}` }),
    );
}

/** A number in [min, max], given as text. */
export function numberOption(flag: string, min: number, max: number) {
  const what = `a number from ${min} to ${max}`;
  return z
    .string({ error: missingOr(flag, what) })
    .regex(/^\s*-?[0-9]*\.?[0-9]+\s*$/, { error: `${flag} must be ${what}` })
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, { error: `${flag} must be ${what}` })
        .max(max, { error: `${flag} must be ${what}` }),
    );
}

/** One of `values`. */
export function enumOption<const T extends readonly [string, ...string[]]>(flag: string, values: T) {
  return z.enum(values, { error: missingOr(flag, `one of ${values.join(', ')}`) });
}

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * A duration in milliseconds, given as a number of milliseconds (as the
 * Lambda's `PDM_LEASE_MS` takes it) or with a unit: `300000`, `1500ms`,
 * `90s`, `5m`, `1h`; from `minMs` to `maxMs`.
 */
export function durationOption(flag: string, minMs: number, maxMs: number) {
  const what = `a duration such as 300000 (ms), 90s or 5m, from ${minMs / 1000}s to ${maxMs / 3_600_000}h`;
  return z
    .string({ error: missingOr(flag, what) })
    .regex(/^\s*\d+\s*(?:ms|s|m|h)?\s*$/i, { error: `${flag} must be ${what}` })
    .transform((text) => {
      const [, amount, unit] = /^\s*(\d+)\s*([a-z]*)\s*$/i.exec(text)!;
      return Number(amount) * (DURATION_UNITS[unit!.toLowerCase() || 'ms'] ?? 1);
    })
    .pipe(
      z
        .number()
        .min(minMs, { error: `${flag} must be ${what}` })
        .max(maxMs, { error: `${flag} must be ${what}` }),
    );
}

/** The lease option, validated: milliseconds, 1 s to 24 h. */
export const LeaseInput = z.object({ lease: durationOption('--lease', 1000, 24 * 3_600_000).optional() });

/** Non-empty text. */
export function textOption(flag: string, what = 'a non-empty value') {
  return z.string({ error: missingOr(flag, what) }).min(1, { error: `${flag} must be ${what}` });
}

/** A pull id positional: a UUID. */
export function pullIdArgument() {
  return z
    .string({
      error: (issue) => (issue.input === undefined ? 'a <pull-id> is required' : '<pull-id> must be a UUID'),
    })
    .refine((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id), {
      error: (issue) => `<pull-id> must be a UUID, got ${JSON.stringify(issue.input)}`,
    });
}

const sqlIdentifier = (flag: string) =>
  z
    .string()
    .regex(/^[a-z_][a-z0-9_$]{0,62}$/, { error: `${flag} must be a lower-case SQL identifier (a-z, 0-9, _)` })
    .optional();

/** The database options, validated. */
export const DatabaseInput = z.object({
  database: z
    .string()
    .min(1, { error: '--database must not be empty' })
    .refine(
      (url) => {
        if (!/^postgres(ql)?:\/\//i.test(url)) return true;
        try {
          new URL(url);
          return true;
        } catch {
          return false;
        }
      },
      { error: '--database is not a valid postgres:// URL' },
    )
    .default('./.pdm/db'),
  schema: sqlIdentifier('--schema'),
  'pull-schema': sqlIdentifier('--pull-schema'),
});

/** The store options, validated. */
export const StoreInput = z.object({
  store: z
    .string()
    .min(1, { error: '--store must not be empty' })
    .refine(
      (store) => !/^s3:\/\//i.test(store) || /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/?$/.test(store),
      {
        error: '--store must be a folder or s3://BUCKET with a valid bucket name',
      },
    )
    .default('./.pdm/pulls'),
  's3-endpoint': z.url({ error: '--s3-endpoint must be a URL, e.g. http://127.0.0.1:4569' }).optional(),
});

/** The Places options, validated. */
export const PlacesInput = z.object({
  'places-key': z.string().optional(),
  'places-url': z.url({ protocol: /^https?$/, error: '--places-url must be an http(s) URL' }).optional(),
  'places-api': enumOption('--places-api', ['new', 'legacy']).default('new'),
  'places-details': z.boolean().default(false),
});

/** `--json` and `--verbose`. */
export const OutputInput = z.object({
  json: z.boolean().default(false),
  verbose: z.boolean().default(false),
});
