interface Frame {
  /** The array or the object's own keys being written. */
  items: readonly unknown[] | readonly string[];
  object: Record<string, unknown> | null;
  next: number;
}

function scalarJson(value: unknown): string | undefined {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value === null) return 'null';
  if (typeof value === 'bigint') return JSON.stringify(value.toString());
  if (value instanceof Date)
    return Number.isNaN(value.getTime()) ? 'null' : JSON.stringify(value.toISOString());
  return undefined;
}

/**
 * The JSON text of `value`, written without recursion and cut off after
 * `maxChars` characters: a record too deep for `JSON.stringify` (which
 * overflows the stack on 5,000 nested arrays) still gets its first
 * characters into a quarantine row. Cycles are written as `null`; a value
 * JSON has no form for (a function, a symbol) is skipped in an object and
 * `null` in an array, as `JSON.stringify` does. The text of a value cut off
 * is not valid JSON, and says so by ending in `…`.
 *
 * ### Examples
 * ```ts
 * import { boundedJson } from '@provider-data/core';
 *
 * boundedJson({ a: [1, 'x'] }); // '{"a":[1,"x"]}'
 * boundedJson(JSON.parse('['.repeat(5000) + ']'.repeat(5000)), 12); // '[[[[[[[[[[[[…'
 * ```
 */
export function boundedJson(value: unknown, maxChars = 65_536): string {
  let out = '';
  const stack: Frame[] = [];
  const open = new Set<object>();
  const write = (text: string): boolean => {
    out += text;
    return out.length <= maxChars;
  };
  // Writes one value; a container opens a frame instead.
  const begin = (item: unknown): boolean => {
    const scalar = scalarJson(item);
    if (scalar !== undefined) return write(scalar);
    if (typeof item !== 'object' || item === null || open.has(item)) return write('null');
    open.add(item);
    if (Array.isArray(item)) {
      stack.push({ items: item, object: null, next: 0 });
      return write('[');
    }
    const object = item as Record<string, unknown>;
    const keys = Object.keys(object).filter((k) => {
      const v = object[k];
      return v !== undefined && typeof v !== 'function' && typeof v !== 'symbol';
    });
    stack.push({ items: keys, object, next: 0 });
    return write('{');
  };

  let going = begin(value);
  while (going && stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.next === frame.items.length) {
      stack.pop();
      open.delete(frame.object ?? (frame.items as object));
      going = write(frame.object === null ? ']' : '}');
      continue;
    }
    const index = frame.next++;
    if (index > 0 && !write(',')) break;
    if (frame.object === null) {
      const item = frame.items[index];
      going = begin(typeof item === 'function' || typeof item === 'symbol' ? null : item);
    } else {
      const key = frame.items[index] as string;
      going = write(`${JSON.stringify(key)}:`) && begin(frame.object[key]);
    }
  }
  return out.length <= maxChars ? out : `${out.slice(0, maxChars)}…`;
}
