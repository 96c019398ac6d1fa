import type { DataPull } from '../pull/data-pull.js';
import type { ObjectStore } from '../object-store/object-store.js';
import type { Logger } from '../logger/logger.js';

/** A file of a pull: the unit of work and of recovery. */
export interface SourceFile {
  key: string;
  size: number;
  /** The object store's tag of the file's bytes (S3's ETag), when the listing gave one. */
  etag?: string;
}

/** What a source needs to list and read a pull. */
export interface SourceContext {
  pull: DataPull;
  store: ObjectStore;
  logger: Logger;
  signal?: AbortSignal;
}

/** A record as read from a file, before validation. */
export interface RawRecord {
  kind: 'record';
  /** What the record describes, in the source's terms: `hospital`, `doctor`, `facility`. */
  type: string;
  /** The canonical entity it mainly becomes; names the quarantine row when the transform throws. */
  entity?: 'practitioner' | 'practice' | 'provider';
  /** Where in the file: `hospitals[3]`, `line 17`. */
  position: string;
  value: unknown;
}

/** Something at a position of a file that is not a record at all (a line that is not JSON). */
export interface RawRecordIssue {
  kind: 'issue';
  type: string;
  /** The canonical entity the position held, when the source knows it (a doctors file holds practitioners). */
  entity?: 'practitioner' | 'practice' | 'provider';
  position: string;
  reason: string;
  message: string;
  /** The text as read. */
  text: string | null;
}

export type SourceItem = RawRecord | RawRecordIssue;

/**
 * Lists a pull's files and streams each file's raw records.
 *
 * - `listFiles` yields the pull's data files in a stable order and ignores
 *   other keys under the prefix.
 * - `readFile` streams records in file order and never holds the whole file.
 *   Bad data that costs one record is yielded as a {@link RawRecordIssue};
 *   bad data that stops the file (cut off, not JSON, broken gzip) is thrown
 *   as a `FileDataError` after every complete record before it was yielded.
 *   Any other error is broken infrastructure and fails the pull.
 */
export interface Source {
  listFiles(context: SourceContext): AsyncIterable<SourceFile>;
  readFile(file: SourceFile, context: SourceContext): AsyncIterable<SourceItem>;
}
