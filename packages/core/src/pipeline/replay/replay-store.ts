import type { EntityKind } from '../../model/common.js';
import type { DataPull } from '../../pull/data-pull.js';
import type { CanonicalEntity, FileResult, FinishPullResult, PullSummary } from '../summary.js';
import type { ReplayCounts } from './replay-counts.js';

/** A quarantine row of a pull that no replay has resolved yet. */
export interface QuarantinedRow {
  /** The row's id in the store, as text. */
  id: string;
  objectKey: string;
  position: string | null;
  entity: EntityKind;
  sourceId: string | null;
  /** The record's type in its source's terms; null for a file, and for rows stored before it was kept. */
  recordType: string | null;
  /** The reason the pull gave. */
  reason: string;
  message: string;
  raw: string | null;
  /** The reason the last replay gave, when one kept the row; null otherwise. */
  replayReason: string | null;
}

/** Which rows a replay takes: `reason` matches a row's first reason or the one the last replay gave it. */
export interface QuarantineFilter {
  reason?: string;
}

/** A file of a pull with quarantine rows no replay has resolved. */
export interface QuarantinedFile {
  objectKey: string;
  /** Unresolved rows of records (raw kept). */
  recordRows: number;
  /** Unresolved rows of the file as a whole: it could not be read to its end. */
  fileRows: number;
}

/** What a replay decided for one quarantine row. */
export type ReplayRowOutcome =
  | { rowId: string; status: 'resolved'; note?: string }
  | { rowId: string; status: 'quarantined'; reason: string; message: string };

/** One replay of a pull, as {@link ReplayStore.start} records it. */
export interface ReplayRun {
  replayId: string;
  pull: DataPull;
  reason: string | undefined;
  files: boolean;
  workerId: string;
}

/**
 * What a stored canonical record's lineage says about a pull: `this`, the
 * pull last saw it (it is counted in the pull's summary already); `newer`, a
 * later pull of the same health system did (its content wins). Ids stored
 * nowhere, or last seen by an earlier pull, are absent.
 */
export type StoredLineage = Map<string, 'this' | 'newer'>;

/**
 * Where a replay reads a pull's quarantine and records what it did:
 * `provider_data.quarantine` and `quarantine_replays` in the PostgreSQL
 * package (`createPostgresReplayStore`).
 *
 * Semantics:
 * - `files` and `rows` see only rows with no `resolved_at`, in id order;
 *   `rows` returns a file's record rows and its file rows.
 * - `lineage` looks ids up in the canonical tables, and compares the pull
 *   that last saw each with `pull` by `pull_timestamp` (then `created_at`).
 * - `commitFile` stores, in one transaction, the outcome of each row of one
 *   file (a resolved row gets `resolved_at` and `resolved_by`, and `note` as
 *   its replay reason; a kept one its new reason and message beside the
 *   old) and, when given, the file's new checkpoint.
 * - `finish` stores the replay's counts with status `finished`; `fail`
 *   records that it stopped with an error; `start` refuses a replay id used
 *   before.
 * - `summary` is the pull's stored summary; `finishResult` what finishing
 *   the pull did (its providers), for summing the checkpoints again.
 */
export interface ReplayStore {
  summary(pull: DataPull): Promise<PullSummary | undefined>;
  finishResult(pull: DataPull): Promise<FinishPullResult | undefined>;
  files(pull: DataPull, filter: QuarantineFilter): Promise<QuarantinedFile[]>;
  rows(pull: DataPull, objectKey: string, filter: QuarantineFilter): Promise<QuarantinedRow[]>;
  lineage(pull: DataPull, ids: Record<CanonicalEntity, readonly string[]>): Promise<StoredLineage>;
  start(run: ReplayRun): Promise<void>;
  commitFile(
    run: ReplayRun,
    file: { objectKey: string; rows: readonly ReplayRowOutcome[]; checkpoint?: FileResult },
  ): Promise<void>;
  finish(run: ReplayRun, counts: ReplayCounts): Promise<void>;
  fail(run: ReplayRun, error: { code: string; message: string }): Promise<void>;
}
