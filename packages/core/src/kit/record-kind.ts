import type { RawRecord, RawRecordIssue } from '../source/source.js';

/**
 * What a reader's records are: the source's `type` (`hospital`, `doctor`)
 * and the canonical entity each mainly becomes, which names its quarantine
 * rows.
 *
 * ### Examples
 * ```ts
 * import type { RecordKind } from '@provider-data/core/kit';
 *
 * const doctors: RecordKind = { type: 'doctor', entity: 'practitioner' };
 * ```
 */
export interface RecordKind {
  type: string;
  entity: NonNullable<RawRecord['entity']>;
}

/** The issue a line-based reader yields for line `number` of a file of `kind`. */
export function issueAtLine(
  kind: RecordKind,
  number: number,
  reason: string,
  message: string,
  text: string,
): RawRecordIssue {
  return {
    kind: 'issue',
    type: kind.type,
    entity: kind.entity,
    position: `line ${number}`,
    reason,
    message,
    text,
  };
}
