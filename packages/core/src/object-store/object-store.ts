import type { Readable } from 'node:stream';

/** One object of a listing. */
export interface ObjectInfo {
  key: string;
  size: number;
  /**
   * The store's tag of the object's bytes (S3's ETag), when it has one: two
   * objects with the same tag hold the same bytes. A store that cannot say
   * leaves it out.
   */
  etag?: string;
}

/** Options of every {@link ObjectStore} call. */
export interface ObjectStoreCallOptions {
  /** The bucket; the store's default when absent or null. A local directory store ignores it. */
  bucket?: string | null;
  signal?: AbortSignal;
}

/**
 * The narrow view of S3 that sources read through: list keys under a prefix,
 * open one object as a stream. Implementations: {@link createS3ObjectStore}
 * (any S3-compatible server) and {@link createLocalObjectStore} (a folder that
 * mirrors the key layout).
 *
 * Listing yields every key under the prefix in lexicographic order, across
 * pages. `open` resolves to a stream of the object's bytes and never buffers
 * the whole object; errors while listing or opening are `ObjectStoreError`s.
 */
export interface ObjectStore {
  readonly name: string;
  list(prefix: string, options?: ObjectStoreCallOptions): AsyncIterable<ObjectInfo>;
  open(key: string, options?: ObjectStoreCallOptions): Promise<Readable>;
}
