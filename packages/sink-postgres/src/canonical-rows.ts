import { copyText, type QuarantineRecord } from '@provider-data/core';

/**
 * How canonical records travel to PostgreSQL: COPY lines of the staging
 * tables. A record's columns, its content text and its content hash are
 * core's ({@link RowCodec}, {@link contentHash}): the text this sink sends is
 * the text every sink hashes.
 */

/** The COPY line of a practitioner or practice: `pos`, the content text, `raw`, the hash. */
export function canonicalLine(position: number, content: string, raw: string, hash: string): string {
  return `${position}\t${content}\t${raw}\t${hash}\n`;
}

/** Staged providers: `pos, pull_id, object_key, <content columns>, content_hash`. */
export function providerLine(
  position: number,
  pullId: string,
  objectKey: string,
  content: string,
  hash: string,
): string {
  return `${position}\t${copyText(pullId)}\t${copyText(objectKey)}\t${content}\t${hash}\n`;
}

/** The quarantine columns a file writes, in COPY order. */
export const QUARANTINE_COLUMNS = [
  'pull_id',
  'health_system',
  'object_key',
  'position',
  'entity',
  'source_id',
  'reason',
  'message',
  'raw',
  'record_type',
] as const;

/** A quarantine row as a COPY line. */
export function quarantineLine(q: QuarantineRecord): string {
  return `${copyText(q.pullId)}\t${copyText(q.healthSystem)}\t${copyText(q.objectKey)}\t${copyText(q.position)}\t${copyText(q.entity)}\t${copyText(q.sourceId)}\t${copyText(q.reason)}\t${copyText(q.message)}\t${copyText(q.raw)}\t${copyText(q.recordType ?? null)}\n`;
}
