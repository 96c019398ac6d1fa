/** One physical line of a text file, as a {@link LineSplitter} gives it. */
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

const LF = 0x0a;
const CR = 0x0d;
/** How much of a line that is too large to keep goes into the quarantine row. */
const HEAD_BYTES = 1024;

/**
 * Splits a byte stream into lines at LF, dropping a CR before it and a UTF-8
 * byte-order mark at the start. Unlike `node:readline` it says whether the last
 * line ended with a line feed (a cut-off export does not), and it never holds
 * more than `maxLineBytes` of one line: a longer line is skipped to its end and
 * given as `too_large`. Splitting at the LF byte is safe in UTF-8, where no
 * multi-byte character contains it.
 *
 * Synchronous on purpose: the caller iterates the chunks, and every line costs
 * no promise of its own (an async generator per line cost more than the JSON
 * parse).
 */
export class LineSplitter {
  private number = 0;
  /** The start of the current line when it spans chunks. */
  private carry: Buffer[] = [];
  private carryBytes = 0;
  /** While a line is too large: its byte count so far and its first bytes. */
  private skipping = false;
  private skippedBytes = 0;
  private head = '';
  private first = true;

  constructor(private readonly maxLineBytes: number) {}

  /** The complete lines of one more chunk; the unfinished end is kept for the next. */
  *push(raw: Uint8Array | string): Generator<NdjsonLine> {
    const chunk =
      typeof raw === 'string' ? Buffer.from(raw, 'utf8') : Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
    const max = this.maxLineBytes;
    let start = 0;
    for (;;) {
      const end = chunk.indexOf(LF, start);
      if (end === -1) break;
      const number = ++this.number;
      const length = end - start;
      if (this.skipping) {
        this.skipping = false;
        this.first = false;
        yield { kind: 'too_large', number, bytes: this.skippedBytes + length, head: this.head };
      } else if (this.carryBytes + length > max) {
        this.carry.push(chunk.subarray(start, end));
        yield { kind: 'too_large', number, bytes: this.carryBytes + length, head: headOf(this.carry) };
        this.carry = [];
        this.carryBytes = 0;
        this.first = false;
      } else if (this.carryBytes === 0) {
        yield { kind: 'line', number, text: this.text(chunk, start, end), terminated: true };
      } else {
        this.carry.push(chunk.subarray(start, end));
        const whole = Buffer.concat(this.carry, this.carryBytes + length);
        this.carry = [];
        this.carryBytes = 0;
        yield { kind: 'line', number, text: this.text(whole, 0, whole.length), terminated: true };
      }
      start = end + 1;
    }
    if (start < chunk.length) {
      const rest = chunk.length - start;
      if (this.skipping) {
        this.skippedBytes += rest;
      } else if (this.carryBytes + rest > max) {
        // Keep only the head of a line that is too large; skip the rest to its line feed.
        this.carry.push(chunk.subarray(start));
        this.head = headOf(this.carry);
        this.skippedBytes = this.carryBytes + rest;
        this.carry = [];
        this.carryBytes = 0;
        this.skipping = true;
      } else {
        // A copy, so that the rest of the chunk is not kept alive with it.
        this.carry.push(Buffer.from(chunk.subarray(start)));
        this.carryBytes += rest;
      }
    }
  }

  /** The last line, when the file did not end with a line feed. */
  *end(): Generator<NdjsonLine> {
    if (this.skipping) {
      this.skipping = false;
      yield { kind: 'too_large', number: ++this.number, bytes: this.skippedBytes, head: this.head };
    } else if (this.carryBytes > 0) {
      const whole = Buffer.concat(this.carry, this.carryBytes);
      this.carry = [];
      this.carryBytes = 0;
      yield {
        kind: 'line',
        number: ++this.number,
        text: this.text(whole, 0, whole.length),
        terminated: false,
      };
    }
  }

  /** The number of the last line given. */
  get lines(): number {
    return this.number;
  }

  private text(buffer: Buffer, start: number, end: number): string {
    if (end > start && buffer[end - 1] === CR) end--;
    let value = buffer.toString('utf8', start, end);
    if (this.first) {
      this.first = false;
      if (value.charCodeAt(0) === 0xfeff) value = value.slice(1);
    }
    return value;
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
