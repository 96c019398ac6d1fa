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
