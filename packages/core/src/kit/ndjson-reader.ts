import { FileDataError } from '../errors.js';
import { QuarantineReason } from '../model/quarantine.js';
import type { SourceItem } from '../source/source.js';
import { requireUtf8 } from '../source/text-encoding.js';
import { GzipDataError, gunzipChunks } from './gunzip-chunks.js';
import { LineSplitter, type NdjsonLine } from './line-splitter.js';
import { issueAtLine, type RecordKind } from './record-kind.js';

/** Options of {@link readNdjson}. */
export interface NdjsonOptions {
  /** What every line of the file is. */
  kind: RecordKind;
  /** The body is gzip-compressed (a `.gz` key). Default false. */
  gzip?: boolean;
  /** A line longer than this many bytes is a `record_too_large` issue, never held whole. Default 8 MiB. */
  maxLineBytes?: number;
  /** Tag errors with the plugin and the object key. */
  plugin?: string;
  objectKey?: string;
}

/**
 * Streams the records of one NDJSON file (one JSON object per line, LF or
 * CRLF, optionally gzip), position `line N` (1-based, blank lines counted).
 *
 * Per line: a blank line is skipped; a line that is not JSON is an
 * `invalid_json` issue, JSON that is not an object a `not_an_object` issue,
 * a line over `maxLineBytes` a `record_too_large` issue; each costs that line
 * only. A last line without a line feed that is not JSON means the export
 * was cut off: every complete line is yielded, then a {@link FileDataError}
 * `truncated_file` is thrown. A gzip stream that ends early does the same;
 * one that is not gzip fails with `invalid_gzip`. UTF-16 or UTF-32 text
 * fails with `unsupported_encoding` before any line.
 *
 * ### Examples
 * ```ts
 * import type { ObjectStore } from '@provider-data/core';
 * import { readNdjson } from '@provider-data/core/kit';
 *
 * declare const store: ObjectStore;
 * const key = 'acme/datapulls/20261120T053000Z/by_city/pune/doctors.ndjson.gz';
 * const lines = readNdjson(await store.open(key), { kind: { type: 'doctor', entity: 'practitioner' }, gzip: true });
 * for await (const item of lines) console.log(item.position, item.kind);
 * ```
 */
export async function* readNdjson(
  body: AsyncIterable<Uint8Array | string>,
  options: NdjsonOptions,
): AsyncGenerator<SourceItem> {
  const { type, entity } = options.kind;
  const maxLineBytes = options.maxLineBytes ?? 8 * 1024 * 1024;
  const tags = { plugin: options.plugin, objectKey: options.objectKey };
  // The encoding of the text, under the gzip layer when there is one.
  const chunks = requireUtf8<Uint8Array | string>(options.gzip ? gunzipChunks(body) : body, tags);
  const issue = (line: number, reason: string, message: string, text: string) =>
    issueAtLine(options.kind, line, reason, message, text);

  const splitter = new LineSplitter(maxLineBytes);
  let cutOff: { number: number; bytes: number } | undefined;
  const itemOf = (line: NdjsonLine): SourceItem | null => {
    if (line.kind === 'too_large') {
      const message = `line is ${line.bytes} bytes, over the limit of ${maxLineBytes}; it was skipped`;
      return issue(line.number, QuarantineReason.recordTooLarge, message, line.head);
    }
    const text = line.text;
    // Fast path: a line that starts with `{` is almost always an object.
    if (text.charCodeAt(0) !== 0x7b && text.trim().length === 0) return null;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      if (!line.terminated) {
        // Not JSON and no line feed after it: the export stopped in the middle of this line.
        cutOff = { number: line.number, bytes: Buffer.byteLength(text) };
        return null;
      }
      const message = `line is not JSON: ${(error as Error).message}`;
      return issue(line.number, QuarantineReason.invalidJson, message, text);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      const what = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
      const message = `line is JSON but ${what}, not an object`;
      return issue(line.number, QuarantineReason.notAnObject, message, text);
    }
    return { kind: 'record', type, entity, position: `line ${line.number}`, value };
  };
  try {
    for await (const chunk of chunks) {
      for (const line of splitter.push(chunk)) {
        const item = itemOf(line);
        if (item !== null) yield item;
      }
    }
  } catch (error) {
    if (!(error instanceof GzipDataError)) throw error;
    const truncated = error.code === 'Z_BUF_ERROR';
    const read = splitter.lines;
    throw new FileDataError(
      truncated ? QuarantineReason.truncatedFile : 'invalid_gzip',
      truncated
        ? `gzip stream ends early after line ${read}; the complete lines before it were read`
        : `not a valid gzip stream after line ${read}: ${error.message}`,
      { ...tags, cause: error },
    );
  }
  for (const line of splitter.end()) {
    const item = itemOf(line);
    if (item !== null) yield item;
  }
  if (cutOff) {
    throw new FileDataError(
      QuarantineReason.truncatedFile,
      `the file ends in the middle of line ${cutOff.number} (${cutOff.bytes} bytes, no line feed, not valid JSON); the lines before it were read`,
      tags,
    );
  }
}
