import { type Parser, parse } from 'csv-parse';
import { FileDataError } from '../errors.js';
import { QuarantineReason } from '../model/quarantine.js';
import type { SourceItem } from '../source/source.js';
import { requireUtf8 } from '../source/text-encoding.js';
import { issueAtLine, type RecordKind } from './record-kind.js';
import { decodeText } from './text-decoding.js';

/** Options of {@link readCsv}. */
export interface CsvOptions {
  /** What every row of the file is. */
  kind: RecordKind;
  /** The field separator: `,` (default), `;`, or `\t` for TSV. */
  delimiter?: string;
  /**
   * A row whose text passes this many bytes stops the file (`record_too_large`)
   * after every row before it: an unclosed quote would otherwise hold the rest
   * of the file in memory. Default 16 MiB.
   */
  maxRecordBytes?: number;
  /** Tag errors with the plugin and the object key. */
  plugin?: string;
  objectKey?: string;
}

/** csv-parse's record with `info: true`: `bytes` is where the row ends, its line break included. */
interface ParsedRow {
  record: string[];
  info: { bytes: number };
}

const LF = 0x0a;
const CR = 0x0d;

/**
 * Streams the rows of one CSV or TSV file as records: the first non-blank
 * row is the header, and each later row becomes an object from header name
 * to field text (`{ code: 'SR-1', name: 'Dr. A' }`), position `line N` where
 * N is the physical line the row starts on (blank lines and line breaks
 * inside quoted fields counted, so that `sed -n Np` finds it).
 *
 * - Quoted fields may hold the delimiter, quotes (`""`) and line breaks; LF
 *   and CRLF both end a row; a leading byte-order mark is dropped; blank
 *   lines mean nothing. A stray quote inside an unquoted field is text.
 * - The text is UTF-8 when its first 64 KiB are valid UTF-8, else
 *   Windows-1252 (see {@link decodeText}); UTF-16 and UTF-32 fail the file
 *   with `unsupported_encoding`.
 * - A row with more or fewer fields than the header is a `ragged_row` issue
 *   (that row only); a row equal to the header is a `repeated_header` issue
 *   (two exports concatenated).
 * - A last row without a line break that has fewer fields than the header,
 *   or ends inside a quoted field, means the export was cut off: every row
 *   before it is yielded, then a {@link FileDataError} `truncated_file` is
 *   thrown. A file with no header row throws `empty_file`.
 *
 * Rows are read through csv-parse's stream interface chunk by chunk, with
 * line numbers counted here: csv-parse counts a CRLF inside quotes as two
 * lines, and its async iterator drops rows already parsed when an error
 * arrives.
 *
 * ### Examples
 * ```ts
 * import type { ObjectStore } from '@provider-data/core';
 * import { readCsv } from '@provider-data/core/kit';
 *
 * declare const store: ObjectStore;
 * const key = 'acme/datapulls/20261120T053000Z/by_city/pune/doctors.csv';
 * for await (const item of readCsv(await store.open(key), { kind: { type: 'doctor', entity: 'practitioner' } })) {
 *   if (item.kind === 'record') console.log(item.position, item.value);
 * }
 * ```
 */
export async function* readCsv(
  body: AsyncIterable<Uint8Array | string>,
  options: CsvOptions,
): AsyncGenerator<SourceItem> {
  const { type, entity } = options.kind;
  const maxRecordBytes = options.maxRecordBytes ?? 16 * 1024 * 1024;
  const tags = { plugin: options.plugin, objectKey: options.objectKey };
  const parser: Parser = parse({
    delimiter: options.delimiter ?? ',',
    info: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
  });
  const rows: ParsedRow[] = [];
  let failure: (Error & { code?: string }) | undefined;
  parser.on('data', (row: ParsedRow) => rows.push(row));
  parser.on('error', (error: Error) => {
    failure ??= error;
  });

  // The UTF-8 bytes fed and not yet taken by a row (from `offset`), to number lines and see how a row ended.
  let buffer = Buffer.alloc(0);
  let offset = 0;
  let consumed = 0;
  let line = 1;
  let header: string[] | null = null;
  let columns = 0;
  let headerText = '';
  let last: { row: ParsedRow; start: number; terminated: boolean } | null = null;

  const issue = (line: number, reason: string, message: string, text: string) =>
    issueAtLine(options.kind, line, reason, message, text);
  /** Takes the text of one row off the buffer: its first line and whether a line break ended it. */
  const take = (end: number): { start: number; terminated: boolean } => {
    const segment = buffer.subarray(offset, offset + (end - consumed));
    offset += segment.length;
    consumed = end;
    let i = 0;
    while (i < segment.length && (segment[i] === LF || segment[i] === CR)) {
      if (segment[i] === LF) line++;
      i++;
    }
    const start = line;
    for (; i < segment.length; i++) if (segment[i] === LF) line++;
    return { start, terminated: segment.length > 0 && segment[segment.length - 1] === LF };
  };
  const itemOf = (row: ParsedRow, start: number): SourceItem | null => {
    const fields = row.record;
    if (header === null) {
      header = fields.map((name) => name.trim());
      columns = header.length;
      headerText = fields.join('\u001f');
      return null;
    }
    const text = fields.join(options.delimiter ?? ',');
    if (fields.length === header.length && fields.join('\u001f') === headerText) {
      return issue(start, QuarantineReason.repeatedHeader, 'the header row again, inside the file', text);
    }
    if (fields.length !== header.length) {
      const message = `row has ${fields.length} fields, the header ${header.length}`;
      return issue(start, QuarantineReason.raggedRow, message, text);
    }
    const value: Record<string, string> = {};
    for (let i = 0; i < header.length; i++) if (header[i] !== '') value[header[i]!] = fields[i]!;
    return { kind: 'record', type, entity, position: `line ${start}`, value };
  };
  /** Rows parsed so far, but the last: it may be the cut-off end of the file. */
  const drain = function* (): Generator<SourceItem> {
    for (const row of rows.splice(0)) {
      if (last) {
        const item = itemOf(last.row, last.start);
        if (item) yield item;
      }
      last = { row, ...take(row.info.bytes) };
    }
  };

  let first = true;
  for await (let text of decodeText(requireUtf8<Uint8Array | string>(body, tags))) {
    if (first && text.length > 0) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const bytes = Buffer.from(text, 'utf8');
    buffer = offset < buffer.length ? Buffer.concat([buffer.subarray(offset), bytes]) : bytes;
    offset = 0;
    await settle(parser, (done) => parser.write(bytes, done));
    yield* drain();
    if (failure) break;
    if (buffer.length - offset > maxRecordBytes) {
      throw new FileDataError(
        QuarantineReason.recordTooLarge,
        `a row after line ${line} passes ${maxRecordBytes} bytes; the rows before it were read`,
        tags,
      );
    }
  }
  if (!failure) await settle(parser, (done) => parser.end(done));
  yield* drain();
  parser.destroy();
  const end = last as { row: ParsedRow; start: number; terminated: boolean } | null;
  const cutRow = end !== null && columns > 0 && !end.terminated && end.row.record.length < columns;
  if (end && !cutRow) {
    const item = itemOf(end.row, end.start);
    if (item) yield item;
  }
  if (failure) {
    const cut = failure.code === 'CSV_QUOTE_NOT_CLOSED';
    throw new FileDataError(
      cut ? QuarantineReason.truncatedFile : QuarantineReason.invalidCsv,
      cut
        ? `the file ends inside a quoted field after line ${line}; the rows before it were read`
        : `not valid CSV after line ${line}: ${failure.message}`,
      { ...tags, cause: failure },
    );
  }
  if (cutRow) {
    throw new FileDataError(
      QuarantineReason.truncatedFile,
      `the file ends in the middle of the row on line ${end.start} (no line break, ${end.row.record.length} of ${columns} fields); the rows before it were read`,
      tags,
    );
  }
  if (columns === 0) throw new FileDataError(QuarantineReason.emptyFile, 'the file has no header row', tags);
}

/** Starts a parser step and resolves when it is done or the parser failed. */
function settle(parser: Parser, start: (done: () => void) => void): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      parser.off('error', done);
      resolve();
    };
    parser.once('error', done);
    start(done);
  });
}
