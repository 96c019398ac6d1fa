import {
  FileDataError,
  pullPrefix,
  requireUtf8,
  type RawRecord,
  type RawRecordIssue,
  type Source,
  type SourceContext,
  type SourceFile,
  type SourceItem,
} from '@provider-data/core';
import { GzipDataError, gunzipChunks } from './gunzip-chunks.js';
import { LineSplitter, type NdjsonLine } from './ndjson-lines.js';

/**
 * The default {@link FortisSourceOptions.maxLineBytes}: 8 MiB, a thousand times a large doctor line.
 *
 * ### Examples
 * ```ts
 * import { createFortisSource, DEFAULT_MAX_LINE_BYTES } from '@provider-data/plugin-fortis';
 *
 * const source = createFortisSource({ maxLineBytes: DEFAULT_MAX_LINE_BYTES / 2 });
 * ```
 */
export const DEFAULT_MAX_LINE_BYTES = 8 * 1024 * 1024;

/** Options of {@link createFortisSource}. */
export interface FortisSourceOptions {
  /** A line longer than this is quarantined as `record_too_large` without being held in memory. */
  maxLineBytes?: number;
}

/** What a Fortis data file holds, from its name. */
export type FortisFileKind = 'facilities' | 'doctors';

/** A data file of a Fortis pull, parsed from its key. */
export interface FortisFileKey {
  /** The city folder: `gurgaon`, `new-delhi`. */
  citySlug: string;
  kind: FortisFileKind;
  gzip: boolean;
}

const FILE_NAME = /^([^/]+)\/(facilities|doctors)\.ndjson(\.gz)?$/;
const BASE_NAME = /(?:^|\/)(facilities|doctors)\.ndjson(?:\.gz)?$/;

/**
 * Parses the part of a key after the pull's `by_city/` prefix:
 * `gurgaon/doctors.ndjson.gz` is the doctors of `gurgaon`, compressed. Any
 * other key (a manifest, a README, a nested folder) is not a data file: `null`.
 *
 * ### Examples
 * ```ts
 * import { parseFortisFileKey } from '@provider-data/plugin-fortis';
 *
 * parseFortisFileKey('gurgaon/doctors.ndjson.gz'); // { citySlug: 'gurgaon', kind: 'doctors', gzip: true }
 * parseFortisFileKey('README.txt'); // null
 * ```
 */
export function parseFortisFileKey(relativeKey: string): FortisFileKey | null {
  const match = FILE_NAME.exec(relativeKey);
  if (!match) return null;
  return { citySlug: match[1]!, kind: match[2] as FortisFileKind, gzip: match[3] !== undefined };
}

const RECORD_TYPE: Record<
  FortisFileKind,
  { type: 'facility' | 'doctor'; entity: 'practice' | 'practitioner' }
> = {
  facilities: { type: 'facility', entity: 'practice' },
  doctors: { type: 'doctor', entity: 'practitioner' },
};

/**
 * The Fortis {@link Source}: lists `fortis/datapulls/<ts>/by_city/<city-slug>/`
 * `facilities.ndjson` and `doctors.ndjson` (either may be `.gz`), a city's
 * facilities before its doctors, and streams their lines.
 *
 * Per line: blank lines are skipped; a line that is not JSON is a
 * `invalid_json` issue, JSON that is not an object a `not_an_object` issue, a
 * line over `maxLineBytes` a `record_too_large` issue; each costs that line
 * only. A last line without a line feed that is not JSON means the export was
 * cut off: every complete line is yielded, then the file fails with
 * `truncated_file`. A gzip stream that ends early does the same; one that is
 * not gzip at all fails with `invalid_gzip`. A file in UTF-16 or UTF-32 (by
 * its byte-order mark or its NUL bytes) fails with `unsupported_encoding`
 * before any line is read.
 *
 * ### Examples
 * ```ts
 * import { createLocalObjectStore, silentLogger, type DataPull } from '@provider-data/core';
 * import { createFortisSource } from '@provider-data/plugin-fortis';
 *
 * declare const pull: DataPull;
 * const source = createFortisSource({ maxLineBytes: 1 << 20 });
 * const context = { pull, store: createLocalObjectStore('./pulls'), logger: silentLogger };
 * for await (const file of source.listFiles(context)) {
 *   for await (const item of source.readFile(file, context)) console.log(file.key, item.position, item.kind);
 * }
 * ```
 */
export function createFortisSource(options: FortisSourceOptions = {}): Source {
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;

  return {
    async *listFiles(context: SourceContext): AsyncIterable<SourceFile> {
      const prefix = pullPrefix(context.pull);
      const found: Array<SourceFile & FortisFileKey> = [];
      for await (const object of context.store.list(prefix, {
        bucket: context.pull.bucket,
        signal: context.signal,
      })) {
        const parsed = parseFortisFileKey(object.key.slice(prefix.length));
        if (parsed) found.push({ key: object.key, size: object.size, ...parsed });
      }
      // A city's facilities before its doctors: not needed for correctness (providers
      // resolve at the end of the pull), but a sink sees practices before their providers.
      found.sort(
        (a, b) =>
          compare(a.citySlug, b.citySlug) ||
          (a.kind === b.kind ? 0 : a.kind === 'facilities' ? -1 : 1) ||
          compare(a.key, b.key),
      );
      for (const { key, size } of found) yield { key, size };
    },

    async *readFile(file: SourceFile, context: SourceContext): AsyncIterable<SourceItem> {
      const name = BASE_NAME.exec(file.key);
      const kind: FortisFileKind = name?.[1] === 'facilities' ? 'facilities' : 'doctors';
      const { type, entity } = RECORD_TYPE[kind];
      const gzip = file.key.endsWith('.gz');
      const body = await context.store.open(file.key, {
        bucket: context.pull.bucket,
        signal: context.signal,
      });
      // The encoding of the text, under the gzip layer when there is one.
      const chunks = requireUtf8<Uint8Array | string>(gzip ? gunzipChunks(body) : body, {
        plugin: 'fortis',
        objectKey: file.key,
      });

      const splitter = new LineSplitter(maxLineBytes);
      let cutOff: { number: number; bytes: number } | undefined;
      const itemOf = (line: NdjsonLine): SourceItem | null => {
        if (line.kind === 'too_large') {
          return issue(
            type,
            entity,
            line.number,
            'record_too_large',
            `line is ${line.bytes} bytes, over the limit of ${maxLineBytes}; it was skipped`,
            line.head,
          );
        }
        const item = parseLine(type, entity, line.number, line.text);
        if (item?.kind === 'issue' && item.reason === 'invalid_json' && !line.terminated) {
          // Not JSON and no line feed after it: the export stopped in the middle of this line.
          cutOff = { number: line.number, bytes: Buffer.byteLength(line.text) };
          return null;
        }
        return item;
      };
      try {
        for await (const chunk of chunks) {
          for (const line of splitter.push(chunk)) {
            const item = itemOf(line);
            if (item !== null) yield item;
          }
        }
      } catch (error) {
        if (error instanceof GzipDataError) {
          const truncated = error.code === 'Z_BUF_ERROR';
          const read = splitter.lines;
          throw new FileDataError(
            truncated ? 'truncated_file' : 'invalid_gzip',
            truncated
              ? `gzip stream ends early after line ${read}; the complete lines before it were read`
              : `not a valid gzip stream after line ${read}: ${error.message}`,
            { plugin: 'fortis', objectKey: file.key, cause: error },
          );
        }
        throw error;
      }
      for (const line of splitter.end()) {
        const item = itemOf(line);
        if (item !== null) yield item;
      }
      if (cutOff) {
        throw new FileDataError(
          'truncated_file',
          `the file ends in the middle of line ${cutOff.number} (${cutOff.bytes} bytes, no line feed, not valid JSON); the lines before it were read`,
          { plugin: 'fortis', objectKey: file.key },
        );
      }
    },
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The record or issue of one line; null for a blank line, which means nothing. */
function parseLine(
  type: string,
  entity: RawRecord['entity'],
  number: number,
  text: string,
): RawRecord | RawRecordIssue | null {
  const c = text.charCodeAt(0);
  // Fast path: a line that starts with `{` is almost always an object.
  if (c !== 0x7b && text.trim().length === 0) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return issue(type, entity, number, 'invalid_json', `line is not JSON: ${(error as Error).message}`, text);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const what = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    return issue(type, entity, number, 'not_an_object', `line is JSON but ${what}, not an object`, text);
  }
  return { kind: 'record', type, entity, position: `line ${number}`, value };
}

function issue(
  type: string,
  entity: RawRecord['entity'],
  number: number,
  reason: string,
  message: string,
  text: string,
): RawRecordIssue {
  return { kind: 'issue', type, entity, position: `line ${number}`, reason, message, text };
}
