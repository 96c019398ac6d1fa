import {
  type FileQueueProgress,
  InvalidRequestError,
  PdmError,
  PullAlreadyProcessedError,
  PullInProgressError,
  PullNotFoundError,
  type PullSummary,
} from '@provider-data/core';

/** What the function answers: `{ message, summary }` on success, `{ message, code }` on an error. */
export interface ResponseBody {
  message: string;
  /** A stable error code (core's `PdmError.code`, or `internal_error`), to branch on. */
  code?: string;
  summary?: PullSummary;
  /** `process_files`: the files this invocation processed. */
  filesProcessed?: number;
  /** `process_files`: the pull's files, done and leased to a worker, after this invocation. */
  progress?: FileProgress;
  /** `migrate`: the migrations this invocation applied (none when the database was up to date). */
  applied?: string[];
}

/** How far a shared pull's files are: core's `FileQueueProgress`. */
export type FileProgress = FileQueueProgress;

/**
 * The function's answer. The body is an object for a direct invocation (as the
 * original function answered) and a JSON string for an API Gateway request.
 */
export interface LambdaResponse {
  statusCode: number;
  headers?: Record<string, string>;
  body: ResponseBody | string;
}

/** The message of a pull processed to the end. */
export const PROCESSED_MESSAGE = 'Data processed successfully';
/** The message of a pull stopped early because time ran short. */
export const PARTIAL_MESSAGE = 'Partially processed; invoke again to continue';
/** The message of a `process_files` invocation. */
export const FILES_MESSAGE = 'Files processed';
/** The message of a `migrate` invocation. */
export const MIGRATED_MESSAGE = 'Database migrated';

// Core's typed errors are recognized by their brand (`X.is`), which holds for an
// error from another copy of core (a plugin bundled with its own); this table maps
// the stable codes of errors that carry a code but no brand.
const STATUS_BY_CODE: Record<string, number> = {
  invalid_request: 400,
  pull_not_found: 404,
  pull_already_processed: 409,
  pull_in_progress: 409,
  // This invocation lost its lease mid-run: another worker holds the pull, and nothing of this one was kept.
  lease_lost: 409,
  // `finalize` while files remain: the workers are not done yet.
  pull_incomplete: 409,
};

function statusOf(error: unknown, code: string): number {
  if (InvalidRequestError.is(error)) return 400;
  if (PullNotFoundError.is(error)) return 404;
  if (PullAlreadyProcessedError.is(error) || PullInProgressError.is(error)) return 409;
  return STATUS_BY_CODE[code] ?? 500;
}

function codeOf(error: unknown): string {
  if (PdmError.is(error)) return error.code;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code in STATUS_BY_CODE ? code : 'internal_error';
}

/**
 * A status code and body for a thrown error: 400, 404 and 409 for core's typed
 * request errors; 500 for anything else (an unknown health system,
 * configuration, S3 or the database), whose cause the caller cannot fix in the
 * event but whose rerun continues the pull once it is fixed.
 */
export function errorBody(
  error: unknown,
  scrub: (text: string) => string,
): { statusCode: number; body: ResponseBody } {
  const message = scrub(error instanceof Error ? error.message : String(error));
  const code = codeOf(error);
  return { statusCode: statusOf(error, code), body: { message, code } };
}

/** Shapes an answer for how the event arrived. */
export function respond(statusCode: number, body: ResponseBody, viaHttp: boolean): LambdaResponse {
  if (!viaHttp) return { statusCode, body };
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}
