/**
 * What {@link sinkConformanceSuite} and its cases share: the sink under test
 * and its factory's options, and the helpers that write files and finish
 * pulls as the pipeline does.
 */
import type { z } from 'zod';
import { Practice } from '../model/practice.js';
import { Practitioner } from '../model/practitioner.js';
import { Provider } from '../model/provider.js';
import type { QuarantineRecord } from '../model/quarantine.js';
import { finishPullRun } from '../pipeline/pull-plan.js';
import { summarizePull } from '../pipeline/summarize.js';
import type { CanonicalEntity, FileResult, PullSummary } from '../pipeline/summary.js';
import type { DataPull } from '../pull/data-pull.js';
import { committedFileResult } from '../sink/load-counts.js';
import type { CanonicalBatch, Sink } from '../sink/sink.js';
import { testFileResult } from '../testing/canonical-fixtures.js';

/** A row as a sink stored it: the canonical record and the lineage the sink keeps. */
export type StoredCanonical<T> = T & {
  contentHash: string;
  firstSeenPullId: string;
  lastSeenPullId: string;
  /** When the row's content or `active` last changed, when the sink keeps it. */
  updatedAt?: Date;
};

/** Every canonical row a sink holds, active or not, read back as canonical records. */
export interface CanonicalRows {
  practitioners: StoredCanonical<Practitioner>[];
  practices: StoredCanonical<Practice>[];
  providers: StoredCanonical<Provider>[];
}

/**
 * One sink under test, fresh for each case: its own empty tables. The read
 * helpers read what the sink stored by its own means (SQL for a database
 * sink), not through the sink.
 */
export interface SinkUnderTest {
  sink: Sink;
  /** A new pull of the fixtures' health system (`TEST_HEALTH_SYSTEM`) that the sink may write, e.g. a registered `data_pulls` row. */
  createPull(dataType: 'full' | 'incremental'): Promise<DataPull>;
  /**
   * Every canonical row stored, each as the canonical record (every field of
   * its zod schema under its own name and type) plus its lineage. Read
   * generically (every column, by name), so that a field the sink does not
   * store reads as missing.
   */
  readCanonical(): Promise<CanonicalRows>;
  /** Every quarantine row stored. */
  readQuarantine(): Promise<QuarantineRecord[]>;
  /** Frees what `create` made (schemas, connections). */
  close(): Promise<void>;
}

/** Options of {@link sinkConformanceSuite}. */
export interface SinkConformanceOptions {
  /** Shown in the suite's name. */
  name: string;
  /** Called once before the first case: opens what the cases share (a database). */
  setup?(): Promise<void>;
  /** Makes a fresh sink under test; called before each case. */
  create(): Promise<SinkUnderTest>;
  /** Called once after the last case: closes what the cases shared. */
  teardown?(): Promise<void>;
  /** Skip the suite (a database that is not configured). */
  skip?: boolean;
}

export type Batch = Partial<CanonicalBatch>;

export const ENTITIES: readonly CanonicalEntity[] = ['practitioner', 'practice', 'provider'];

/**
 * The result the pipeline would pass to `commit` for a file of `batch`:
 * every record read, the quarantine rows counted by entity and reason.
 */
export function resultOf(key: string, batch: CanonicalBatch, status: FileResult['status']): FileResult {
  const result = testFileResult(key, { status });
  result.entities.practitioner.read = batch.practitioners.length;
  result.entities.practice.read = batch.practices.length;
  result.entities.provider.read = batch.providers.length;
  for (const row of batch.quarantine) {
    result.quarantineByReason[row.reason] = (result.quarantineByReason[row.reason] ?? 0) + 1;
    if (row.entity !== 'file') {
      result.entities[row.entity].read++;
      result.entities[row.entity].quarantined++;
    }
  }
  const raw = batch.practitioners.length + batch.quarantine.length;
  result.records = { read: raw, loaded: batch.practitioners.length, quarantined: batch.quarantine.length };
  if (status === 'failed') result.error = { reason: 'truncated', message: 'the file ends part way' };
  return result;
}

export function full(batch: Batch): CanonicalBatch {
  return {
    practitioners: batch.practitioners ?? [],
    practices: batch.practices ?? [],
    providers: batch.providers ?? [],
    quarantine: batch.quarantine ?? [],
  };
}

/** Writes one file as the pipeline does (one batch, then the commit) and returns its checkpoint. */
export async function loadFile(
  sink: Sink,
  pull: DataPull,
  key: string,
  batch: Batch,
  status: FileResult['status'] = 'loaded',
): Promise<FileResult> {
  const whole = full(batch);
  const writer = await sink.openFile(pull, { key, size: 0 });
  await writer.write(whole);
  const counts = await writer.commit(resultOf(key, whole, status));
  return committedFileResult(resultOf(key, whole, status), counts);
}

/** Finishes a pull as the pipeline does (the one deactivation rule) and sums its summary. */
export async function finish(sink: Sink, pull: DataPull, results: FileResult[]): Promise<PullSummary> {
  const finished = await finishPullRun(sink, pull, results, undefined);
  return summarizePull({
    pull,
    files: results.length,
    processed: results.length,
    resumed: 0,
    results,
    finish: finished,
    enrichment: {},
    started: Date.now(),
  });
}

export const byId = <T extends { id: string }>(rows: readonly T[], id: string): T | undefined =>
  rows.find((row) => row.id === id);

export const SCHEMAS = {
  practitioners: Practitioner,
  practices: Practice,
  providers: Provider,
} as const satisfies Record<keyof CanonicalRows, z.ZodObject>;
