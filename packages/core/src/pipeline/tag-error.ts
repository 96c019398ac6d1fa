import { errorMessage, ObjectStoreError, PdmError, SinkError } from '../errors.js';

/** Attaches plugin, stage and file to an error that has none, keeping the original as `cause`. */
export function tagError(
  error: unknown,
  plugin: string,
  stage: 'list' | 'read' | 'enrich' | 'sink' | 'finish',
  objectKey?: string,
): PdmError {
  if (PdmError.is(error)) return error;
  const where = stage === 'sink' || stage === 'finish' ? 'sink' : stage;
  const message = `${where} failed${objectKey ? ` on ${objectKey}` : ''}: ${errorMessage(error)}`;
  if (stage === 'sink' || stage === 'finish')
    return new SinkError(message, { plugin, stage, objectKey, cause: error });
  if (stage === 'list' || stage === 'read')
    return new ObjectStoreError(message, { plugin, stage, objectKey, cause: error });
  return new PdmError('pipeline_error', message, { plugin, stage, objectKey, cause: error });
}
