import type { EntityKind } from '../model/common.js';
import type { Practice } from '../model/practice.js';
import type { Practitioner } from '../model/practitioner.js';
import type { Provider } from '../model/provider.js';
import type { DataPull } from '../pull/data-pull.js';
import type { RawRecord, SourceFile } from '../source/source.js';

/** Why a raw record, or a part of one, could not be used. Becomes a quarantine row. */
export interface RecordIssue {
  entity: Exclude<EntityKind, 'file'>;
  /** A stable code: `missing_field`, `invalid_value`, … */
  reason: string;
  message: string;
  sourceId?: string | null;
}

/** What one raw record became. */
export interface TransformResult {
  practitioners?: Practitioner[];
  practices?: Practice[];
  providers?: Provider[];
  /** Issues that quarantine the record (or one affiliation of it). */
  issues?: RecordIssue[];
  /** Specialty wordings that mapped to no canonical code. */
  unmappedSpecialties?: string[];
  /** Fields that were present but could not be used, as `doctor.experience`. The record still loads. */
  unusableFields?: string[];
}

/** What a transformer knows of the record's surroundings. */
export interface TransformContext {
  pull: DataPull;
  file: SourceFile;
  /** The pull's timestamp as a date: experience in years becomes a start year against it. */
  pullTime: Date;
}

/**
 * Turns one raw record into canonical records. Pure: no I/O, the same input
 * gives the same output. A record it cannot use at all comes back with an
 * `issues` entry and no records; a thrown error quarantines the record with
 * `transform_error` and the pull goes on.
 */
export interface Transformer {
  transform(record: RawRecord, context: TransformContext): TransformResult;
}
