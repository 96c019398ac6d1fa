import type { Readable } from 'node:stream';
import { jsonParser, type Token, type TokenSource } from 'stream-json/parser.js';
import { FileDataError } from '../errors.js';
import type { SourceItem } from '../source/source.js';
import { requireUtf8 } from '../source/text-encoding.js';
import type { RecordKind } from './record-kind.js';

/** stream-chain's "no value" marker: passing it to the parser flushes it (end of input). */
const END_OF_INPUT = Symbol.for('object-stream.none') as unknown as string;
const SLICE_CHARS = 65536;
const PARSER_OPTIONS = { packValues: true, streamValues: false } as const;

/** Options of {@link readJsonDocument}. */
export interface JsonDocumentOptions {
  /**
   * The top-level keys whose arrays hold records, and what each element is:
   * `{ hospitals: { type: 'hospital', entity: 'practice' } }`. Other keys are skipped.
   */
  arrays: Readonly<Record<string, RecordKind>>;
  /** A record whose text passes this many characters is skipped as `record_too_large`. Default 16 Mi. */
  maxRecordChars?: number;
}

type ResolvedOptions = Required<JsonDocumentOptions>;

/** Where a parse broke in the middle of the input (not at its end). Internal to the reader. */
class ParseBreak extends Error {
  constructor(
    readonly sliceStart: number,
    override readonly cause: unknown,
  ) {
    super('parse break');
  }
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
 * {@link FileDataError} after every record completed before the break has
 * been yielded; one in UTF-16 or UTF-32 throws `unsupported_encoding` before
 * any record. stream-json's tokenizer drops the tokens of the text slice it
 * fails in, so on a break in the middle of the file the object is read again
 * and that one slice is fed character by character to find the records that
 * completed just before it. Only broken files pay for the second read.
 */
export async function* readJsonDocument(
  open: () => Promise<Readable>,
  options: JsonDocumentOptions,
): AsyncGenerator<SourceItem> {
  const resolved: ResolvedOptions = { maxRecordChars: 16 * 1024 * 1024, ...options };
  let yielded = 0;
  try {
    for await (const item of readPass(await open(), resolved, 0, Number.POSITIVE_INFINITY)) {
      yielded++;
      yield item;
    }
    return;
  } catch (error) {
    if (!(error instanceof ParseBreak)) throw error;
    const first = error;
    try {
      for await (const item of readPass(await open(), resolved, yielded, first.sliceStart)) yield item;
    } catch (second) {
      if (!(second instanceof ParseBreak)) throw second;
    }
    throw new FileDataError('invalid_json', `not valid JSON: ${messageOf(first.cause)}`);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * One pass over the bytes. Items at indexes below `skip` were yielded by an
 * earlier pass and are not yielded again. Text from char offset `fineFrom` on
 * is fed one character at a time, so that a break loses no token before it.
 */
async function* readPass(
  body: Readable,
  options: ResolvedOptions,
  skip: number,
  fineFrom: number,
): AsyncGenerator<SourceItem> {
  const parse: TokenSource = jsonParser(PARSER_OPTIONS);
  const decoder = new TextDecoder('utf-8');
  const machine = new DocumentMachine(options.arrays, options.maxRecordChars);
  let offset = 0;
  let sawText = false;
  let index = 0;

  const feed = (text: string): void => {
    if (!sawText && /\S/.test(text)) sawText = true;
    if (offset + text.length <= fineFrom) {
      // Bounded slices bound what a break costs: the second pass re-feeds one slice char by char.
      if (text.length <= SLICE_CHARS) consume(text, offset);
      else
        for (let i = 0; i < text.length; i += SLICE_CHARS)
          consume(text.slice(i, i + SLICE_CHARS), offset + i);
    } else {
      const cut = Math.max(0, fineFrom - offset);
      if (cut > 0) consume(text.slice(0, cut), offset);
      for (let i = cut; i < text.length; i++) consume(text[i]!, offset + i);
    }
    offset += text.length;
  };
  const consume = (text: string, start: number): void => {
    let tokens: ReturnType<TokenSource>;
    try {
      tokens = parse(text);
    } catch (error) {
      throw new ParseBreak(start, error);
    }
    if (typeof tokens === 'object') machine.accept((tokens as unknown as { values: Token[] }).values);
  };

  const pending = function* (): Generator<SourceItem> {
    for (const item of machine.drain()) if (index++ >= skip) yield item;
  };

  try {
    for await (const chunk of requireUtf8<Uint8Array | string>(body)) {
      feed(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
      yield* pending();
    }
    feed(decoder.decode());
  } catch (error) {
    // Records completed before the break, in the slice fed char by char, are still good.
    if (error instanceof ParseBreak) yield* pending();
    body.destroy();
    throw error;
  }
  if (!sawText) throw new FileDataError('empty_file', 'the file is empty');
  try {
    const tokens = parse(END_OF_INPUT);
    if (typeof tokens === 'object') machine.accept((tokens as unknown as { values: Token[] }).values);
  } catch (error) {
    yield* pending();
    throw new FileDataError('truncated_file', `the file ends part way through: ${messageOf(error)}`);
  }
  yield* pending();
  machine.finish();
}

type Container = Record<string, unknown> | unknown[];

/**
 * The state machine over tokens: finds the record arrays at depth 1 and
 * assembles each element at depth 2 into a plain value.
 */
class DocumentMachine {
  private depth = 0;
  private rootSeen = false;
  private rootKey: string | null = null;
  /** The record array being read, or null. */
  private array: ({ name: string } & RecordKind) | null = null;
  private readonly counters = new Map<string, number>();
  /** Depth below which tokens are skipped (a skipped value), or -1. */
  private skipUntil = -1;
  /** Containers of the record being assembled; keys pending per container. */
  private stack: Container[] = [];
  private keys: (string | null)[] = [];
  private chars = 0;
  private tooLarge = false;
  private out: SourceItem[] = [];

  constructor(
    private readonly arrays: Readonly<Record<string, RecordKind>>,
    private readonly maxRecordChars: number,
  ) {}

  drain(): SourceItem[] {
    const out = this.out;
    this.out = [];
    return out;
  }

  finish(): void {
    if (!this.rootSeen) throw new FileDataError('invalid_json', 'the file holds no JSON object');
  }

  accept(tokens: readonly Token[]): void {
    for (const token of tokens) this.step(token);
  }

  private step(token: Token): void {
    const name = token.name;
    const opens = name === 'startObject' || name === 'startArray';
    const closes = name === 'endObject' || name === 'endArray';

    if (this.skipUntil >= 0) {
      if (opens) this.depth++;
      else if (closes) {
        this.depth--;
        if (this.depth === this.skipUntil) this.skipUntil = -1;
      }
      return;
    }

    if (this.depth === 0) {
      if (name !== 'startObject') {
        throw new FileDataError('invalid_json', 'the file must be one JSON object');
      }
      this.rootSeen = true;
      this.depth = 1;
      return;
    }

    if (this.depth === 1) {
      if (name === 'keyValue') {
        this.rootKey = token.value;
        return;
      }
      if (name === 'endObject') {
        this.depth = 0;
        return;
      }
      const target =
        this.rootKey !== null && Object.hasOwn(this.arrays, this.rootKey)
          ? this.arrays[this.rootKey]
          : undefined;
      if (target && name === 'startArray') {
        this.array = { name: this.rootKey!, ...target };
        this.depth = 2;
        return;
      }
      if (target) {
        this.out.push({
          kind: 'issue',
          type: target.type,
          entity: target.entity,
          position: this.rootKey!,
          reason: 'invalid_value',
          message: `"${this.rootKey}" must be an array of ${target.type} objects`,
          text: null,
        });
      }
      // meta, unknown keys and a non-array record key: skip the value.
      if (opens) {
        this.depth = 2;
        this.skipUntil = 1;
      }
      return;
    }

    // Depth 2 and below: inside a record array.
    if (this.stack.length === 0) {
      if (name === 'endArray') {
        this.array = null;
        this.depth = 1;
        return;
      }
      if (opens) {
        this.stack.push(name === 'startObject' ? {} : []);
        this.keys.push(null);
        this.chars = 2;
        this.tooLarge = false;
        this.depth++;
        return;
      }
      this.emit(scalarOf(token));
      return;
    }

    if (this.tooLarge) {
      if (opens) this.depth++;
      else if (closes && --this.depth === 2) this.stack = [];
      if (this.stack.length === 0) this.emitTooLarge();
      return;
    }

    if (name === 'keyValue') {
      this.keys[this.keys.length - 1] = token.value;
      this.chars += token.value.length + 4;
      return;
    }
    if (opens) {
      const child: Container = name === 'startObject' ? {} : [];
      this.add(child);
      this.stack.push(child);
      this.keys.push(null);
      this.depth++;
      this.chars += 2;
      return;
    }
    if (closes) {
      this.depth--;
      const done = this.stack.pop()!;
      this.keys.pop();
      if (this.stack.length === 0) this.emit(done);
      return;
    }
    const value = scalarOf(token);
    this.chars += typeof value === 'string' ? value.length + 3 : 6;
    this.add(value);
    if (this.chars > this.maxRecordChars) {
      this.tooLarge = true;
    }
  }

  private add(value: unknown): void {
    const top = this.stack[this.stack.length - 1]!;
    if (Array.isArray(top)) top.push(value);
    else top[this.keys[this.keys.length - 1] ?? ''] = value;
  }

  private nextPosition(): string {
    const array = this.array!;
    const index = this.counters.get(array.name) ?? 0;
    this.counters.set(array.name, index + 1);
    return `${array.name}[${index}]`;
  }

  private emit(value: unknown): void {
    const array = this.array!;
    this.out.push({
      kind: 'record',
      type: array.type,
      entity: array.entity,
      position: this.nextPosition(),
      value,
    });
  }

  private emitTooLarge(): void {
    const array = this.array!;
    this.out.push({
      kind: 'issue',
      type: array.type,
      entity: array.entity,
      position: this.nextPosition(),
      reason: 'record_too_large',
      message: `the ${array.type} record is larger than ${this.maxRecordChars} characters`,
      text: null,
    });
  }
}

function scalarOf(token: Token): unknown {
  switch (token.name) {
    case 'stringValue':
      return detach(token.value);
    case 'numberValue':
      return Number(token.value);
    case 'trueValue':
      return true;
    case 'falseValue':
      return false;
    default:
      return null;
  }
}

/**
 * A copy of `text` that does not share memory with the parser's buffer. V8
 * makes a substring of 13 characters or more a view of its parent string, so
 * one field value kept anywhere (a standardizer's memo, a batch) would keep
 * its whole 64 KiB slice of the file alive: measured, the live heap grew from
 * 142 MB to 499 MB over 2M doctors without this. Flattening a concatenation
 * copies the characters.
 */
function detach(text: string): string {
  return text.length < 13 ? text : ` ${text}`.slice(1);
}
