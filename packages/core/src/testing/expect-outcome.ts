import type { PullSummary } from '../pipeline/summary.js';
import type { MemorySink } from './memory-sink.js';

/**
 * What a clean first run of a pull into an empty sink must produce. Pull
 * generators return it, so that tests and benchmarks check themselves.
 */
export interface ExpectedPullOutcome {
  files: number;
  failedFiles: number;
  /** Raw records: every object or line read, and lines that were not records. */
  records: { read: number; quarantined: number };
  /** Distinct rows in the sink afterwards. */
  rows: { practitioner: number; practice: number; provider: number };
  /** Quarantine rows by reason, file rows and `unknown_practice` included. */
  quarantineByReason: Record<string, number>;
}

/** The outcome a run actually had, in the shape of {@link ExpectedPullOutcome}. */
export function actualPullOutcome(summary: PullSummary, sink: MemorySink): ExpectedPullOutcome {
  const byReason: Record<string, number> = {};
  for (const row of sink.quarantine) {
    if (row.pullId === summary.pullId) byReason[row.reason] = (byReason[row.reason] ?? 0) + 1;
  }
  return {
    files: summary.files.total,
    failedFiles: summary.files.failed.length,
    records: { read: summary.records.read, quarantined: summary.records.quarantined },
    rows: {
      practitioner: sink.practitioners.size,
      practice: sink.practices.size,
      provider: sink.providers.size,
    },
    quarantineByReason: byReason,
  };
}

/** Counts what a generated pull must produce, as its generator writes it; see {@link createOutcomeTally}. */
export interface OutcomeTally {
  readonly expected: ExpectedPullOutcome;
  /** One file written; `failed` when a correct run fails it (cut off, empty, not its format). */
  file(failed?: boolean): void;
  /** Raw records (and positions that are not records) the source will read. */
  read(count?: number): void;
  /** Distinct rows the sink will hold. */
  rows(entity: keyof ExpectedPullOutcome['rows'], count?: number): void;
  /**
   * One quarantine row; `record: false` for one that is not a raw record of
   * its own (a failed file, a provider of an unknown practice).
   */
  quarantine(reason: string, options?: { record?: boolean }): void;
}

/**
 * A tally that a pull generator fills as it writes, so that the outcome it
 * returns is counted in the same place the dirt is made.
 *
 * ### Examples
 * ```ts
 * import { createOutcomeTally } from '@provider-data/core/testing';
 *
 * const tally = createOutcomeTally();
 * tally.file();
 * tally.read(2);
 * tally.rows('practitioner');
 * tally.quarantine('missing_field');
 * tally.expected.records; // { read: 2, quarantined: 1 }
 * ```
 */
export function createOutcomeTally(): OutcomeTally {
  const expected = emptyPullOutcome();
  return {
    expected,
    file(failed = false) {
      expected.files++;
      if (failed) expected.failedFiles++;
    },
    read(count = 1) {
      expected.records.read += count;
    },
    rows(entity, count = 1) {
      expected.rows[entity] += count;
    },
    quarantine(reason, options = {}) {
      expected.quarantineByReason[reason] = (expected.quarantineByReason[reason] ?? 0) + 1;
      if (options.record ?? true) expected.records.quarantined++;
    },
  };
}

/**
 * The outcome of a pull with nothing in it: every count 0.
 *
 * ### Examples
 * ```ts
 * import { emptyPullOutcome } from '@provider-data/core/testing';
 *
 * const expected = emptyPullOutcome();
 * expected.files++;
 * ```
 */
export function emptyPullOutcome(): ExpectedPullOutcome {
  return {
    files: 0,
    failedFiles: 0,
    records: { read: 0, quarantined: 0 },
    rows: { practitioner: 0, practice: 0, provider: 0 },
    quarantineByReason: {},
  };
}
