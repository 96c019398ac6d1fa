import {
  ConfigError,
  InvalidRequestError,
  PdmError,
  PullAlreadyProcessedError,
  PullInProgressError,
  PullNotFoundError,
  UnknownHealthSystemError,
} from '@provider-data/core';

/**
 * The exit codes of `pdm`, stable so that scripts can branch on them.
 *
 * | code | meaning |
 * |---|---|
 * | 0 | done |
 * | 1 | failed: broken infrastructure or an unexpected error (the pull, if any, is `failed`; a rerun resumes) |
 * | 2 | usage error: an unknown command or option, a bad value, a pull id that is not a UUID |
 * | 3 | the pull was not found |
 * | 4 | the pull is already processed (pass `--reprocess`) or in progress elsewhere |
 * | 5 | configuration error: no plugin for the pull's health system, a database or store that cannot be used |
 * | 6 | the pull stopped early and was released (`incomplete`); run `pdm process` again to continue |
 */
export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  notFound: 3,
  conflict: 4,
  config: 5,
  incomplete: 6,
} as const;

/** One of the values of {@link ExitCode}. */
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** An error the CLI reports as one line, with its own exit code and a stable `code` for `--json`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    readonly code: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** A usage error: the command line itself is wrong. Exit code 2. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, ExitCode.usage, 'usage');
    this.name = 'UsageError';
  }
}

/** The exit code and stable code for any thrown value. */
export function classifyError(error: unknown): { exitCode: ExitCode; code: string } {
  if (error instanceof CliError) return { exitCode: error.exitCode, code: error.code };
  if (error instanceof PullNotFoundError) return { exitCode: ExitCode.notFound, code: error.code };
  if (error instanceof PullAlreadyProcessedError || error instanceof PullInProgressError) {
    return { exitCode: ExitCode.conflict, code: error.code };
  }
  if (error instanceof InvalidRequestError) return { exitCode: ExitCode.usage, code: error.code };
  if (error instanceof UnknownHealthSystemError || error instanceof ConfigError) {
    return { exitCode: ExitCode.config, code: error.code };
  }
  if (error instanceof PdmError) return { exitCode: ExitCode.failure, code: error.code };
  return { exitCode: ExitCode.failure, code: 'internal_error' };
}
