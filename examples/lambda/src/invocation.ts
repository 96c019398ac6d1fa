import type { InvocationType } from './config.js';
import { type LambdaResponse, type ResponseBody, respond } from './response.js';

/** How an invocation arrived, which decides how its outcome leaves. */
export interface Delivery {
  /** Through API Gateway or a function URL: the caller waits for a response. */
  viaHttp: boolean;
  /** `Event`: nobody reads the response, so a failure is thrown for Lambda to retry. */
  invocationType: InvocationType;
}

/**
 * A failure thrown to Lambda for an asynchronous invocation, so that Lambda
 * retries the event and, once its retries are spent, sends it to the
 * on-failure destination. Its `name` (Lambda's `errorType`) is the stable code
 * of the response table; its message the response's, scrubbed; its stack
 * holds no source lines.
 */
export class InvocationFailedError extends Error {
  readonly statusCode: number;
  readonly code: string;

  constructor(statusCode: number, code: string, message: string) {
    super(`${statusCode} ${code}: ${message}`);
    this.name = code;
    this.statusCode = statusCode;
    this.code = code;
    this.stack = `${this.name}: ${this.message}`;
  }
}

/**
 * True when an asynchronous caller has nothing left to want: the pull (or the
 * migration) is done, or was done before this delivery (Lambda may deliver an
 * event twice).
 */
function isSettled(statusCode: number, body: ResponseBody): boolean {
  return statusCode === 200 || (statusCode === 409 && body.code === 'pull_already_processed');
}

/**
 * The outcome for its caller: the response table's `{ statusCode, body }` for
 * a caller that waits (HTTP, `RequestResponse`); for an asynchronous one
 * (`Event`), a return when settled and an {@link InvocationFailedError}
 * otherwise: 202 (time ran out: Lambda's retry continues the pull), 409 in
 * progress (the retry comes after the other worker's lease), 400, 404, 500.
 */
export function deliver(statusCode: number, body: ResponseBody, delivery: Delivery): LambdaResponse {
  if (!delivery.viaHttp && delivery.invocationType === 'Event' && !isSettled(statusCode, body)) {
    throw new InvocationFailedError(statusCode, body.code ?? 'pull_incomplete', body.message);
  }
  return respond(statusCode, body, delivery.viaHttp);
}
