import type { DataPull } from '../../pull/data-pull.js';
import type { FileLoadCounts } from '../../sink/sink.js';
import { summarizePull } from '../summarize.js';
import {
  addCount,
  addCounts,
  type CanonicalEntity,
  type FileResult,
  type FinishPullResult,
  type PullSummary,
} from '../summary.js';

const ENTITIES: readonly CanonicalEntity[] = ['practitioner', 'practice', 'provider'];

/** What one replay of a pull did. */
export interface ReplayCounts {
  replayId: string;
  /** The `reason` filter, or null for every reason. */
  reason: string | null;
  /** Whether files that failed as a whole were re-read. */
  files: boolean;
  startedAt: string;
  finishedAt: string;
  /** Raw records given to the transformer again: `replayed = loaded + quarantined`. */
  records: { replayed: number; loaded: number; quarantined: number };
  /**
   * Quarantine rows taken: `resolved` (their record now loads),
   * `quarantined` (still failing, with the new reason), `reread` (rows of a
   * file read again: closed, the file's new rows say what fails now), and
   * `notReplayable` (no raw text or record type kept: left as they are).
   */
  rows: { resolved: number; quarantined: number; reread: number; notReplayable: number };
  /** Canonical records the replay wrote, per entity, with what the sink did with them. */
  entities: Record<
    CanonicalEntity,
    { written: number; inserted: number; updated: number; unchanged: number; superseded: number }
  >;
  /** Canonical records not written because a newer pull of the health system stored them. */
  keptNewer: number;
  /** Files re-read (`files: true`) and how they ended. */
  filesReread: { key: string; status: 'loaded' | 'failed' | 'missing'; reason?: string }[];
  /** The reasons of the rows still quarantined, as the plugin gives them now. */
  quarantineByReason: Record<string, number>;
}

/** Zero counts for a replay. */
export function emptyReplayCounts(
  replayId: string,
  reason: string | undefined,
  files: boolean,
  startedAt: Date,
): ReplayCounts {
  const written = () => ({ written: 0, inserted: 0, updated: 0, unchanged: 0, superseded: 0 });
  return {
    replayId,
    reason: reason ?? null,
    files,
    startedAt: startedAt.toISOString(),
    finishedAt: startedAt.toISOString(),
    records: { replayed: 0, loaded: 0, quarantined: 0 },
    rows: { resolved: 0, quarantined: 0, reread: 0, notReplayable: 0 },
    entities: { practitioner: written(), practice: written(), provider: written() },
    keptNewer: 0,
    filesReread: [],
    quarantineByReason: {},
  };
}

/** Subtracts one from a count, dropping the key at zero. */
export function removeCount(from: Record<string, number>, key: string): void {
  if (!Object.hasOwn(from, key)) return;
  const left = (from[key] as number) - 1;
  if (left > 0) from[key] = left;
  else delete from[key];
}

/**
 * The changes a record-level replay makes to one file's checkpoint, so that
 * the checkpoint keeps saying what the file contributes to its pull:
 * `records` moves records that now load from quarantined to loaded; every
 * resolved row leaves its entity's `read` and `quarantined` and its reason;
 * every new issue row joins them; every written canonical record joins its entity's `read`
 * with the sink's counts. A kept row counts as resolved and added again
 * under its new reason and entity.
 */
export class CheckpointChange {
  recordsLoaded = 0;
  readonly resolved: { entity: string; reason: string }[] = [];
  readonly added: { entity: string; reason: string }[] = [];
  written: Record<CanonicalEntity, number> = { practitioner: 0, practice: 0, provider: 0 };
  load: FileLoadCounts | undefined;
  readonly unmappedSpecialties: Record<string, number> = {};
  readonly unusableFields: Record<string, number> = {};

  /** The checkpoint with this change, a copy. */
  applyTo(checkpoint: FileResult): FileResult {
    const next = structuredClone(checkpoint);
    next.records.loaded += this.recordsLoaded;
    next.records.quarantined -= this.recordsLoaded;
    const entityOf = (entity: string) =>
      (ENTITIES as readonly string[]).includes(entity) ? next.entities[entity as CanonicalEntity] : undefined;
    for (const row of this.resolved) {
      removeCount(next.quarantineByReason, row.reason);
      const counts = entityOf(row.entity);
      if (counts) {
        counts.read--;
        counts.quarantined--;
      }
    }
    for (const row of this.added) {
      addCount(next.quarantineByReason, row.reason);
      const counts = entityOf(row.entity);
      if (counts) {
        counts.read++;
        counts.quarantined++;
      }
    }
    for (const entity of ENTITIES) {
      const into = next.entities[entity];
      into.read += this.written[entity];
      const load = this.load?.[entity];
      if (!load) continue;
      into.inserted += load.inserted;
      into.updated += load.updated;
      into.unchanged += load.unchanged;
      into.superseded += load.superseded;
      if (load.unencodable) {
        into.quarantined += load.unencodable;
        addCount(next.quarantineByReason, 'unencodable_record', load.unencodable);
      }
    }
    addCounts(next.unmappedSpecialties, this.unmappedSpecialties);
    addCounts(next.unusableFields, this.unusableFields);
    return next;
  }
}

/**
 * The pull's summary after a replay: its files' checkpoints (which the
 * replay kept current) and what finishing the pull did, summed again by the
 * pull's own {@link summarizePull}, so that the equations a pull's summary
 * keeps (`records.read = loaded + quarantined`, and per entity `read =
 * inserted + updated + unchanged + superseded + quarantined`) are checked by
 * the same code. Files, enrichment, deactivations and duration stay as the
 * pull's run left them; `replays` gains this replay's counts.
 */
export function summaryAfterReplay(input: {
  pull: DataPull;
  before: PullSummary;
  checkpoints: ReadonlyMap<string, FileResult>;
  finish: FinishPullResult | undefined;
  counts: ReplayCounts;
}): PullSummary {
  const { before } = input;
  const summed = summarizePull({
    pull: input.pull,
    files: before.files.total,
    processed: before.files.processed,
    resumed: before.files.resumed,
    results: [...input.checkpoints.values()],
    finish: input.finish,
    enrichment: before.enrichment,
    started: Date.now(),
  });
  return {
    ...summed,
    files: { ...before.files, failed: summed.files.failed },
    deactivated: before.deactivated,
    durationMs: before.durationMs,
    replays: [...(before.replays ?? []), input.counts],
  };
}
