/**
 * The scanner behind {@link readJsonDocument}: it follows one document's
 * text chunk by chunk (strings, escapes, brackets, the document's own commas,
 * colons and keys), finds where each element of a named array begins and
 * ends, and hands the element's text to the native `JSON.parse`.
 */
import { FileDataError } from '../errors.js';
import type { SourceItem } from '../source/source.js';
import type { RecordKind } from './record-kind.js';
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const QUOTE = 0x22;
const COMMA = 0x2c;
const COLON = 0x3a;
const LBRACKET = 0x5b;
const BACKSLASH = 0x5c;
const RBRACKET = 0x5d;
const LBRACE = 0x7b;
const RBRACE = 0x7d;

function isSpace(c: number): boolean {
  return c === SPACE || c === LF || c === CR || c === TAB;
}

/**
 * The characters JSON allows outside strings: white space, punctuation, and
 * those of numbers, `true`, `false` and `null`. Any other one there (an HTML
 * error page appended to a cut file, binary garbage) breaks the document at
 * once, rather than reading on to the end and calling it cut off.
 */
const OUTSIDE_STRINGS = (() => {
  const table = new Uint8Array(128);
  for (const c of ' \t\n\r{}[],:"-+.0123456789eEtrufalsn') table[c.charCodeAt(0)] = 1;
  return table;
})();

function allowedOutsideStrings(c: number): boolean {
  return c < 128 && OUTSIDE_STRINGS[c] === 1;
}

/** Characters that end a number, `true`, `false` or `null`. */
function endsScalar(c: number): boolean {
  return c === COMMA || c === RBRACE || c === RBRACKET || isSpace(c);
}

/** Where the scanner is in the document's own structure (outside any value it scans whole). */
type Place =
  | 'start' // before the root `{`
  | 'firstKey' // after `{`: a key or `}`
  | 'key' // after `,` in the root: a key
  | 'colon' // after a key
  | 'value' // after `:`: the key's value
  | 'afterValue' // `,` or `}`
  | 'firstElement' // after a record array's `[`: an element or `]`
  | 'element' // after `,` in a record array
  | 'afterElement' // `,` or `]`
  | 'done'; // after the root's `}`: only white space

/** A value being scanned whole: a key, a record array's element, or another key's value (skipped). */
interface OpenValue {
  role: 'key' | 'element' | 'skip';
  shape: 'string' | 'container' | 'scalar';
  /** Open brackets (containers). */
  depth: number;
  inString: boolean;
  /** The last character was a backslash inside a string. */
  escaped: boolean;
  /** Text of the value from earlier chunks (dropped once it passes the limit). */
  parts: string[];
  chars: number;
  tooLarge: boolean;
  /** Offset of its first character in the document, for messages. */
  at: number;
}

/** The scanner over one document's text, fed chunk by chunk; records come out of {@link drain}. */
export class DocumentScanner {
  private place: Place = 'start';
  private sawText = false;
  /** Characters of the document before the current chunk. */
  private base = 0;
  private key = '';
  private array: ({ name: string } & RecordKind) | null = null;
  private readonly counters = new Map<string, number>();
  private open: OpenValue | null = null;
  /** Where the open value starts in the current chunk (0 when it began in an earlier one). */
  private valueStart = 0;
  private out: SourceItem[] = [];

  constructor(
    private readonly arrays: Readonly<Record<string, RecordKind>>,
    private readonly maxChars: number,
  ) {}

  drain(): SourceItem[] {
    const out = this.out;
    this.out = [];
    return out;
  }

  feed(text: string): void {
    let i = 0;
    const n = text.length;
    for (;;) {
      const value = this.open;
      // An open value is scanned even at the end of the chunk, so that one
      // opened by the chunk's last character keeps that character.
      if (value !== null) {
        const start = this.valueStart;
        i = this.scanValue(value, text, i);
        if (i < 0) {
          this.keep(value, text.slice(start));
          // It goes on from the first character of the next chunk.
          this.valueStart = 0;
          break;
        }
        this.close(value, text.slice(start, i));
        continue;
      }
      if (i >= n) break;
      const c = text.charCodeAt(i);
      if (isSpace(c)) {
        i++;
        continue;
      }
      this.sawText = true;
      i = this.structure(c, text, i);
    }
    this.base += n;
  }

  end(): void {
    if (!this.sawText) throw new FileDataError('empty_file', 'the file is empty');
    if (this.place === 'done' && this.open === null) return;
    const where = this.array ? ` in "${this.array.name}"` : '';
    throw new FileDataError('truncated_file', `the file ends part way through${where}`);
  }

  /** One character of the document's own structure at `i`; returns where to go on. */
  private structure(c: number, text: string, i: number): number {
    switch (this.place) {
      case 'start':
        if (c !== LBRACE) throw new FileDataError('invalid_json', 'the file must be one JSON object');
        this.place = 'firstKey';
        return i + 1;
      case 'firstKey':
      case 'firstElement': {
        // An empty root or record array closes at once.
        const inRoot = this.place === 'firstKey';
        if (c === (inRoot ? RBRACE : RBRACKET)) return this.closeContainer(i);
        return this.begin(inRoot ? 'key' : 'element', c, text, i);
      }
      case 'key':
        return this.begin('key', c, text, i);
      case 'element':
        return this.begin('element', c, text, i);
      case 'colon':
        if (c !== COLON) throw this.unexpected(text, i, 'a colon after the key');
        this.place = 'value';
        return i + 1;
      case 'value': {
        const target = Object.hasOwn(this.arrays, this.key) ? this.arrays[this.key] : undefined;
        if (target && c === LBRACKET) {
          this.array = { name: this.key, ...target };
          this.place = 'firstElement';
          return i + 1;
        }
        if (target) {
          this.out.push({
            kind: 'issue',
            type: target.type,
            entity: target.entity,
            position: this.key,
            reason: 'invalid_value',
            message: `"${this.key}" must be an array of ${target.type} objects`,
            text: null,
          });
        }
        return this.begin('skip', c, text, i);
      }
      case 'afterValue':
      case 'afterElement': {
        const inRoot = this.place === 'afterValue';
        if (c === COMMA) {
          this.place = inRoot ? 'key' : 'element';
          return i + 1;
        }
        if (c === (inRoot ? RBRACE : RBRACKET)) return this.closeContainer(i);
        throw this.unexpected(text, i, `a comma or the end of the ${inRoot ? 'object' : 'array'}`);
      }
      case 'done':
        throw this.unexpected(text, i, 'nothing after the JSON object');
    }
  }

  /** The root object or the record array closes at `i`. */
  private closeContainer(i: number): number {
    if (this.place === 'firstKey' || this.place === 'afterValue') this.place = 'done';
    else {
      this.array = null;
      this.place = 'afterValue';
    }
    return i + 1;
  }

  /** Opens a value whose first character `c` is at `i`. */
  private begin(role: OpenValue['role'], c: number, text: string, i: number): number {
    let shape: OpenValue['shape'];
    if (c === QUOTE) shape = 'string';
    else if (role === 'key') throw this.unexpected(text, i, 'a key in double quotes');
    else if (c === LBRACE || c === LBRACKET) shape = 'container';
    else if (c === COMMA || c === COLON || c === RBRACE || c === RBRACKET)
      throw this.unexpected(text, i, 'a value');
    else shape = 'scalar';
    this.open = {
      role,
      shape,
      depth: shape === 'container' ? 1 : 0,
      inString: shape === 'string',
      escaped: false,
      parts: [],
      chars: 0,
      tooLarge: false,
      at: this.base + i,
    };
    this.valueStart = i;
    // A scalar's first character is scanned with the rest (it may be its last).
    return shape === 'scalar' ? i : i + 1;
  }

  /**
   * Scans the open value from `i`; returns the index after its last
   * character, or -1 when it goes on past the end of `text`.
   */
  private scanValue(value: OpenValue, text: string, i: number): number {
    const n = text.length;
    if (value.shape === 'scalar') {
      for (; i < n; i++) {
        const c = text.charCodeAt(i);
        if (endsScalar(c)) return i;
        if (!allowedOutsideStrings(c)) throw this.unexpected(text, i, 'a number, true, false or null');
      }
      return -1;
    }
    let { depth, inString, escaped } = value;
    while (i < n) {
      if (inString) {
        if (escaped) {
          escaped = false;
          i++;
          continue;
        }
        const quote = text.indexOf('"', i);
        if (quote < 0) {
          // The string goes on into the next chunk: does this one end in an escape?
          let k = n - 1;
          while (k >= i && text.charCodeAt(k) === BACKSLASH) k--;
          escaped = (n - 1 - k) % 2 === 1;
          i = n;
          break;
        }
        // A quote after an odd run of backslashes is part of the string.
        let k = quote - 1;
        while (k >= i && text.charCodeAt(k) === BACKSLASH) k--;
        i = quote + 1;
        if ((quote - 1 - k) % 2 === 0) {
          inString = false;
          if (depth === 0) {
            value.inString = false;
            return i;
          }
        }
        continue;
      }
      const c = text.charCodeAt(i++);
      if (c === QUOTE) inString = true;
      else if (c === LBRACE || c === LBRACKET) depth++;
      else if (c === RBRACE || c === RBRACKET) {
        if (--depth === 0) return i;
      } else if (!allowedOutsideStrings(c)) throw this.unexpected(text, i - 1, 'JSON');
    }
    value.depth = depth;
    value.inString = inString;
    value.escaped = escaped;
    return -1;
  }

  /** Keeps the part of the open value that this chunk holds, until it passes the limit. */
  private keep(value: OpenValue, piece: string): void {
    value.chars += piece.length;
    if (value.tooLarge) return;
    if (value.role !== 'key' && value.chars > this.maxChars) {
      value.tooLarge = true;
      value.parts = [];
      return;
    }
    value.parts.push(piece);
  }

  /** The open value is complete; `last` is its text in the current chunk. */
  private close(value: OpenValue, last: string): void {
    this.open = null;
    const tooLarge = value.tooLarge || (value.role !== 'key' && value.chars + last.length > this.maxChars);
    const text = tooLarge || value.parts.length === 0 ? last : value.parts.join('') + last;
    if (value.role === 'key') {
      this.key = this.parse(text, value) as string;
      this.place = 'colon';
      return;
    }
    if (value.role === 'skip') {
      // Another key's value: checked when not too long to hold, then dropped.
      if (!tooLarge) this.parse(text, value);
      this.place = 'afterValue';
      return;
    }
    const array = this.array!;
    const index = this.counters.get(array.name) ?? 0;
    this.counters.set(array.name, index + 1);
    const position = `${array.name}[${index}]`;
    this.place = 'afterElement';
    if (tooLarge) {
      this.out.push({
        kind: 'issue',
        type: array.type,
        entity: array.entity,
        position,
        reason: 'record_too_large',
        message: `the ${array.type} record is larger than ${this.maxChars} characters`,
        text: null,
      });
      return;
    }
    const parsed = this.parse(text, value);
    this.out.push({ kind: 'record', type: array.type, entity: array.entity, position, value: parsed });
  }

  private parse(text: string, value: OpenValue): unknown {
    try {
      return JSON.parse(text);
    } catch (error) {
      const what = value.role === 'element' ? `the element of "${this.array!.name}"` : 'the value';
      throw new FileDataError(
        'invalid_json',
        `not valid JSON: ${what} at character ${value.at}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  private unexpected(text: string, i: number, expected: string): FileDataError {
    const found = JSON.stringify(text.slice(i, i + 12));
    return new FileDataError(
      'invalid_json',
      `not valid JSON: expected ${expected} at character ${this.base + i}, found ${found}`,
    );
  }
}
