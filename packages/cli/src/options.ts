import { parseArgs } from 'node:util';
import type { z } from 'zod';
import { UsageError } from './exit-codes.js';

// The option values and the shared option groups' schemas live in option-values.ts.
export * from './option-values.js';

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
