import { isUuid } from '@provider-data/core';
import { z } from 'zod';

/** The actions this function knows. */
export const ACTIONS = ['process_data', 'process_files', 'finalize'] as const;
/** One of {@link ACTIONS}. */
export type Action = (typeof ACTIONS)[number];

const PullId = z.string({ message: 'pull_id is required and must be a string' }).refine(isUuid, {
  error: (issue) => `pull_id must be a UUID, got ${JSON.stringify(String(issue.input).slice(0, 64))}`,
});

/** The event the upstream connector sends: process one data pull. */
export const ProcessDataEvent = z.object({
  action: z.literal('process_data'),
  pull_id: PullId,
  /** Process a pull that is already `processed` again (an unchanged rerun writes nothing). */
  reprocess: z.boolean({ message: 'reprocess must be true or false' }).optional(),
});
export type ProcessDataEvent = z.infer<typeof ProcessDataEvent>;

/** A fan-out worker: processes files of a pull shared with other workers, never finalizes it. */
export const ProcessFilesEvent = z.object({ action: z.literal('process_files'), pull_id: PullId });
export type ProcessFilesEvent = z.infer<typeof ProcessFilesEvent>;

/** The end of a fan-out: finalizes the pull once every file is done. */
export const FinalizeEvent = z.object({ action: z.literal('finalize'), pull_id: PullId });
export type FinalizeEvent = z.infer<typeof FinalizeEvent>;

/** Any event this function acts on. */
export const LambdaEvent = z.discriminatedUnion('action', [
  ProcessDataEvent,
  ProcessFilesEvent,
  FinalizeEvent,
]);
export type LambdaEvent = z.infer<typeof LambdaEvent>;

const Envelope = z.looseObject({
  action: z.string({ message: 'action is required and must be a string' }),
});

/** An event this function can act on, and how it arrived. */
export type ParsedEvent =
  | { ok: true; event: LambdaEvent; viaHttp: boolean }
  | { ok: false; message: string; viaHttp: boolean };

/** True for an API Gateway or function URL event, whose JSON payload is the string `body`. */
function isHttpEvent(event: unknown): event is { body: string; isBase64Encoded?: boolean } {
  return (
    typeof event === 'object' && event !== null && typeof (event as { body?: unknown }).body === 'string'
  );
}

// Every field's message names the field.
function firstIssue(error: z.ZodError): string {
  return error.issues[0]?.message ?? 'invalid event';
}

/**
 * Validates an invocation event: `{ pull_id, action }` as sent directly (the
 * connector, Step Functions), or the same JSON as the `body` of an API
 * Gateway / function URL request. Routes on `action`; an unknown one is
 * refused naming those supported.
 */
export function parseEvent(raw: unknown): ParsedEvent {
  let payload: unknown = raw;
  const viaHttp = isHttpEvent(raw);
  if (viaHttp) {
    const text = raw.isBase64Encoded ? Buffer.from(raw.body, 'base64').toString('utf8') : raw.body;
    try {
      payload = JSON.parse(text);
    } catch {
      return { ok: false, viaHttp, message: 'the request body is not JSON' };
    }
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    return { ok: false, viaHttp, message: 'the event must be a JSON object with pull_id and action' };
  }
  const envelope = Envelope.safeParse(payload);
  if (!envelope.success) return { ok: false, viaHttp, message: firstIssue(envelope.error) };
  const action = envelope.data.action;
  if (!(ACTIONS as readonly string[]).includes(action)) {
    return {
      ok: false,
      viaHttp,
      message: `unknown action ${JSON.stringify(action.slice(0, 64))}; supported: ${ACTIONS.join(', ')}`,
    };
  }
  const event = LambdaEvent.safeParse(payload);
  if (!event.success) return { ok: false, viaHttp, message: firstIssue(event.error) };
  return { ok: true, viaHttp, event: event.data };
}
