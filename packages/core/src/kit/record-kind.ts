import type { RawRecord } from '../source/source.js';

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
