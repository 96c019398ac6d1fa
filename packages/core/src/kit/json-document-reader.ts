import type { Readable } from 'node:stream';
import type { SourceItem } from '../source/source.js';
import { requireUtf8 } from '../source/text-encoding.js';
import { DocumentScanner } from './json-document-scanner.js';
import type { RecordKind } from './record-kind.js';

/** Options of {@link readJsonDocument}. */
export interface JsonDocumentOptions {
  /**
   * The top-level keys whose arrays hold records, and what each element is:
   * `{ hospitals: { type: 'hospital', entity: 'practice' } }`. Other keys are skipped.
   */
  arrays: Readonly<Record<string, RecordKind>>;
  /**
   * A record whose JSON text passes this many characters is skipped as
   * `record_too_large`; so is the syntax check of another key's value that
   * long (its brackets and strings are still followed). Default 16 Mi.
   */
  maxRecordChars?: number;
}

/**
 * Streams the records of one JSON document that holds named arrays of
 * records (`{ "meta": …, "hospitals": […], "doctors": […] }`): each element
 * of the arrays named in `options.arrays`, in file order, wherever those keys
 * appear and whatever their order (position `hospitals[3]`); other keys are
 * skipped. A leading byte-order mark is allowed. Only one record is held at
 * a time. A key of `arrays` whose value is not an array is an `invalid_value`
 * issue; an element larger than `maxRecordChars` a `record_too_large` one.
 *
 * A document that breaks (cut off, not JSON, empty) throws a
 * {@link FileDataError} (`truncated_file`, `invalid_json`, `empty_file`)
 * after every record completed before the break has been yielded; one in
 * UTF-16 or UTF-32 throws `unsupported_encoding` before any record.
 *
 * How: a scanner finds where each element begins and ends (following
 * strings, escapes and brackets, and checking the document's own commas,
 * colons and keys) and hands the element's text to the native `JSON.parse`,
 * which checks it and builds the value. There is no token per value, and a
 * broken file needs no second read.
 *
 * ### Examples
 * ```ts
 * import { Readable } from 'node:stream';
 * import { readJsonDocument } from '@provider-data/core/kit';
 *
 * const body = '{"meta":{"city":"Pune"},"doctors":[{"doctorId":"AD-1"}]}';
 * const arrays = { doctors: { type: 'doctor', entity: 'practitioner' } } as const;
 * for await (const item of readJsonDocument(async () => Readable.from([body]), { arrays })) {
 *   console.log(item.position); // doctors[0]
 * }
 * ```
 */
export async function* readJsonDocument(
  open: () => Promise<Readable>,
  options: JsonDocumentOptions,
): AsyncGenerator<SourceItem> {
  const scanner = new DocumentScanner(options.arrays, options.maxRecordChars ?? 16 * 1024 * 1024);
  const body = await open();
  const decoder = new TextDecoder('utf-8');
  try {
    for await (const chunk of requireUtf8<Uint8Array | string>(body)) {
      scanner.feed(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
      yield* scanner.drain();
    }
    scanner.feed(decoder.decode());
    scanner.end();
  } catch (error) {
    body.destroy();
    // Records completed before the break are still good.
    yield* scanner.drain();
    throw error;
  }
  yield* scanner.drain();
}
