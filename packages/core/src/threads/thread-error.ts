import { PdmError } from '../errors.js';
import type { ThreadError } from './protocol.js';

/** The `Symbol.for` keys branded on `error` and its prototype chain (see `brandError`; a rebuilt error has them as its own). */
function brandsOf(error: object): string[] {
  const brands: string[] = [];
  for (let proto: object | null = error; proto && proto !== Object.prototype; ) {
    for (const symbol of Object.getOwnPropertySymbols(proto)) {
      const key = Symbol.keyFor(symbol);
      if (key && (proto as Record<symbol, unknown>)[symbol] === true) brands.push(key);
    }
    proto = Object.getPrototypeOf(proto);
  }
  return [...new Set(brands)];
}

/** `error` as it can cross to another thread. */
export function toThreadError(error: unknown): ThreadError {
  if (!(error instanceof Error) && !(typeof error === 'object' && error !== null && 'message' in error))
    return { name: 'Error', message: String(error), brands: [] };
  const e = error as Error & Partial<Pick<PdmError, 'code' | 'plugin' | 'stage' | 'objectKey'>>;
  return {
    name: e.name,
    message: e.message,
    stack: e.stack,
    code: e.code,
    plugin: e.plugin,
    stage: e.stage,
    objectKey: e.objectKey,
    brands: brandsOf(e),
  };
}

/**
 * The error rebuilt in this thread: a {@link PdmError} with the same code,
 * message, plugin, stage and file, which the static guards of its class
 * (`SinkError.is`, `LeaseLostError.is`, a plugin's own) recognize as before.
 */
export function fromThreadError(error: ThreadError): Error {
  const rebuilt: Error =
    error.code === undefined
      ? new Error(error.message)
      : Object.assign(Object.create(PdmError.prototype) as PdmError, {
          message: error.message,
          code: error.code,
          plugin: error.plugin,
          stage: error.stage,
          objectKey: error.objectKey,
        });
  rebuilt.name = error.name;
  if (error.stack) rebuilt.stack = error.stack;
  for (const brand of error.brands) Object.defineProperty(rebuilt, Symbol.for(brand), { value: true });
  return rebuilt;
}
