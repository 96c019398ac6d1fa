import type { Context } from 'aws-lambda';
import { configFailure, createLambdaApp, type InvocationContext, type ProviderDataHandler } from './app.js';
import type { LambdaResponse } from './response.js';

function createDefault(): ProviderDataHandler {
  try {
    return createLambdaApp(process.env).handler;
  } catch (error) {
    return configFailure(error, process.env);
  }
}

// Validated once per container, at cold start; the secrets are read and the pool opened at the first pull.
const defaultHandler = createDefault();

/**
 * The Lambda entry point (`handler.handler`): `{ pull_id, action: 'process_data' }`
 * in, `{ statusCode, body }` out, as the README's response table says; an
 * asynchronous invocation that did not settle throws instead, so that Lambda
 * retries it and then sends it to the on-failure destination.
 */
export function handler(event: unknown, context: Context | InvocationContext): Promise<LambdaResponse> {
  return defaultHandler(event, context);
}
