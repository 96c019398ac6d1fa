import { IdSet } from './id-set.js';
import type { CanonicalEntity, SharedRows } from '@provider-data/core';
import { type RawBuilder, sql } from 'kysely';

/** A stored row as a file's checkpoint lists it in `sharedRows`: id, content hash, `active`. */
export type SharedRow = [id: string, contentHash: string, active: boolean];

/** A file's `sharedRows` from its maps by entity, or `undefined` when every map is empty. */
export function sharedRowsOf(maps: Record<CanonicalEntity, Map<string, SharedRow>>): SharedRows | undefined {
  const shared: SharedRows = {};
  for (const [entity, rows] of Object.entries(maps) as [CanonicalEntity, Map<string, SharedRow>][]) {
    if (rows.size > 0) shared[entity] = [...rows.values()];
  }
  return Object.keys(shared).length > 0 ? shared : undefined;
}

/** What {@link storedRowsStatement} returns: positions in the batch asked about. */
export interface StoredPositions {
  /** Stored by this pull with the same content, last by this file (in an earlier run of it). */
  own: number[];
  /** Stored by this pull with the same content, last by another file. */
  shared: number[];
}

/**
 * The records of a batch that this pull already stored with the same content
 * hash and `active`, as positions in the batch: one row of two arrays, so that
 * the answer costs the client next to nothing to read. The arguments go as
 * comma-joined text (ids and hashes are hex), not as arrays of quoted
 * elements. The rows are found by primary key.
 */
export function storedRowsStatement(
  table: RawBuilder<unknown>,
  batch: { ids: string; hashes: string; active: string },
  pullId: string,
  seenIn: string,
): RawBuilder<StoredPositions> {
  const ids = sql`string_to_array(${batch.ids}, ',')::uuid[]`;
  return sql<StoredPositions>`
    SELECT coalesce(array_agg((i.n - 1)::int) FILTER (WHERE t.last_seen_file IS NOT DISTINCT FROM ${seenIn}), '{}') AS own,
      coalesce(array_agg((i.n - 1)::int) FILTER (WHERE t.last_seen_file IS DISTINCT FROM ${seenIn}), '{}') AS shared
    FROM unnest(${ids}, string_to_array(${batch.hashes}, ','), string_to_array(${batch.active}, ',')::boolean[])
      WITH ORDINALITY AS i (id, content_hash, active, n)
    JOIN ${table} t ON t.id = i.id
    WHERE t.id = ANY(${ids}) AND t.last_seen_pull_id = ${pullId}::uuid
      AND t.content_hash = i.content_hash AND t.active = i.active`;
}

/**
 * Finds, batch by batch, the records of one file that this pull already
 * stored with the same content: a rerun of the pull (a reprocess, or a resume
 * after a crash) need not send them. Asked while it finds some; a file whose
 * batch has none (a first load, a new pull) stops asking, and the merge's own
 * pre-filter does the rest.
 *
 * A skipped record is stored as it is: its `last_seen_pull_id` is already this
 * pull's. One that another file of the pull stored first is kept in
 * {@link StoredProbe.shared}, for the file's checkpoint (see `SharedRows`).
 */
export interface StoredProbe {
  /** Whether the last batch asked found any (and so whether the next one is asked). */
  readonly probing: boolean;
  /** The positions in `records` that need not be sent. */
  unchanged(
    records: readonly { id: string; active: boolean }[],
    hashes: readonly string[],
  ): Promise<Set<number>>;
  /**
   * Rows another file of the pull stored first: those the probe skipped, and (added by the
   * commit) those the merge's pre-filter left to that file; by id.
   */
  readonly shared: Map<string, SharedRow>;
}

/** A {@link StoredProbe} over `lookup` (a run of {@link storedRowsStatement}). */
export function storedProbe(
  lookup: (batch: { ids: string; hashes: string; active: string }) => Promise<StoredPositions>,
): StoredProbe {
  let probing = true;
  const shared = new Map<string, SharedRow>();
  return {
    get probing() {
      return probing;
    },
    shared,
    async unchanged(records, hashes) {
      if (!probing || records.length === 0) return new Set();
      const found = await lookup({
        ids: records.map((r) => r.id).join(','),
        hashes: hashes.join(','),
        active: records.map((r) => (r.active ? 't' : 'f')).join(','),
      });
      for (const i of found.shared) {
        const record = records[i]!;
        shared.set(record.id, [record.id, hashes[i]!, record.active]);
      }
      const skip = new Set([...found.own, ...found.shared]);
      if (skip.size === 0) probing = false;
      return skip;
    },
  };
}

/**
 * Which records of a file the probe let it skip, by id, for an entity whose
 * key is its id (providers): a later record with the same id is always sent,
 * and replaces the skipped one. Ids are kept only while the probe asks, or
 * while a skipped one stands; a first load keeps none after its first batch.
 */
export interface SkippedIds {
  /** Whether the record need not be sent: unchanged by the probe, and its id's first record in the file. */
  skip(id: string, unchanged: boolean, probing: boolean): boolean;
  /** Records skipped and not replaced by a later record of the file: each is stored, unchanged. */
  readonly standing: number;
}

/** A new {@link SkippedIds}. */
export function skippedIds(): SkippedIds {
  const SENT = 0;
  const SKIPPED = 1;
  let ids: IdSet | undefined = new IdSet();
  let standing = 0;
  return {
    get standing() {
      return standing;
    },
    skip(id, unchanged, probing) {
      if (!ids) return false;
      const earlier = ids.get(id);
      if (earlier === undefined) {
        if (probing) {
          ids.set(id, unchanged ? SKIPPED : SENT);
          if (unchanged) standing++;
          return unchanged;
        }
        // No record skips from here on: only a skipped id matters, and there is none.
        if (standing === 0) ids = undefined;
        return false;
      }
      if (earlier === SKIPPED) {
        standing--;
        ids.set(id, SENT);
      }
      return false;
    },
  };
}
