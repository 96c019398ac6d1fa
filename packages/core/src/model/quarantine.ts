import { z } from 'zod';
import { EntityKind } from './common.js';

/**
 * Stable reason codes of quarantine rows. Plugins may use others; these are
 * the ones the library itself produces.
 */
export const QuarantineReason = {
  invalidJson: 'invalid_json',
  notAnObject: 'not_an_object',
  missingField: 'missing_field',
  invalidValue: 'invalid_value',
  unknownPractice: 'unknown_practice',
  truncatedFile: 'truncated_file',
  emptyFile: 'empty_file',
  transformError: 'transform_error',
  invalidRecord: 'invalid_record',
  /** A record nested deeper than `RecordLimits.maxDepth`. */
  recordTooDeep: 'record_too_deep',
  /** A record with a string or field name longer than `RecordLimits.maxStringLength`. */
  stringTooLong: 'string_too_long',
  /** A record with an array longer than `RecordLimits.maxListLength`. */
  listTooLong: 'list_too_long',
  /** A record larger than `RecordLimits.maxRecordSize` (or a source's own limit on a line or record). */
  recordTooLarge: 'record_too_large',
  /** A canonical record the sink could not encode or hash; the sink quarantines it instead of failing. */
  unencodableRecord: 'unencodable_record',
  /** A file in UTF-16 or UTF-32: it is not read, and the pull goes on. */
  unsupportedEncoding: 'unsupported_encoding',
  /** A gzip file that is not gzip at all (a truncated one is `truncated_file`). */
  invalidGzip: 'invalid_gzip',
  /** A CSV row with more or fewer fields than the header row; the row's line number is its position. */
  raggedRow: 'ragged_row',
  /** A CSV row equal to the header row, inside the file (two exports concatenated). */
  repeatedHeader: 'repeated_header',
  /** A CSV file csv-parse cannot read on from some point (quoting it cannot recover from). */
  invalidCsv: 'invalid_csv',
} as const;

/**
 * One rejected record, or one file that could not be read to its end.
 *
 * ### Examples
 * ```ts
 * import { QuarantineRecord } from '@provider-data/core';
 *
 * QuarantineRecord.parse({
 *   pullId: 'f3e51f05-6517-4099-b216-d7850fd6a418', healthSystem: 'apollo',
 *   objectKey: 'apollo/datapulls/20261120T053000Z/by_city/Chennai.json', position: '12',
 *   entity: 'practitioner', sourceId: null, reason: 'missing_field',
 *   message: 'doctorId is required', raw: '{"name":"Dr. A"}',
 * });
 * ```
 */
export const QuarantineRecord = z.object({
  pullId: z.uuid(),
  healthSystem: z.string(),
  objectKey: z.string(),
  /** Where in the file: array index (`hospitals[3]`) or line number. */
  position: z.string().nullable(),
  entity: EntityKind,
  sourceId: z.string().nullable(),
  reason: z.string().min(1),
  message: z.string(),
  /** The record as read, as text, so that invalid JSON is kept too. */
  raw: z.string().nullable(),
  /**
   * The record's type in its source's terms (`hospital`, `doctor`), so that
   * `replayPull` can give it to the transformer again; null or absent for a
   * file, and for rows stored before it was kept.
   */
  recordType: z.string().nullable().optional(),
});
export type QuarantineRecord = z.infer<typeof QuarantineRecord>;
