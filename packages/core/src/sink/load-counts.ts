import { QuarantineReason } from '../model/quarantine.js';
import { addCount, type CanonicalEntity, entityReconciles, type FileResult } from '../pipeline/summary.js';
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
    if (load) addLoadCounts(result, entity, load);
  }
  if (counts.changedFields) result.changedFields = structuredClone(counts.changedFields);
  if (counts.sharedRows) result.sharedRows = structuredClone(counts.sharedRows);
  return result;
}

/**
 * The checkpoint of a committed file: a copy of the `result` the pipeline
 * passed to `commit`, with the sink's load counts applied (see
 * {@link applyLoadCounts}). What a sink stores with the file's records, and
 * what the pipeline returns for the file.
 *
 * ### Examples
 * ```ts
 * import { committedFileResult, type FileLoadCounts, type FileResult } from '@provider-data/core';
 *
 * declare const result: FileResult;
 * declare const counts: FileLoadCounts;
 * const checkpoint = committedFileResult(result, counts);
 * console.log(checkpoint.entities.practice.unchanged);
 * ```
 */
export function committedFileResult(result: FileResult, counts: FileLoadCounts): FileResult {
  return applyLoadCounts(structuredClone(result), counts);
}

/**
 * Adds what a sink did with one entity's records to counts that already hold
 * what the pipeline read: `inserted`, `updated`, `unchanged` and `superseded`
 * are added; the records the sink quarantined itself, `load.unencodable`
 * (reason `unencodable_record`) and `sinkQuarantined` (its own reason), are
 * added to `quarantined` and to `quarantineByReason`. Used for a file's
 * commit ({@link applyLoadCounts}) and for the providers a pull's finish
 * resolved, so that a sink's counts meet the pipeline's in one way.
 *
 * ### Examples
 * ```ts
 * import { addLoadCounts, emptyEntities } from '@provider-data/core';
 *
 * const into = { entities: emptyEntities(), quarantineByReason: {} };
 * addLoadCounts(into, 'provider', { inserted: 2, updated: 0, unchanged: 1, superseded: 0 }, {
 *   reason: 'unknown_practice',
 *   count: 1,
 * });
 * console.log(into.entities.provider.quarantined); // 1
 * ```
 */
export function addLoadCounts(
  into: Pick<FileResult, 'entities' | 'quarantineByReason'>,
  entity: CanonicalEntity,
  load: LoadCounts,
  sinkQuarantined?: { reason: string; count: number },
): void {
  const counts = into.entities[entity];
  counts.inserted += load.inserted;
  counts.updated += load.updated;
  counts.unchanged += load.unchanged;
  counts.superseded += load.superseded;
  const quarantined: [string, number][] = [[QuarantineReason.unencodableRecord, load.unencodable ?? 0]];
  if (sinkQuarantined) quarantined.push([sinkQuarantined.reason, sinkQuarantined.count]);
  for (const [reason, n] of quarantined) {
    if (n <= 0) continue;
    counts.quarantined += n;
    addCount(into.quarantineByReason, reason, n);
  }
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

/** What a sink repeats for a byte-identical file, and what it must find to repeat it. */
export interface RepeatedFile {
  /** The file's result in the new pull: the earlier one's, every loaded record counted as unchanged. */
  result: FileResult;
  /**
   * Per entity, the rows the earlier load left to this file (its records, less
   * those another file stored first, and less those the end of that pull
   * quarantined): the rows to mark seen.
   */
  rows: Record<CanonicalEntity, number>;
  /** The quarantine rows of the earlier load of the file, those its pull's end added included. */
  quarantineRows: number;
}

/**
 * How the summary counts a file that is not read because it is
 * byte-identical to one an earlier pull loaded ({@link Sink.repeatUnchangedFile}):
 * its raw counts, quarantine reasons and wordings are the earlier
 * checkpoint's; each entity's stored records (inserted, updated or
 * unchanged, and providers that waited for the end of that pull and were
 * merged there) are all unchanged now; superseded and quarantined stay, and
 * providers the end of that pull quarantined as `unknown_practice`
 * (`unknownPractice`, from its quarantine rows) are quarantined again.
 * Undefined when the earlier load cannot be repeated: the file failed, or
 * its counts do not add up.
 *
 * ### Examples
 * ```ts
 * import { repeatedFileResult, type FileResult } from '@provider-data/core';
 *
 * declare const earlier: FileResult;
 * const repeated = repeatedFileResult(earlier, {
 *   key: 'apollo/datapulls/20261201T000000Z/by_city/Pune.json',
 *   earlierPullId: 'f3e51f05-6517-4099-b216-d7850fd6a418',
 *   unknownPractice: 0,
 * });
 * console.log(repeated?.rows.practitioner);
 * ```
 */
export function repeatedFileResult(
  earlier: FileResult,
  repeat: { key: string; earlierPullId: string; unknownPractice: number },
): RepeatedFile | undefined {
  if (earlier.status !== 'loaded' || earlier.error) return undefined;
  if (earlier.records.read !== earlier.records.loaded + earlier.records.quarantined) return undefined;
  const entities = structuredClone(earlier.entities);
  const quarantineByReason = { ...earlier.quarantineByReason };
  const rows = { practitioner: 0, practice: 0, provider: 0 };
  for (const entity of ['practitioner', 'practice', 'provider'] as const) {
    const counts = entities[entity];
    const stored = counts.inserted + counts.updated + counts.unchanged;
    // Providers the file's commit could not merge waited for the end of the pull.
    const waited = counts.read - stored - counts.superseded - counts.quarantined;
    const lost = entity === 'provider' ? repeat.unknownPractice : 0;
    if (waited < lost || (entity !== 'provider' && waited !== 0)) return undefined;
    const shared = earlier.sharedRows?.[entity]?.length ?? 0;
    counts.unchanged = stored + waited - lost;
    counts.inserted = 0;
    counts.updated = 0;
    counts.quarantined += lost;
    rows[entity] = counts.unchanged - shared;
    if (rows[entity] < 0 || !entityReconciles(counts)) return undefined;
  }
  if (repeat.unknownPractice > 0)
    addCount(quarantineByReason, QuarantineReason.unknownPractice, repeat.unknownPractice);
  const result: FileResult = {
    key: repeat.key,
    status: 'loaded',
    records: { ...earlier.records },
    entities,
    quarantineByReason,
    unmappedSpecialties: { ...earlier.unmappedSpecialties },
    unusableFields: { ...earlier.unusableFields },
    durationMs: 0,
    unchangedFrom: repeat.earlierPullId,
  };
  if (earlier.fingerprint) result.fingerprint = earlier.fingerprint;
  if (earlier.sharedRows) result.sharedRows = structuredClone(earlier.sharedRows);
  const quarantineRows = Object.values(quarantineByReason).reduce((n, v) => n + v, 0);
  return { result, rows, quarantineRows };
}
