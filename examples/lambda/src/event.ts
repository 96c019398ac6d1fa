import { isUuid } from '@provider-data/core';
import { z } from 'zod';
import type { InvocationType } from './config.js';

/** The actions this function knows. */
export const ACTIONS = ['process_data', 'process_files', 'finalize', 'migrate'] as const;
/** One of {@link ACTIONS}. */
export type Action = (typeof ACTIONS)[number];

const PullId = z.string({ message: 'pull_id is required and must be a string' }).refine(isUuid, {
  error: (issue) => `pull_id must be a UUID, got ${JSON.stringify(String(issue.input).slice(0, 64))}`,
});

/**
 * How the caller invoked the function, in the Lambda API's words: `Event`
 * (asynchronous: a failure is thrown, so that Lambda retries it and then sends it to
 * the on-failure destination) or `RequestResponse` (the caller reads the
 * response table). Absent: `PDM_INVOCATION_TYPE` decides.
 */
const InvocationTypeField = z
  .enum(['RequestResponse', 'Event'], { message: 'invocation_type must be RequestResponse or Event' })
  .optional();

/** The event the upstream connector sends: process one data pull. */
export const ProcessDataEvent = z.object({
  action: z.literal('process_data'),
  pull_id: PullId,
  invocation_type: InvocationTypeField,
  /** Process a pull that is already `processed` again (an unchanged rerun writes nothing). */
  reprocess: z.boolean({ message: 'reprocess must be true or false' }).optional(),
});
export type ProcessDataEvent = z.infer<typeof ProcessDataEvent>;

/** A fan-out worker: processes files of a pull shared with other workers, never finalizes it. */
export const ProcessFilesEvent = z.object({
  action: z.literal('process_files'),
  pull_id: PullId,
  invocation_type: InvocationTypeField,
});
export type ProcessFilesEvent = z.infer<typeof ProcessFilesEvent>;

/** The end of a fan-out: finalizes the pull once every file is done. */
export const FinalizeEvent = z.object({
  action: z.literal('finalize'),
  pull_id: PullId,
  invocation_type: InvocationTypeField,
});
export type FinalizeEvent = z.infer<typeof FinalizeEvent>;

/** Applies the database migrations: once per deployment, before the first pull (never at every cold start). */
export const MigrateEvent = z.object({ action: z.literal('migrate'), invocation_type: InvocationTypeField });
export type MigrateEvent = z.infer<typeof MigrateEvent>;

/** Any event this function acts on. */
export const LambdaEvent = z.discriminatedUnion('action', [
  ProcessDataEvent,
  ProcessFilesEvent,
  FinalizeEvent,
  MigrateEvent,
]);
export type LambdaEvent = z.infer<typeof LambdaEvent>;

const Envelope = z.looseObject({
  action: z.string({ message: 'action is required and must be a string' }),
});

/**
 * An event this function can act on, and how it arrived: `viaHttp` for API
 * Gateway or a function URL (always answered), `invocationType` as the event
 * says (undefined when it does not; a request over HTTP is `RequestResponse`).
 */
export type ParsedEvent = { viaHttp: boolean; invocationType: InvocationType | undefined } & (
  | { ok: true; event: LambdaEvent }
  | { ok: false; message: string }
);

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

// Read before the rest is validated, so that even a refused asynchronous event is thrown, not returned.
function saidInvocationType(payload: unknown): InvocationType | undefined {
  const said = InvocationTypeField.safeParse((payload as { invocation_type?: unknown }).invocation_type);
  return said.success ? said.data : undefined;
}

/**
 * Validates an invocation event: `{ pull_id, action }` as sent directly (the
 * connector, Step Functions), or the same JSON as the `body` of an API
 * Gateway / function URL request. Routes on `action`; an unknown one is
 * refused naming those supported.
 */
export function parseEvent(raw: unknown): ParsedEvent {
  const viaHttp = isHttpEvent(raw);
  let payload: unknown = raw;
  let invocationType: InvocationType | undefined = viaHttp ? 'RequestResponse' : undefined;
  const refuse = (message: string): ParsedEvent => ({ ok: false, viaHttp, invocationType, message });
  if (viaHttp) {
    const text = raw.isBase64Encoded ? Buffer.from(raw.body, 'base64').toString('utf8') : raw.body;
    try {
      payload = JSON.parse(text);
    } catch {
      return refuse('the request body is not JSON');
    }
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    return refuse('the event must be a JSON object with pull_id and action');
  }
  if (!viaHttp) invocationType = saidInvocationType(payload);
  const envelope = Envelope.safeParse(payload);
  if (!envelope.success) return refuse(firstIssue(envelope.error));
  const action = envelope.data.action;
  if (!(ACTIONS as readonly string[]).includes(action)) {
    return refuse(`unknown action ${JSON.stringify(action.slice(0, 64))}; supported: ${ACTIONS.join(', ')}`);
  }
  const event = LambdaEvent.safeParse(payload);
  if (!event.success) return refuse(firstIssue(event.error));
  return { ok: true, viaHttp, invocationType, event: event.data };
}
