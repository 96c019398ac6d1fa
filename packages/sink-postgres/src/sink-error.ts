import { PdmError, SinkError } from '@provider-data/core';
import { redactedMessage } from './redact.js';

/** Wraps a database error in a {@link SinkError} that says what failed, without any secret. */
export function sinkError(action: string, error: unknown, objectKey?: string): PdmError {
  if (PdmError.is(error)) return error;
  return new SinkError(`could not ${action}: ${redactedMessage(error)}`, {
    cause: error,
    ...(objectKey === undefined ? {} : { objectKey }),
  });
}
