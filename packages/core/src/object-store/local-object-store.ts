import { open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { ObjectStoreError } from '../errors.js';
import type { ObjectInfo, ObjectStore, ObjectStoreCallOptions } from './object-store.js';

function assertSafeKey(key: string): void {
  if (key.includes('\0') || key.split('/').some((part) => part === '..') || path.isAbsolute(key)) {
    throw new ObjectStoreError(`refusing object key outside the store: ${JSON.stringify(key)}`);
  }
}

/**
 * An {@link ObjectStore} over a local folder whose layout mirrors S3 keys:
 * key `apollo/datapulls/20261120T053000Z/by_city/Chennai.json` is that path
 * under `rootDir`. Buckets are ignored. The embedded default of the CLI and
 * the demo; handy in tests.
 *
 * ### Examples
 * ```ts
 * import { createLocalObjectStore } from '@provider-data/core';
 *
 * const store = createLocalObjectStore('./pulls');
 * for await (const object of store.list('apollo/datapulls/')) console.log(object.key, object.size);
 * ```
 */
export function createLocalObjectStore(rootDir: string): ObjectStore {
  const root = path.resolve(rootDir);

  async function* walk(dir: string): AsyncGenerator<string> {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw new ObjectStoreError(`could not list ${path.relative(root, dir) || '.'}`, { cause: error });
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) yield* walk(full);
      else if (entry.isFile()) yield full;
    }
  }

  return {
    name: `local:${rootDir}`,
    async *list(prefix: string, _options?: ObjectStoreCallOptions): AsyncIterable<ObjectInfo> {
      assertSafeKey(prefix);
      // Walk from the deepest folder the prefix names, then filter by the full prefix.
      const folder = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
      const keys: ObjectInfo[] = [];
      for await (const file of walk(path.join(root, folder))) {
        const key = path.relative(root, file).split(path.sep).join('/');
        if (!key.startsWith(prefix)) continue;
        keys.push({ key, size: (await stat(file)).size });
      }
      // S3 lists in UTF-8 byte order; so does this.
      keys.sort((a, b) => Buffer.compare(Buffer.from(a.key), Buffer.from(b.key)));
      yield* keys;
    },
    async open(key: string, _options?: ObjectStoreCallOptions): Promise<Readable> {
      assertSafeKey(key);
      try {
        const handle = await open(path.join(root, key), 'r');
        return handle.createReadStream();
      } catch (error) {
        throw new ObjectStoreError(
          `could not open ${key}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
          {
            cause: error,
          },
        );
      }
    },
  };
}
