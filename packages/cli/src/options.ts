import { parseArgs } from 'node:util';
import { z } from 'zod';
import { UsageError } from './exit-codes.js';

/** One command-line option: how it is parsed, its environment variable, and its help line. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** The environment variable read when the option is not on the command line. */
  env?: string;
  /** Shown in help: `--limit <N>`. */
  valueName?: string;
  description: string;
  /** Shown in help; the schema applies it. */
  defaultText?: string;
}

/** Options by flag name (without `--`). */
export type OptionSpecs = Record<string, OptionSpec>;

/** Where the PostgreSQL database or PGlite directory is, and its schemas. */
export const DATABASE_OPTIONS = {
  database: {
    type: 'string',
    env: 'PDM_DATABASE_URL',
    valueName: 'URL|DIR',
    description: 'postgres://… or a PGlite data directory',
    defaultText: './.pdm/db',
  },
  schema: {
    type: 'string',
    env: 'PDM_DB_SCHEMA',
    valueName: 'NAME',
    description: 'schema of the canonical tables',
    defaultText: 'provider_data',
  },
  'pull-schema': {
    type: 'string',
    env: 'PDM_DB_PULL_SCHEMA',
    valueName: 'NAME',
    description: 'schema of data_pulls',
    defaultText: 'provider_connector',
  },
} as const satisfies OptionSpecs;

/** Where pulls' files are: a local folder laid out like the bucket, or S3. */
export const STORE_OPTIONS = {
  store: {
    type: 'string',
    env: 'PDM_STORE',
    valueName: 'DIR|s3://BUCKET',
    description: 'where pulls are: a local folder laid out like the bucket, or an S3 bucket',
    defaultText: './.pdm/pulls',
  },
  's3-endpoint': {
    type: 'string',
    env: 'PDM_S3_ENDPOINT',
    valueName: 'URL',
    description: 'an S3-compatible server (path-style addressing)',
  },
} as const satisfies OptionSpecs;

/** Google Places enrichment; off without a key. */
export const PLACES_OPTIONS = {
  'places-key': {
    type: 'string',
    env: 'PDM_PLACES_API_KEY',
    valueName: 'KEY',
    description: 'Google Places API key; without one, enrichment is skipped',
  },
  'places-url': {
    type: 'string',
    env: 'PDM_PLACES_BASE_URL',
    valueName: 'URL',
    description:
      "the Places service: a host (http://host:port) or its full path, for a proxy or a test server; default Google's",
  },
  'places-api': {
    type: 'string',
    env: 'PDM_PLACES_API',
    valueName: 'new|legacy',
    description: 'the Places API (New), or the legacy one for projects that still have it',
    defaultText: 'new',
  },
  'places-details': {
    type: 'boolean',
    env: 'PDM_PLACES_DETAILS',
    description: 'also ask Place Details of each match: phone and website (billed per matched place)',
  },
} as const satisfies OptionSpecs;

/** How long a claim on a pull holds without renewal. */
export const LEASE_OPTIONS = {
  lease: {
    type: 'string',
    env: 'PDM_LEASE_MS',
    valueName: 'DURATION',
    description:
      'lease of the claim, renewed every third of it; after it a dead run can be taken over: 300000 (ms), 90s, 5m',
    defaultText: '5m',
  },
} as const satisfies OptionSpecs;

/** Options every command takes. */
export const OUTPUT_OPTIONS = {
  json: {
    type: 'boolean',
    description: 'machine output: one JSON document on stdout; log lines as JSON on stderr',
  },
  verbose: {
    type: 'boolean',
    description: 'log info and debug lines too (stderr), not only warnings and errors',
  },
  help: { type: 'boolean', short: 'h', description: 'show this help' },
} as const satisfies OptionSpecs;

/** A parsed command line: values by flag name, where each came from, and the positionals. */
export interface ParsedCommandLine {
  values: Record<string, string | boolean | undefined>;
  /** `argv` or the environment variable's name, for values that were given. */
  sources: Record<string, string>;
  positionals: string[];
}

/**
 * Parses `argv` with `util.parseArgs` against `specs`; an option missing from
 * the command line is read from its environment variable (empty counts as unset).
 */
export function parseCommandLine(
  argv: readonly string[],
  specs: OptionSpecs,
  env: Record<string, string | undefined>,
  command: string,
): ParsedCommandLine {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
  for (const [name, spec] of Object.entries(specs)) {
    options[name] = spec.short ? { type: spec.type, short: spec.short } : { type: spec.type };
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: joinNegativeValues(argv, specs),
      options,
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(parseArgsMessage(error, command));
  }
  const values: ParsedCommandLine['values'] = {};
  const sources: ParsedCommandLine['sources'] = {};
  for (const [name, spec] of Object.entries(specs)) {
    const given = parsed.values[name];
    if (Array.isArray(given)) continue;
    if (given !== undefined) {
      values[name] = given;
      sources[name] = 'argv';
    } else if (spec.env && env[spec.env]) {
      values[name] = spec.type === 'boolean' ? /^(1|true|yes)$/i.test(env[spec.env] ?? '') : env[spec.env];
      sources[name] = spec.env;
    }
  }
  return { values, sources, positionals: parsed.positionals };
}

// `--doctors -3` would be read as two options; pass `-3` as the value so that
// validation can say what is wrong with it.
function joinNegativeValues(argv: readonly string[], specs: OptionSpecs): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const next = argv[i + 1];
    const spec = arg.startsWith('--') ? specs[arg.slice(2)] : undefined;
    if (spec?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

function parseArgsMessage(error: unknown, command: string): string {
  const e = error as { code?: string; message?: string };
  const quoted = /'([^']+)'/.exec(e.message ?? '')?.[1]?.split(' ')[0];
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${quoted ?? ''} for "pdm ${command}" (see pdm ${command} --help)`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/argument missing/.test(e.message ?? '')) return `${quoted ?? 'an option'} needs a value`;
      if (/ambiguous/.test(e.message ?? '')) {
        return `${quoted ?? 'an option'} needs a value (write ${quoted ?? '--option'}=VALUE for one that starts with -)`;
      }
      return `${quoted ?? 'an option'} takes no value`;
    default:
      return e.message ?? String(error);
  }
}

/**
 * Validates parsed input with a zod schema whose messages name the flag
 * (`--doctors must be a positive integer`). When the value came from an
 * environment variable, the message names the variable instead.
 */
export function validateInput<S extends z.ZodType>(
  schema: S,
  input: Record<string, unknown>,
  sources: Record<string, string> = {},
): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const key = issue?.path[0];
  let message = issue?.message ?? 'invalid command line';
  const source = typeof key === 'string' ? sources[key] : undefined;
  if (typeof key === 'string' && source && source !== 'argv') message = message.replace(`--${key}`, source);
  throw new UsageError(message);
}

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

/**
 * True for an embedded PGlite database (a folder or `memory://`). Commands
 * that only read migrate it anyway (it is the user's own file); they do not
 * run DDL on a PostgreSQL server, where the role may be read-only.
 */
export function isEmbedded(database: string): boolean {
  return !/^postgres(ql)?:\/\//i.test(database);
}

/**
 * Splits `pdm [flags] <command> [args]` into the command's name and its
 * arguments, flags given before the name moved after it, so that
 * `pdm --json pulls` is `pdm pulls --json`. A flag before the name is any
 * option some command takes; one that takes a value takes the next word
 * (unless written `--flag=value`). The command's own parser then refuses a
 * flag it does not take. `name` is undefined when no command is given.
 */
export function splitCommandLine(
  argv: readonly string[],
  specsOfCommands: readonly OptionSpecs[],
): { name: string | undefined; args: string[] } {
  const leading: string[] = [];
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('-') || arg === '-' || arg === '--') break;
    leading.push(arg);
    if (arg.includes('=')) continue;
    const spec = specOf(arg, specsOfCommands);
    if (spec?.type === 'string' && i + 1 < argv.length) leading.push(argv[++i] ?? '');
  }
  return { name: argv[i], args: [...argv.slice(i + 1), ...leading] };
}

function specOf(arg: string, specsOfCommands: readonly OptionSpecs[]): OptionSpec | undefined {
  for (const specs of specsOfCommands) {
    if (arg.startsWith('--')) {
      const spec = specs[arg.slice(2)];
      if (spec) return spec;
    } else {
      const spec = Object.values(specs).find((s) => s.short === arg.slice(1));
      if (spec) return spec;
    }
  }
  return undefined;
}
