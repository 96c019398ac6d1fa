import { isDeepStrictEqual } from 'node:util';
import type { Practice } from '../model/practice.js';
import type { Practitioner } from '../model/practitioner.js';
import type { Provider } from '../model/provider.js';
import type { QuarantineRecord } from '../model/quarantine.js';
import { LeaseLostError } from '../errors.js';
import type { DataPull } from '../pull/data-pull.js';
import { describeFence, type FencingToken } from '../pull/fencing.js';
import { contentHash } from '../sink/canonical-rows.js';
import { committedFileResult, withUnencodable } from '../sink/load-counts.js';
import { copyJson } from '../sink/row-text.js';
import type { FileLoadCounts, Sink } from '../sink/sink.js';
import { type CanonicalRecord, unencodableRecordRow } from '../sink/unencodable-record.js';
import { compactChangedFields, type FileResult, type FinishPullResult } from '../pipeline/summary.js';

/** A stored row: the canonical record plus what the sink adds. */
export type Stored<T> = T & {
  contentHash: string;
  firstSeenPullId: string;
  lastSeenPullId: string;
  updatedAt: Date;
};

/** A record with its content hash, computed once when it was written. */
interface Hashed<T> {
  record: T;
  hash: string;
}

interface Staged<T> extends Hashed<T> {
  objectKey: string;
}

/** What answers whether the claim a fencing token names is still held: a memory pull store or file queue. */
export interface ClaimHolder {
  holds(token: FencingToken): boolean;
}

/** Options of {@link createMemorySink}. */
export interface MemorySinkOptions {
  /** The pull store whose claims fence this sink's writes (see {@link Sink}'s fencing). */
  pullStore?: ClaimHolder;
}

/** The in-memory sink's tables, to assert on. */
export interface MemorySink extends Sink {
  readonly practitioners: Map<string, Stored<Practitioner>>;
  readonly practices: Map<string, Stored<Practice>>;
  readonly providers: Map<string, Stored<Provider>>;
  readonly quarantine: QuarantineRecord[];
  /** Checkpoints by pull id, then object key. */
  readonly checkpointsByPull: Map<string, Map<string, FileResult>>;
  /** How many times a row was written (inserted or updated), to prove that reruns write nothing. */
  writes: number;
  /** Adds a holder of the claims that fence this sink's writes; `createMemoryFileQueue` adds itself. */
  checkClaimsWith(holder: ClaimHolder): void;
}

type Upsertable = { id: string; healthSystem: string; sourceId?: string; active: boolean };

/** Fields that name a row or record where it came from: never counted as changed. */
const NOT_COMPARED = new Set(['id', 'healthSystem', 'sourceId', 'raw']);

/** `practiceStartYear` → `practice_start_year`: changed fields are named by their PostgreSQL columns. */
const columnName = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Counts, per column, the fields of an updated row whose value differs from the stored one. */
function countChanges(into: Record<string, number>, stored: object, incoming: object): void {
  const before = stored as Record<string, unknown>;
  for (const [field, value] of Object.entries(incoming)) {
    if (NOT_COMPARED.has(field) || value === undefined) continue;
    if (!isDeepStrictEqual(before[field] ?? null, value ?? null)) {
      const column = columnName(field);
      into[column] = (into[column] ?? 0) + 1;
    }
  }
}

function upsert<T extends Upsertable>(
  table: Map<string, Stored<T>>,
  rows: readonly Hashed<T>[],
  pullId: string,
  now: Date,
  sink: { writes: number },
) {
  const counts = { inserted: 0, updated: 0, unchanged: 0, superseded: 0 };
  const changedFields: Record<string, number> = {};
  // A later record with the same id wins within one file.
  const last = new Map<string, Hashed<T>>();
  for (const row of rows) {
    if (last.has(row.record.id)) counts.superseded++;
    last.set(row.record.id, row);
  }
  for (const { record: row, hash } of last.values()) {
    const existing = table.get(row.id);
    if (!existing) {
      table.set(row.id, {
        ...row,
        contentHash: hash,
        firstSeenPullId: pullId,
        lastSeenPullId: pullId,
        updatedAt: now,
      });
      counts.inserted++;
      sink.writes++;
    } else if (existing.contentHash !== hash || existing.active !== row.active) {
      // A deactivated row keeps its hash: seen again, it is active again, and that is an update.
      countChanges(changedFields, existing, row);
      table.set(row.id, {
        ...row,
        contentHash: hash,
        firstSeenPullId: existing.firstSeenPullId,
        lastSeenPullId: pullId,
        updatedAt: now,
      });
      counts.updated++;
      sink.writes++;
    } else {
      if (existing.lastSeenPullId !== pullId) {
        existing.lastSeenPullId = pullId;
        sink.writes++;
      }
      counts.unchanged++;
    }
  }
  return { counts, changedFields };
}

/** Keeps the stored enrichment of a practice when the incoming one is only `skipped` or `pending`. */
function keepEnrichment(incoming: Practice, stored: Practice | undefined): Practice {
  if (!stored || !['skipped', 'pending'].includes(incoming.enrichmentStatus)) return incoming;
  if (!['matched', 'no_match'].includes(stored.enrichmentStatus)) return incoming;
  return {
    ...incoming,
    googlePlaceId: stored.googlePlaceId,
    enrichmentStatus: stored.enrichmentStatus,
    enrichedAt: stored.enrichedAt,
    placeDetails: stored.placeDetails,
    enrichmentEvidence: stored.enrichmentEvidence,
    latitude: incoming.geoSource === 'source' ? incoming.latitude : stored.latitude,
    longitude: incoming.geoSource === 'source' ? incoming.longitude : stored.longitude,
    geoSource: incoming.geoSource ?? stored.geoSource,
  };
}

/**
 * Creates a sink that keeps everything in memory with the same semantics as
 * the PostgreSQL sink: unchanged content is not rewritten, a file commits
 * whole, providers merge at their file's commit when their practitioner and
 * practice are stored (the rest at the end of the pull), full pulls deactivate.
 *
 * ### Examples
 * ```ts
 * import { createMemorySink } from '@provider-data/core/testing';
 *
 * const sink = createMemorySink();
 * // … run a pull into it …
 * console.log(sink.practitioners.size, sink.quarantine.length);
 * ```
 */
export function createMemorySink(options: MemorySinkOptions = {}): MemorySink {
  const holders: ClaimHolder[] = options.pullStore ? [options.pullStore] : [];
  /**
   * The memory sink's form of the check that PostgreSQL makes in the commit's
   * transaction: synchronous, right before the writes, so nothing runs between.
   */
  const fenced = (fence: FencingToken | undefined) => {
    if (fence === undefined) return;
    if (holders.length === 0) {
      throw new Error(
        'the memory sink was given a fencing token but no claims to check it against: ' +
          'create it with createMemorySink({ pullStore }), or a file queue over it',
      );
    }
    if (!holders.some((holder) => holder.holds(fence))) {
      throw new LeaseLostError(
        `${describeFence(fence)} is no longer held: nothing was written`,
        fence.pullId,
        {
          plugin: 'memory',
          stage: 'sink',
        },
      );
    }
  };
  const pendingProviders = new Map<string, Staged<Provider>[]>();
  // What finishing each pull did: finishing it again answers the same and does nothing.
  const finishes = new Map<string, FinishPullResult>();
  const sink: MemorySink = {
    name: 'memory',
    practitioners: new Map(),
    practices: new Map(),
    providers: new Map(),
    quarantine: [],
    checkpointsByPull: new Map(),
    writes: 0,
    checkClaimsWith(holder) {
      holders.push(holder);
    },

    async checkpoints(pull) {
      return new Map(sink.checkpointsByPull.get(pull.pullId) ?? []);
    },

    async openFile(pull: DataPull, file, fencing) {
      const staged = {
        practitioners: [] as Hashed<Practitioner>[],
        practices: [] as Hashed<Practice>[],
        providers: [] as Hashed<Provider>[],
        quarantine: [] as QuarantineRecord[],
      };
      const unencodable = { practitioner: 0, practice: 0, provider: 0 };
      let open = true;
      /**
       * Hashes a record's row text and encodes its `raw`, as the PostgreSQL
       * sink does for COPY; a record that cannot be is quarantined instead.
       */
      const stage = <T extends object>(into: Hashed<T>[], entry: CanonicalRecord & { record: T }) => {
        try {
          const hash = contentHash(entry.entity, entry.record as never);
          if ('raw' in entry.record) copyJson(entry.record.raw);
          into.push({ record: entry.record, hash });
        } catch (error) {
          unencodable[entry.entity]++;
          staged.quarantine.push(unencodableRecordRow(pull, file, entry, error));
        }
      };
      return {
        async write(batch) {
          if (!open) throw new Error('file writer is closed');
          for (const record of batch.practitioners)
            stage(staged.practitioners, { entity: 'practitioner', record });
          for (const incoming of batch.practices) {
            const record = keepEnrichment(incoming, sink.practices.get(incoming.id));
            stage(staged.practices, { entity: 'practice', record });
          }
          for (const record of batch.providers) stage(staged.providers, { entity: 'provider', record });
          for (const row of batch.quarantine) staged.quarantine.push(row);
        },
        async commit(result): Promise<FileLoadCounts> {
          fenced(fencing?.fence);
          open = false;
          const now = new Date();
          const practitioners = upsert(sink.practitioners, staged.practitioners, pull.pullId, now, sink);
          const practices = upsert(sink.practices, staged.practices, pull.pullId, now, sink);
          const practitioner = practitioners.counts;
          const practice = practices.counts;
          // Providers whose practitioner and practice are stored are merged now; the rest wait for the finish.
          const known = ({ record: p }: Hashed<Provider>) =>
            sink.practices.has(p.practiceId) && sink.practitioners.has(p.practitionerId);
          const resolved = staged.providers.filter(known);
          const merged = new Set(resolved.map((p) => p.record.id));
          const earlier = pendingProviders.get(pull.pullId) ?? [];
          // A provider merged now supersedes what earlier files left pending under its id.
          const pending = earlier.filter((p) => !merged.has(p.record.id));
          const providers = upsert(sink.providers, resolved, pull.pullId, now, sink);
          const provider = providers.counts;
          provider.superseded += earlier.length - pending.length;
          for (const entry of staged.providers)
            if (!known(entry)) pending.push({ record: entry.record, hash: entry.hash, objectKey: file.key });
          pendingProviders.set(pull.pullId, pending);
          for (const row of staged.quarantine) sink.quarantine.push(row);
          const counts: FileLoadCounts = {
            practitioner: withUnencodable(practitioner, unencodable.practitioner),
            practice: withUnencodable(practice, unencodable.practice),
            provider: withUnencodable(provider, unencodable.provider),
          };
          const changedFields = compactChangedFields({
            practitioner: practitioners.changedFields,
            practice: practices.changedFields,
            provider: providers.changedFields,
          });
          if (changedFields) counts.changedFields = changedFields;
          // A replay's writes (checkpoint: false) leave the file's stored checkpoint as it is.
          if (fencing?.checkpoint !== false) {
            const checkpoints = sink.checkpointsByPull.get(pull.pullId) ?? new Map<string, FileResult>();
            checkpoints.set(file.key, committedFileResult(result, counts));
            sink.checkpointsByPull.set(pull.pullId, checkpoints);
          }
          return counts;
        },
        async abort() {
          open = false;
        },
      };
    },

    async finishPull(pull, options): Promise<FinishPullResult> {
      fenced(options.fence);
      const previous = finishes.get(pull.pullId);
      if (previous) return structuredClone(previous);
      const now = new Date();
      const pending = pendingProviders.get(pull.pullId) ?? [];
      const resolvable: Hashed<Provider>[] = [];
      let quarantined = 0;
      for (const { record, hash, objectKey } of pending) {
        if (sink.practices.has(record.practiceId) && sink.practitioners.has(record.practitionerId)) {
          resolvable.push({ record, hash });
          continue;
        }
        quarantined++;
        sink.quarantine.push({
          pullId: pull.pullId,
          healthSystem: pull.healthSystem,
          objectKey,
          position: null,
          entity: 'provider',
          sourceId: `${record.practitionerSourceId}@${record.practiceSourceId}`,
          reason: 'unknown_practice',
          message: `practice ${record.practiceSourceId} is in no file of the pull and not stored`,
          raw: JSON.stringify(record),
        });
      }
      // A provider stored before has its practitioner and practice stored: it merged at its file's commit.
      const { counts } = upsert(sink.providers, resolvable, pull.pullId, now, sink);
      pendingProviders.delete(pull.pullId);
      const deactivated = { practitioner: 0, practice: 0, provider: 0 };
      if (options.deactivate) {
        const tables = [
          ['practitioner', sink.practitioners],
          ['practice', sink.practices],
          ['provider', sink.providers],
        ] as const;
        for (const [entity, table] of tables) {
          for (const row of table.values()) {
            if (row.healthSystem === pull.healthSystem && row.active && row.lastSeenPullId !== pull.pullId) {
              row.active = false;
              row.updatedAt = now;
              deactivated[entity]++;
              sink.writes++;
            }
          }
        }
      }
      const finished = { providers: { ...counts, quarantined }, deactivated };
      finishes.set(pull.pullId, structuredClone(finished));
      return finished;
    },

    async resetPull(pull, fencing) {
      fenced(fencing?.fence);
      sink.checkpointsByPull.delete(pull.pullId);
      finishes.delete(pull.pullId);
      pendingProviders.delete(pull.pullId);
      for (let i = sink.quarantine.length - 1; i >= 0; i--) {
        if (sink.quarantine[i]!.pullId === pull.pullId) sink.quarantine.splice(i, 1);
      }
    },
  };
  return sink;
}
