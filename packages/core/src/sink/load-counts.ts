import { QuarantineReason } from '../model/quarantine.js';
import { addCount, type FileResult } from '../pipeline/summary.js';
import type { FileLoadCounts, LoadCounts } from './sink.js';

/**
 * Fills a file's result with what its commit did: each entity's inserted,
 * updated, unchanged and superseded counts, and the records the sink
 * quarantined itself (`unencodable`, added to `quarantined` and to
 * `quarantineByReason.unencodable_record`), and which columns its updates
 * changed (`changedFields`, when the sink counts them). The one place where the sink's
 * counts meet the pipeline's, for the result the pipeline returns and for the
 * checkpoint a sink stores.
 *
 * ### Examples
 * ```ts
 * import { applyLoadCounts, type FileLoadCounts, type FileResult } from '@provider-data/core';
 *
 * declare const result: FileResult;
 * declare const counts: FileLoadCounts;
 * applyLoadCounts(result, counts);
 * console.log(result.entities.practitioner.inserted);
 * ```
 */
export function applyLoadCounts(result: FileResult, counts: FileLoadCounts): FileResult {
  for (const entity of ['practitioner', 'practice', 'provider'] as const) {
    const load = counts[entity];
    if (!load) continue;
    const into = result.entities[entity];
    into.inserted = load.inserted;
    into.updated = load.updated;
    into.unchanged = load.unchanged;
    into.superseded = load.superseded;
    const unencodable = load.unencodable ?? 0;
    if (unencodable > 0) {
      into.quarantined += unencodable;
      addCount(result.quarantineByReason, QuarantineReason.unencodableRecord, unencodable);
    }
  }
  if (counts.changedFields) result.changedFields = structuredClone(counts.changedFields);
  return result;
}

/**
 * An entity's load counts with the records the sink could not encode
 * (`unencodable`), named only when there are some.
 *
 * ### Examples
 * ```ts
 * import { withUnencodable } from '@provider-data/core';
 *
 * withUnencodable({ inserted: 3, updated: 0, unchanged: 0, superseded: 0 }, 1).unencodable; // 1
 * ```
 */
export function withUnencodable(counts: LoadCounts, unencodable: number): LoadCounts {
  return unencodable > 0 ? { ...counts, unencodable } : counts;
}
