/**
 * The exit codes of `pdm`, stable so that scripts can branch on them.
 *
 * | code | meaning |
 * |---|---|
 * | 0 | done |
 * | 1 | failed: broken infrastructure or an unexpected error (the pull, if any, is `failed`; a rerun resumes) |
 * | 2 | usage error: an unknown command or option, a bad value, a pull id that is not a UUID |
 * | 3 | the pull was not found |
 * | 4 | the pull is already processed (pass `--reprocess`) or in progress elsewhere, or this run lost its lease to another worker |
 * | 5 | configuration error: no plugin for the pull's health system, a database or store that cannot be used |
 * | 6 | the pull stopped early and was released (`incomplete`); run `pdm process` again to continue |
 * | 130, 143 | stopped by SIGINT (a second Ctrl-C) or SIGTERM; a pull in hand is recorded `failed`, its lease freed: a rerun continues |
 */
export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  notFound: 3,
  conflict: 4,
  config: 5,
  incomplete: 6,
  sigint: 130,
  sigterm: 143,
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

// By the stable `code` of core's errors, recognized by their brand (the symbol
// core's `PdmError.tag` holds) rather than `instanceof`: so that an error from
// any copy of core counts, and this module does not load core (and the AWS SDK)
// before a command needs it.
const PDM_ERROR_TAG = Symbol.for('@provider-data/error');
const EXIT_CODE_OF: Record<string, ExitCode> = {
  pull_not_found: ExitCode.notFound,
  pull_already_processed: ExitCode.conflict,
  pull_in_progress: ExitCode.conflict,
  // The run lost its lease to another worker, which goes on with the pull.
  lease_lost: ExitCode.conflict,
  invalid_request: ExitCode.usage,
  unknown_health_system: ExitCode.config,
  invalid_config: ExitCode.config,
};

/** The exit code and stable code for any thrown value. */
export function classifyError(error: unknown): { exitCode: ExitCode; code: string } {
  if (error instanceof CliError) return { exitCode: error.exitCode, code: error.code };
  const code = (error as { code?: unknown } | null)?.code;
  const branded =
    typeof error === 'object' &&
    error !== null &&
    (error as Partial<Record<symbol, unknown>>)[PDM_ERROR_TAG] === true;
  if (
    (branded || (error instanceof Error && error.name !== 'Error')) &&
    typeof code === 'string' &&
    /^[a-z_]+$/.test(code)
  ) {
    return { exitCode: EXIT_CODE_OF[code] ?? ExitCode.failure, code };
  }
  return { exitCode: ExitCode.failure, code: 'internal_error' };
}
