import { FileDataError, type PdmErrorOptions } from '../errors.js';
import { QuarantineReason } from '../model/quarantine.js';

/** An encoding of JSON text other than UTF-8, as the first bytes of a file show it. */
export interface UnsupportedEncoding {
  encoding: 'UTF-16LE' | 'UTF-16BE' | 'UTF-32LE' | 'UTF-32BE';
  /** What showed it: a byte-order mark, or the NUL bytes that ASCII characters have in it. */
  by: 'byte-order mark' | 'NUL pattern';
}

/**
 * Tells a UTF-16 or UTF-32 file from a UTF-8 one by its first bytes: a
 * byte-order mark, or (RFC 4627, section 3) the NUL bytes around the ASCII
 * character that JSON text starts with: `00 00 00 xx` is UTF-32BE,
 * `xx 00 00 00` UTF-32LE, `00 xx 00 xx` UTF-16BE, `xx 00 xx 00` UTF-16LE.
 * Null for UTF-8 (with or without its byte-order mark) and anything else.
 * Four bytes are enough; fewer are read as far as they go.
 *
 * ### Examples
 * ```ts
 * import { sniffEncoding } from '@provider-data/core';
 *
 * sniffEncoding(new Uint8Array([0xff, 0xfe, 0x7b, 0x00])); // { encoding: 'UTF-16LE', by: 'byte-order mark' }
 * sniffEncoding(new TextEncoder().encode('{"a":1}')); // null
 * ```
 */
export function sniffEncoding(head: Uint8Array): UnsupportedEncoding | null {
  const [a, b, c, d] = [head[0], head[1], head[2], head[3]];
  const bom = (encoding: UnsupportedEncoding['encoding']) => ({ encoding, by: 'byte-order mark' }) as const;
  const nul = (encoding: UnsupportedEncoding['encoding']) => ({ encoding, by: 'NUL pattern' }) as const;
  if (a === 0xff && b === 0xfe && c === 0 && d === 0) return bom('UTF-32LE');
  if (a === 0 && b === 0 && c === 0xfe && d === 0xff) return bom('UTF-32BE');
  if (a === 0xff && b === 0xfe) return bom('UTF-16LE');
  if (a === 0xfe && b === 0xff) return bom('UTF-16BE');
  if (head.length >= 4) {
    if (a === 0 && b === 0 && c === 0 && d !== 0) return nul('UTF-32BE');
    if (a !== 0 && b === 0 && c === 0 && d === 0) return nul('UTF-32LE');
    if (a === 0 && b !== 0 && c === 0 && d !== 0) return nul('UTF-16BE');
    if (a !== 0 && b === 0 && c !== 0 && d === 0) return nul('UTF-16LE');
  } else if (head.length >= 2) {
    if (a === 0 && b !== 0) return nul('UTF-16BE');
    if (a !== 0 && b === 0) return nul('UTF-16LE');
  }
  return null;
}

const HEAD_BYTES = 4;

/**
 * Passes a file's byte chunks through unchanged once its first bytes show
 * UTF-8, and throws a {@link FileDataError} with reason
 * `unsupported_encoding` when they show UTF-16 or UTF-32 (see
 * {@link sniffEncoding}), before any record is read: such a file would
 * otherwise be read as lines of garbage. `options` tag the error with the
 * plugin and the object key. String chunks are already decoded and pass as
 * they are.
 *
 * ### Examples
 * ```ts
 * import { requireUtf8, type ObjectStore } from '@provider-data/core';
 *
 * declare const store: ObjectStore;
 * const key = 'acme/datapulls/20261120T053000Z/by_city/Pune.ndjson';
 * for await (const chunk of requireUtf8(await store.open(key), { plugin: 'acme', objectKey: key })) {
 *   console.log(chunk.length);
 * }
 * ```
 */
export async function* requireUtf8<Chunk extends Uint8Array | string>(
  chunks: AsyncIterable<Chunk>,
  options: Pick<PdmErrorOptions, 'plugin' | 'objectKey'> = {},
): AsyncGenerator<Chunk> {
  const held: Chunk[] = [];
  let bytes = 0;
  let decided = false;
  const decide = () => {
    decided = true;
    const head = new Uint8Array(HEAD_BYTES);
    let filled = 0;
    for (const chunk of held) {
      if (typeof chunk === 'string' || filled >= HEAD_BYTES) break;
      const part = chunk.subarray(0, HEAD_BYTES - filled);
      head.set(part, filled);
      filled += part.length;
    }
    const found = sniffEncoding(head.subarray(0, filled));
    if (found) {
      throw new FileDataError(
        QuarantineReason.unsupportedEncoding,
        `the file is ${found.encoding} (by its ${found.by}); only UTF-8 is read, so none of it was`,
        { ...options, stage: 'read' },
      );
    }
  };
  for await (const chunk of chunks) {
    if (decided) {
      yield chunk;
      continue;
    }
    held.push(chunk);
    bytes += typeof chunk === 'string' ? HEAD_BYTES : chunk.length;
    if (bytes < HEAD_BYTES) continue;
    decide();
    yield* held;
    held.length = 0;
  }
  if (!decided) {
    decide();
    yield* held;
  }
}
