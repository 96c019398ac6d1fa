import { errorMessage } from '../errors.js';
import type { Practice } from '../model/practice.js';
import type { Practitioner } from '../model/practitioner.js';
import type { Provider } from '../model/provider.js';
import { QuarantineReason, type QuarantineRecord } from '../model/quarantine.js';
import type { CanonicalEntity } from '../pipeline/summary.js';
import type { DataPull } from '../pull/data-pull.js';
import { boundedJson } from '../source/bounded-json.js';
import type { SourceFile } from '../source/source.js';

/** How much of a record that a sink could not encode goes into its quarantine row. */
const RAW_HEAD_CHARS = 65_536;

/** A canonical record of one of the three entities. */
export type CanonicalRecord =
  | { entity: 'practitioner'; record: Practitioner }
  | { entity: 'practice'; record: Practice }
  | { entity: 'provider'; record: Provider };

/** The source id a quarantine row names a canonical record by: a provider's is `practitioner@practice`. */
function sourceIdOf(entry: CanonicalRecord): string | null {
  if (entry.entity === 'provider') {
    const { practitionerSourceId, practiceSourceId } = entry.record;
    return `${practitionerSourceId}@${practiceSourceId}`;
  }
  return typeof entry.record.sourceId === 'string' ? entry.record.sourceId : null;
}

/**
 * The quarantine row of a canonical record that a sink could not encode or
 * hash (see {@link SinkFileWriter}): reason `unencodable_record`, the
 * record's entity and source id, the error, and the first 64 KiB of the
 * record, written without recursion. Every sink makes the row with this, so
 * that all of them store the same one.
 *
 * ### Examples
 * ```ts
 * import { unencodableRecordRow, type DataPull, type Practitioner } from '@provider-data/core';
 *
 * declare const pull: DataPull;
 * declare const practitioner: Practitioner;
 * const row = unencodableRecordRow(pull, { key: 'apollo/x.json', size: 1 }, { entity: 'practitioner', record: practitioner }, new RangeError('Maximum call stack size exceeded'));
 * row.reason; // 'unencodable_record'
 * ```
 */
export function unencodableRecordRow(
  pull: DataPull,
  file: SourceFile,
  entry: CanonicalRecord,
  error: unknown,
): QuarantineRecord {
  const entity: CanonicalEntity = entry.entity;
  return {
    pullId: pull.pullId,
    healthSystem: pull.healthSystem,
    objectKey: file.key,
    position: null,
    entity,
    sourceId: sourceIdOf(entry),
    reason: QuarantineReason.unencodableRecord,
    message: `the sink could not encode this ${entity}: ${errorMessage(error)}`,
    raw: boundedJson(entry.record, RAW_HEAD_CHARS),
  };
}
