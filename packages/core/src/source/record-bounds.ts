import { ConfigError } from '../errors.js';
import { QuarantineReason } from '../model/quarantine.js';

/**
 * Limits on the shape of one raw record, checked before any stage reads it,
 * so that no transformer, hash or encoder meets a value that can overflow
 * its stack or take more than linear time.
 */
export interface RecordLimits {
  /** Deepest nesting of arrays and objects; the record itself is depth 1. */
  maxDepth: number;
  /** Longest string value or object key, in UTF-16 code units. */
  maxStringLength: number;
  /** Most items in one array. */
  maxListLength: number;
  /** Largest record: the length of its JSON text, estimated while walking it (escapes not counted). */
  maxRecordSize: number;
}

/**
 * The limits every pull gets unless told otherwise: depth 64, strings of
 * 4 Mi characters (twice the 140,000-item lists seen in real exports),
 * arrays of 100,000 items, records of 16 Mi characters of JSON. A doctor
 * record of a real pull is about 1 KB, nests 3 deep and lists a few items.
 *
 * ### Examples
 * ```ts
 * import { DEFAULT_RECORD_LIMITS, runPull } from '@provider-data/core';
 *
 * const recordLimits = { ...DEFAULT_RECORD_LIMITS, maxStringLength: 65_536 };
 * ```
 */
export const DEFAULT_RECORD_LIMITS: Readonly<RecordLimits> = Object.freeze({
  maxDepth: 64,
  maxStringLength: 4 * 1024 * 1024,
  maxListLength: 100_000,
  maxRecordSize: 16 * 1024 * 1024,
});

/** Why a record is out of bounds: one of the four reasons, and where. */
export interface RecordBoundsViolation {
  reason:
    | typeof QuarantineReason.recordTooDeep
    | typeof QuarantineReason.stringTooLong
    | typeof QuarantineReason.listTooLong
    | typeof QuarantineReason.recordTooLarge;
  /** For people: the limit, and the top-level field that passed it when there is one. */
  message: string;
}

/**
 * The limits of {@link DEFAULT_RECORD_LIMITS} with `overrides` applied;
 * rejects a {@link ConfigError} for a limit that is not a positive integer.
 *
 * ### Examples
 * ```ts
 * import { resolveRecordLimits } from '@provider-data/core';
 *
 * resolveRecordLimits({ maxDepth: 16 }).maxListLength; // 100000
 * ```
 */
export function resolveRecordLimits(overrides: Partial<RecordLimits> = {}): RecordLimits {
  const limits = { ...DEFAULT_RECORD_LIMITS, ...overrides };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isSafeInteger(value) || value < 1)
      throw new ConfigError(`record limit ${name} must be a positive integer, got ${String(value)}`);
  }
  return limits;
}

type Kind = RecordBoundsViolation['reason'];

// Reused between calls (the walk is synchronous): no allocation per record.
const containers: object[] = [];
const depths: number[] = [];

/**
 * Walks `value` without recursion and returns the first limit it passes, or
 * null. One visit per value: strings and numbers are checked where they
 * stand, only arrays and objects are stacked (a closure or a frame per value
 * measured twice the cost). The walk stops at the first limit passed, so a
 * hostile record costs no more than the limit.
 */
function firstViolation(value: unknown, limits: RecordLimits, startDepth: number): Kind | null {
  if (typeof value !== 'object' || value === null) {
    return typeof value === 'string' && value.length > limits.maxStringLength
      ? QuarantineReason.stringTooLong
      : null;
  }
  const { maxDepth, maxStringLength, maxListLength, maxRecordSize } = limits;
  let size = 0;
  let found: Kind | null = null;
  containers.push(value);
  depths.push(startDepth);
  while (found === null && containers.length > 0) {
    const current = containers.pop() as object;
    const depth = depths.pop() as number;
    if (depth > maxDepth) {
      found = QuarantineReason.recordTooDeep;
      break;
    }
    size += 2;
    if (Array.isArray(current)) {
      if (current.length > maxListLength) {
        found = QuarantineReason.listTooLong;
        break;
      }
      for (let i = 0; i < current.length; i++) {
        const child: unknown = current[i];
        if (typeof child === 'string') {
          if (child.length > maxStringLength) found = QuarantineReason.stringTooLong;
          size += child.length + 3;
        } else if (typeof child === 'object' && child !== null) {
          containers.push(child);
          depths.push(depth + 1);
        } else size += 6;
      }
    } else {
      for (const key in current) {
        const child: unknown = (current as Record<string, unknown>)[key];
        if (key.length > maxStringLength) found = QuarantineReason.stringTooLong;
        size += key.length + 4;
        if (typeof child === 'string') {
          if (child.length > maxStringLength) found = QuarantineReason.stringTooLong;
          size += child.length + 3;
        } else if (typeof child === 'object' && child !== null) {
          containers.push(child);
          depths.push(depth + 1);
        } else size += 6;
      }
    }
    if (found === null && size > maxRecordSize) found = QuarantineReason.recordTooLarge;
  }
  containers.length = 0;
  depths.length = 0;
  return found;
}

const LIMIT_OF: Record<Kind, (limits: RecordLimits) => string> = {
  record_too_deep: (l) => `nests arrays or objects deeper than ${l.maxDepth} levels`,
  string_too_long: (l) => `holds a string longer than ${l.maxStringLength.toLocaleString('en')} characters`,
  list_too_long: (l) => `holds a list of more than ${l.maxListLength.toLocaleString('en')} items`,
  record_too_large: (l) => `is larger than ${l.maxRecordSize.toLocaleString('en')} characters of JSON`,
};

/** The top-level field under which the violation lies: a second walk, only for a record out of bounds. */
function fieldOf(value: unknown, kind: Kind, limits: RecordLimits): string | undefined {
  if (kind === QuarantineReason.recordTooLarge || typeof value !== 'object' || value === null) return;
  const entries = Array.isArray(value) ? value.map((v, i) => [`[${i}]`, v] as const) : Object.entries(value);
  for (const [key, child] of entries) {
    if (key.length > limits.maxStringLength) return 'a field name';
    const single = { ...limits, maxRecordSize: Number.MAX_SAFE_INTEGER };
    if (firstViolation(child, single, 2) === kind) return key;
  }
  return undefined;
}

/**
 * Checks one raw record against {@link RecordLimits} (the defaults of
 * {@link DEFAULT_RECORD_LIMITS}, or `limits`) and returns the first one it
 * passes, or null. Iterative: a record nested 5,000 arrays deep costs a walk
 * of 65 levels, never a stack overflow. The pipeline calls it on every
 * record before the transformer; a source may call it too.
 *
 * ### Examples
 * ```ts
 * import { checkRecordBounds } from '@provider-data/core';
 *
 * const deep = JSON.parse(`{"doctor_code":"FD-1","extra":${'['.repeat(5000)}${']'.repeat(5000)}}`);
 * checkRecordBounds(deep)?.reason; // 'record_too_deep'
 * checkRecordBounds({ doctor_code: 'FD-1' }); // null
 * ```
 */
export function checkRecordBounds(
  value: unknown,
  limits: RecordLimits = DEFAULT_RECORD_LIMITS,
): RecordBoundsViolation | null {
  const kind = firstViolation(value, limits, 1);
  if (kind === null) return null;
  const field = fieldOf(value, kind, limits);
  const where = field === undefined ? 'the record' : `field ${JSON.stringify(field)}`;
  return { reason: kind, message: `${where} ${LIMIT_OF[kind](limits)}` };
}
