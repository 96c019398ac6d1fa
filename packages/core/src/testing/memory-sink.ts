import { isDeepStrictEqual } from 'node:util';
import { contentHash } from '../model/content-hash.js';
import type { Practice } from '../model/practice.js';
import type { Practitioner } from '../model/practitioner.js';
import type { Provider } from '../model/provider.js';
import type { QuarantineRecord } from '../model/quarantine.js';
import type { DataPull } from '../pull/data-pull.js';
import type { CanonicalBatch, FileLoadCounts, Sink } from '../sink/sink.js';
import { compactChangedFields, type FileResult, type FinishPullResult } from '../pipeline/summary.js';

/** A stored row: the canonical record plus what the sink adds. */
export type Stored<T> = T & {
  contentHash: string;
  firstSeenPullId: string;
  lastSeenPullId: string;
  updatedAt: Date;
};

interface Staged<T> {
  record: T;
  objectKey: string;
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
}

type Upsertable = { id: string; healthSystem: string; sourceId?: string };

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
  rows: readonly T[],
  pullId: string,
  now: Date,
  sink: { writes: number },
) {
  const counts = { inserted: 0, updated: 0, unchanged: 0, superseded: 0 };
  const changedFields: Record<string, number> = {};
  // A later record with the same id wins within one file.
  const last = new Map<string, T>();
  for (const row of rows) {
    if (last.has(row.id)) counts.superseded++;
    last.set(row.id, row);
  }
  for (const row of last.values()) {
    const hash = contentHash(row);
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
    } else if (existing.contentHash !== hash) {
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
export function createMemorySink(): MemorySink {
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

    async checkpoints(pull) {
      return new Map(sink.checkpointsByPull.get(pull.pullId) ?? []);
    },

    async openFile(pull: DataPull, file) {
      const staged: CanonicalBatch = { practitioners: [], practices: [], providers: [], quarantine: [] };
      let open = true;
      return {
        async write(batch) {
          if (!open) throw new Error('file writer is closed');
          staged.practitioners.push(...batch.practitioners);
          staged.practices.push(...batch.practices);
          staged.providers.push(...batch.providers);
          staged.quarantine.push(...batch.quarantine);
        },
        async commit(result): Promise<FileLoadCounts> {
          open = false;
          const now = new Date();
          const practitioners = upsert(sink.practitioners, staged.practitioners, pull.pullId, now, sink);
          const enriched = staged.practices.map((p) => keepEnrichment(p, sink.practices.get(p.id)));
          const practices = upsert(sink.practices, enriched, pull.pullId, now, sink);
          const practitioner = practitioners.counts;
          const practice = practices.counts;
          // Providers whose practitioner and practice are stored are merged now; the rest wait for the finish.
          const known = (p: Provider) =>
            sink.practices.has(p.practiceId) && sink.practitioners.has(p.practitionerId);
          const resolved = staged.providers.filter(known);
          const merged = new Set(resolved.map((p) => p.id));
          const earlier = pendingProviders.get(pull.pullId) ?? [];
          // A provider merged now supersedes what earlier files left pending under its id.
          const pending = earlier.filter((p) => !merged.has(p.record.id));
          const providers = upsert(sink.providers, resolved, pull.pullId, now, sink);
          const provider = providers.counts;
          provider.superseded += earlier.length - pending.length;
          for (const record of staged.providers)
            if (!known(record)) pending.push({ record, objectKey: file.key });
          pendingProviders.set(pull.pullId, pending);
          sink.quarantine.push(...staged.quarantine);
          const changedFields = compactChangedFields({
            practitioner: practitioners.changedFields,
            practice: practices.changedFields,
            provider: providers.changedFields,
          });
          const counts: FileLoadCounts = { practitioner, practice, provider };
          const stored: FileResult = structuredClone(result);
          Object.assign(stored.entities.practitioner, practitioner);
          Object.assign(stored.entities.practice, practice);
          Object.assign(stored.entities.provider, provider);
          if (changedFields) {
            counts.changedFields = changedFields;
            stored.changedFields = structuredClone(changedFields);
          }
          const checkpoints = sink.checkpointsByPull.get(pull.pullId) ?? new Map<string, FileResult>();
          checkpoints.set(file.key, stored);
          sink.checkpointsByPull.set(pull.pullId, checkpoints);
          return counts;
        },
        async abort() {
          open = false;
        },
      };
    },

    async finishPull(pull, options): Promise<FinishPullResult> {
      const previous = finishes.get(pull.pullId);
      if (previous) return structuredClone(previous);
      const now = new Date();
      const pending = pendingProviders.get(pull.pullId) ?? [];
      const resolvable: Provider[] = [];
      let quarantined = 0;
      for (const { record, objectKey } of pending) {
        if (sink.practices.has(record.practiceId) && sink.practitioners.has(record.practitionerId)) {
          resolvable.push(record);
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

    async resetPull(pull) {
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
