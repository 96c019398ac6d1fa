import type { z } from 'zod';
import { createCliLogger } from './cli-logger.js';
import { type ExitCode, UsageError } from './exit-codes.js';
import { type OptionSpecs, OUTPUT_OPTIONS, type ParsedCommandLine, validateInput } from './options.js';
import type { CliIo } from './output.js';
import type { RuntimeOptions } from './runtime.js';

/** A positional argument of a command, for help and for naming its value. */
export interface PositionalSpec {
  name: string;
  description: string;
}

/** A `pdm` command: its help, its options, and what it does. */
export interface Command {
  name: string;
  summary: string;
  /** `pdm process <pull-id> [--reprocess]` */
  usage: string;
  /** Paragraphs after the usage line in `--help`. */
  details?: string;
  positionals: readonly PositionalSpec[];
  options: OptionSpecs;
  examples: readonly string[];
  run(parsed: ParsedCommandLine, io: CliIo): Promise<ExitCode>;
}

/** The definition of a command: a {@link Command} whose input a zod schema validates. */
export interface CommandDefinition<S extends z.ZodType> extends Omit<Command, 'run' | 'options'> {
  options: OptionSpecs;
  schema: S;
  action(input: z.output<S>, io: CliIo): Promise<ExitCode>;
}

/**
 * Makes a command from its definition: positionals are named after their
 * specs, extra ones are a usage error, and the schema validates the whole
 * input before the action runs, so a bad option never opens a database.
 */
export function defineCommand<S extends z.ZodType>(definition: CommandDefinition<S>): Command {
  const { schema, action, ...rest } = definition;
  return {
    ...rest,
    options: { ...definition.options, ...OUTPUT_OPTIONS },
    async run(parsed, io) {
      const extra = parsed.positionals.slice(definition.positionals.length);
      if (extra.length > 0) {
        throw new UsageError(
          `unexpected argument ${JSON.stringify(extra[0])} (see pdm ${definition.name} --help)`,
        );
      }
      const input: Record<string, unknown> = { ...parsed.values };
      definition.positionals.forEach((positional, i) => {
        input[positional.name] = parsed.positionals[i];
      });
      return action(validateInput(schema, input, parsed.sources), io);
    },
  };
}

/** The validated common options, as flag names. */
export interface CommonInput {
  database: string;
  schema?: string | undefined;
  'pull-schema'?: string | undefined;
  store?: string | undefined;
  's3-endpoint'?: string | undefined;
  'places-key'?: string | undefined;
  'places-url'?: string | undefined;
  'places-api'?: 'new' | 'legacy' | undefined;
  'places-details'?: boolean | undefined;
  json?: boolean | undefined;
  verbose?: boolean | undefined;
}

/** {@link RuntimeOptions} from validated common options. */
export function runtimeOptionsOf(
  input: CommonInput,
  io: CliIo,
  extra: Partial<RuntimeOptions> = {},
): RuntimeOptions {
  return {
    database: input.database,
    schema: input.schema,
    pullSchema: input['pull-schema'],
    store: input.store,
    s3Endpoint: input['s3-endpoint'],
    placesKey: input['places-key'] || undefined,
    placesUrl: input['places-url'],
    placesApi: input['places-api'],
    placesDetails: input['places-details'],
    logger: createCliLogger(io.stderr, { json: input.json === true, verbose: input.verbose === true }),
    cwd: io.cwd,
    ...extra,
  };
}
