import type { Practice } from '../model/practice.js';
import type { DataPull } from '../pull/data-pull.js';
import type { Logger } from '../logger/logger.js';

/** What an enricher knows of the pull it works for. */
export interface EnrichContext {
  pull: DataPull;
  logger: Logger;
  signal?: AbortSignal;
}

/**
 * Adds outside knowledge to practices (coordinates, a Google place id).
 *
 * `enrich` returns the same practices in the same order, changed or not; it
 * never rejects for a practice it could not enrich (it marks it `failed`),
 * only for a programming error. `stats` reports what it did so far, for the
 * pull's summary.
 */
export interface Enricher {
  readonly name: string;
  enrich(practices: Practice[], context: EnrichContext): Promise<Practice[]>;
  stats?(): Record<string, number>;
}

/** One cached answer of an outside service. */
export interface CacheEntry {
  key: string;
  value: unknown;
  fetchedAt: Date;
}

/**
 * A key-value cache that enrichers keep their answers in, so that a second
 * pull of the same practices makes no outside call. The PostgreSQL package
 * keeps it in a table; the testing kit in memory.
 */
export interface EnrichmentCache {
  get(namespace: string, keys: readonly string[]): Promise<Map<string, CacheEntry>>;
  set(namespace: string, entries: readonly CacheEntry[]): Promise<void>;
}
