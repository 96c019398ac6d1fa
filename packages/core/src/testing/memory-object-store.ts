import { Readable } from 'node:stream';
import { ObjectStoreError } from '../errors.js';
import type { ObjectInfo, ObjectStore } from '../object-store/object-store.js';

/** An {@link ObjectStore} in memory, with `put` to fill it. */
export interface MemoryObjectStore extends ObjectStore {
  put(key: string, body: string | Uint8Array | AsyncIterable<Uint8Array | string>): Promise<void>;
  delete(key: string): void;
  readonly objects: Map<string, Buffer>;
}

/**
 * Creates an in-memory object store, for plugin tests that need no S3.
 *
 * ### Examples
 * ```ts
 * import { createMemoryObjectStore } from '@provider-data/core/testing';
 *
 * const store = createMemoryObjectStore({ 'acme/datapulls/20261120T053000Z/by_city/Pune.ndjson': '{"id":"1"}\n' });
 * await store.put('acme/datapulls/20261120T053000Z/by_city/Goa.ndjson', '{"id":"2"}\n');
 * ```
 */
export function createMemoryObjectStore(
  initial: Record<string, string | Uint8Array> = {},
): MemoryObjectStore {
  const objects = new Map<string, Buffer>();
  for (const [key, body] of Object.entries(initial)) objects.set(key, Buffer.from(body));
  return {
    name: 'memory',
    objects,
    async put(key, body) {
      if (typeof body === 'string' || body instanceof Uint8Array) {
        objects.set(key, Buffer.from(body));
        return;
      }
      const chunks: Buffer[] = [];
      for await (const chunk of body) chunks.push(Buffer.from(chunk));
      objects.set(key, Buffer.concat(chunks));
    },
    delete(key) {
      objects.delete(key);
    },
    async *list(prefix): AsyncIterable<ObjectInfo> {
      const keys = [...objects.keys()].filter((k) => k.startsWith(prefix));
      keys.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
      for (const key of keys) yield { key, size: objects.get(key)!.length };
    },
    async open(key) {
      const body = objects.get(key);
      if (!body) throw new ObjectStoreError(`no object ${key}`, { objectKey: key });
      // Chunks of 64 KiB, as a network body would arrive.
      return Readable.from(
        (function* () {
          for (let i = 0; i < body.length; i += 65536) yield body.subarray(i, i + 65536);
        })(),
      );
    },
  };
}
