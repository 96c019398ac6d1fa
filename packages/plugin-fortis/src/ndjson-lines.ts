/** One physical line of an NDJSON file, as {@link readLines} yields it. */
export type NdjsonLine =
  | {
      kind: 'line';
      /** 1-based physical line number, blank lines included, so that `sed -n Np` finds it. */
      number: number;
      /** The line without its LF or CRLF (and without a leading byte-order mark on line 1). */
      text: string;
      /** False for a last line that ended with the file instead of a line feed. */
      terminated: boolean;
    }
  | {
      kind: 'too_large';
      number: number;
      /** How many bytes the line had (the whole line, though only `head` was kept). */
      bytes: number;
      /** The first bytes of the line, for the quarantine row. */
      head: string;
    };

/** Options of {@link readLines}. */
export interface ReadLinesOptions {
  /** A line longer than this is skipped (its bytes are not held) and reported as `too_large`. */
  maxLineBytes: number;
}

const LF = 0x0a;
const CR = 0x0d;
/** How much of a line that is too large to keep goes into the quarantine row. */
const HEAD_BYTES = 1024;

/**
 * Splits a byte stream into lines at LF, dropping a CR before it and a UTF-8
 * byte-order mark at the start. Unlike `node:readline` it says whether the last
 * line ended with a line feed (a cut-off export does not), and it never holds
 * more than `maxLineBytes` of one line: a longer line is skipped to its end and
 * yielded as `too_large`. Splitting at the LF byte is safe in UTF-8, where no
 * multi-byte character contains it.
 */
export async function* readLines(
  chunks: AsyncIterable<Uint8Array | string>,
  options: ReadLinesOptions,
): AsyncGenerator<NdjsonLine> {
  const max = options.maxLineBytes;
  let number = 0;
  // The start of the current line when it spans chunks.
  let carry: Buffer[] = [];
  let carryBytes = 0;
  // While a line is too large: its byte count so far and its first bytes.
  let skipping = false;
  let skippedBytes = 0;
  let head = '';
  let first = true;

  const text = (buffer: Buffer, start: number, end: number): string => {
    if (end > start && buffer[end - 1] === CR) end--;
    let value = buffer.toString('utf8', start, end);
    if (first) {
      first = false;
      if (value.charCodeAt(0) === 0xfeff) value = value.slice(1);
    }
    return value;
  };

  for await (const raw of chunks) {
    const chunk =
      typeof raw === 'string' ? Buffer.from(raw, 'utf8') : Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
    let start = 0;
    for (;;) {
      const end = chunk.indexOf(LF, start);
      if (end === -1) break;
      number++;
      if (skipping) {
        skipping = false;
        first = false;
        yield { kind: 'too_large', number, bytes: skippedBytes + (end - start), head };
      } else if (carryBytes + (end - start) > max) {
        carry.push(chunk.subarray(start, end));
        yield { kind: 'too_large', number, bytes: carryBytes + (end - start), head: headOf(carry) };
        carry = [];
        carryBytes = 0;
        first = false;
      } else if (carryBytes === 0) {
        yield { kind: 'line', number, text: text(chunk, start, end), terminated: true };
      } else {
        carry.push(chunk.subarray(start, end));
        const whole = Buffer.concat(carry, carryBytes + (end - start));
        carry = [];
        carryBytes = 0;
        yield { kind: 'line', number, text: text(whole, 0, whole.length), terminated: true };
      }
      start = end + 1;
    }
    if (start < chunk.length) {
      const rest = chunk.length - start;
      if (skipping) {
        skippedBytes += rest;
      } else if (carryBytes + rest > max) {
        // Keep only the head of a line that is too large; skip the rest to its line feed.
        carry.push(chunk.subarray(start));
        head = headOf(carry);
        skippedBytes = carryBytes + rest;
        carry = [];
        carryBytes = 0;
        skipping = true;
      } else {
        // Copy: the chunk's buffer may be reused by the stream after we return.
        carry.push(Buffer.from(chunk.subarray(start)));
        carryBytes += rest;
      }
    }
  }

  if (skipping) {
    number++;
    yield { kind: 'too_large', number, bytes: skippedBytes, head };
  } else if (carryBytes > 0) {
    number++;
    const whole = Buffer.concat(carry, carryBytes);
    yield { kind: 'line', number, text: text(whole, 0, whole.length), terminated: false };
  }
}

function headOf(pieces: Buffer[]): string {
  const taken: Buffer[] = [];
  let bytes = 0;
  for (const piece of pieces) {
    if (bytes >= HEAD_BYTES) break;
    const part = piece.subarray(0, HEAD_BYTES - bytes);
    taken.push(part);
    bytes += part.length;
  }
  return Buffer.concat(taken, bytes).toString('utf8');
}
