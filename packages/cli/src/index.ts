/**
 * `@provider-data/cli`: the `pdm` command line as a library. {@link run}
 * runs a command line and resolves to its exit code; {@link createRuntime}
 * builds the database, stores, registry, sink and enricher from options, for
 * scripts that want the same parts without the command line.
 *
 * @packageDocumentation
 */
export { run, processIo, COMMANDS, VERSION } from './run.js';
export { createRuntime, createCliRegistry, createStore, resolveDatabaseUrl } from './runtime.js';
export { isEmbedded } from './options.js';
export type { Runtime, RuntimeOptions } from './runtime.js';
export { ExitCode, CliError, UsageError, classifyError } from './exit-codes.js';
export type { CliIo } from './output.js';
export type { Command } from './command.js';
export { createInterrupt, type Interrupt } from './interrupt.js';
export { scrubSecrets } from './scrub.js';
export {
  createProgressReporter,
  progressModeFor,
  type ProgressMode,
  type ProgressReporter,
  type ProgressReporterOptions,
} from './progress.js';
export { createCliLogger, readableLine, type CliLoggerOptions } from './cli-logger.js';
