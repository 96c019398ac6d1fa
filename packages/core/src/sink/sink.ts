import type { Practice } from '../model/practice.js';
import type { Practitioner } from '../model/practitioner.js';
import type { Provider } from '../model/provider.js';
import type { QuarantineRecord } from '../model/quarantine.js';
import type { DataPull } from '../pull/data-pull.js';
import type { FencingToken } from '../pull/fencing.js';
import type { SourceFile } from '../source/source.js';
import type {
  CanonicalEntity,
  ChangedFields,
  EntityCounts,
  FileResult,
  FinishPullResult,
  SharedRows,
} from '../pipeline/summary.js';

/** A bounded batch of canonical records of one file. */
export interface CanonicalBatch {
  practitioners: Practitioner[];
  practices: Practice[];
  providers: Provider[];
  quarantine: QuarantineRecord[];
}

/**
 * What loading one entity's records did: `read` and `quarantined` are the
 * pipeline's; `unencodable` counts the records the sink quarantined itself
 * because it could not encode or hash them, and is added to `quarantined`.
 */
export type LoadCounts = Omit<EntityCounts, 'read' | 'quarantined'> & { unencodable?: number };

/**
 * What loading a file did, per entity. `provider` counts the providers the
 * sink merged at the commit (their practitioner and practice were stored by
 * then); the others stay pending and are counted by {@link Sink.finishPull}.
 * A sink that resolves every provider at the end of the pull leaves it out.
 * A provider merged here also supersedes the pull's pending entries with the
 * same id (staged by earlier files), and counts them in its `superseded`.
 * `changedFields` says which columns the updated rows changed, per entity,
 * when the sink counts them.
 */
export type FileLoadCounts = Record<Exclude<CanonicalEntity, 'provider'>, LoadCounts> & {
  provider?: LoadCounts;
  changedFields?: ChangedFields;
  /** The file's records another file of the pull stored first; see {@link SharedRows}. */
  sharedRows?: SharedRows;
};

/**
 * The writes of one file. Nothing is visible to readers until `commit`, which
 * stores the file's records, its quarantine rows and its checkpoint in one
 * transaction: a crash before it loses the file's work, never half of it.
 *
 * Within one file a later record with the same source id wins over an
 * earlier one (counted as `superseded`).
 *
 * A record the sink cannot encode or hash (a value that has no JSON form,
 * or one nested so deep that serializing it overflows the stack) costs that
 * record, never the write: the sink leaves it out, stores a quarantine row
 * for it with reason `unencodable_record` (its entity, its source id, the
 * error, and as much of the record as can be written), and counts it in its
 * entity's `unencodable` at the commit. Anything else that makes `write`
 * reject is broken infrastructure and fails the pull.
 */
export interface SinkFileWriter {
  write(batch: CanonicalBatch): Promise<void>;
  /** `result` is stored as the checkpoint; its load counts are filled from the returned value. */
  commit(result: FileResult): Promise<FileLoadCounts>;
  /** Drops everything written since the file was opened. */
  abort(): Promise<void>;
}

/** What a sink checks before it keeps a write for a pull. */
export interface FencedWrite {
  /** The claim the write is made under; without one, the sink does not check (a caller with no claim). */
  fence?: FencingToken;
}

/** Options of {@link Sink.openFile}. */
export interface OpenFileOptions extends FencedWrite {
  /**
   * False: the commit stores no checkpoint and leaves the file's stored one
   * as it is (a replay's writes to a file the pull already finished). Default true.
   */
  checkpoint?: boolean;
}

/** Options of {@link Sink.repeatUnchangedFile}. */
export interface RepeatUnchangedFileOptions extends FencedWrite {
  /** The file's {@link fileFingerprint}. */
  fingerprint: string;
  /**
   * Awaited once an earlier load to repeat is found and before anything is
   * written: the pipeline's turn to commit (files commit in list order) and
   * its lease check. A rejection writes nothing and rejects the call.
   */
  beforeWrite?: () => Promise<void>;
  /**
   * The pull runs enrichers: a file whose stored practices still wait for
   * enrichment (neither matched nor known to have no match) is read again,
   * so that the enrichers see them.
   */
  enriching?: boolean;
}

/** Options of {@link Sink.finishPull}. */
export interface FinishPullOptions extends FencedWrite {
  /** Mark records of the health system that this pull did not contain inactive (a full pull with no failed file). */
  deactivate: boolean;
}

/**
 * Where canonical records go. Implementations: the PostgreSQL sink, and an
 * in-memory sink in `@provider-data/core/testing`.
 *
 * Every sink passes `sinkConformanceSuite` (`@provider-data/core/vitest`).
 *
 * Semantics:
 * - Records are keyed by (health system, source id); a record whose content
 *   hash ({@link contentHash}, the one every sink uses) and `active` are
 *   unchanged is not rewritten, so a rerun changes nothing.
 * - `checkpoints` returns the results of the pull's committed files; the
 *   pipeline skips those files and sums their results into the summary.
 * - A file's providers whose practitioner and practice are stored when it
 *   commits may be merged at that commit (the common case: the practice is
 *   in the same file); the rest stay pending.
 * - `finishPull` resolves the pull's pending providers against practices
 *   (those whose practice is in no file of the pull and not in the store are
 *   quarantined as `unknown_practice`) and deactivates when asked.
 * - Fencing: given a {@link FencingToken} (at `openFile`, `finishPull`,
 *   `resetPull`), a file's `commit`, `finishPull` and `resetPull` check in
 *   the same transaction as their writes that the claim the token names is
 *   still held with an unexpired lease: the pull's claim (worker and attempt)
 *   for a pull token, the file's lease (worker and claim number) for a file
 *   token. When it is not, they write nothing and reject `LeaseLostError`,
 *   so that a worker that lost its lease can never commit over the one that
 *   took the pull over.
 */
export interface Sink {
  readonly name: string;
  /** How many files the sink can take at once, each in its own transaction. Default 1. */
  readonly maxConcurrentFiles?: number;
  checkpoints(pull: DataPull): Promise<Map<string, FileResult>>;
  openFile(pull: DataPull, file: SourceFile, options?: OpenFileOptions): Promise<SinkFileWriter>;
  finishPull(pull: DataPull, options: FinishPullOptions): Promise<FinishPullResult>;
  /**
   * Optional. Repeats, without reading the file, the load of a byte-identical
   * one: when the health system's last finished pull committed a file with
   * the same fingerprint, and the rows that file stored are still exactly
   * those that pull last saw from it, marks them seen by `pull` (their
   * content is what the file would give again), copies that load's
   * quarantine rows to `pull`, and stores the file's checkpoint, counted by
   * {@link repeatedFileResult}, all in one transaction. Resolves that result,
   * or undefined when there is nothing to repeat; then it has written nothing
   * and the file is read as usual. Any mismatch (a row another file or pull
   * took over, a count that differs) means undefined, never a partial mark.
   */
  repeatUnchangedFile?(
    pull: DataPull,
    file: SourceFile,
    options: RepeatUnchangedFileOptions,
  ): Promise<FileResult | undefined>;
  /**
   * Forgets the pull's checkpoints, staged providers and quarantine rows, so
   * that a reprocessed pull is read again from its first file and ends as a
   * clean run would. Canonical rows are kept (an unchanged rerun rewrites none).
   */
  resetPull(pull: DataPull, options?: FencedWrite): Promise<void>;
}
