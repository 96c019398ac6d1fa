import type { Enricher } from '../../enricher/enricher.js';
import type { Logger } from '../../logger/logger.js';
import type { QuarantineRecord } from '../../model/quarantine.js';
import type { DataPull } from '../../pull/data-pull.js';
import { pullTime } from '../../pull/data-pull.js';
import type { RegisteredHealthSystem } from '../../registry/registry.js';
import type { CanonicalBatch, Sink } from '../../sink/sink.js';
import type { RecordLimits } from '../../source/record-bounds.js';
import type { SourceFile, SourceItem } from '../../source/source.js';
import { FileTally } from '../file-tally.js';
import type { LeaseGuard } from '../lease-keeper.js';
import { tagError } from '../process-file.js';
import { RecordIntake } from '../record-intake.js';
import { addCount, type CanonicalEntity } from '../summary.js';
import { CheckpointChange, type ReplayCounts } from './replay-counts.js';
import type { QuarantinedRow, ReplayRowOutcome, ReplayStore } from './replay-store.js';

/** One raw record of a file as its quarantine rows keep it: the rows share its position, type and text. */
interface KeptRecord {
  position: string;
  recordType: string;
  raw: string;
  entity: QuarantinedRow['entity'];
  rows: QuarantinedRow[];
}

/** A kept record after the transformer ran on it again. */
interface Rerun {
  record: KeptRecord;
  out: CanonicalBatch;
  produced: number;
}

/** The raw records of a file's rows; rows with no raw text or record type are not replayable. */
export function keptRecords(rows: readonly QuarantinedRow[]): {
  records: KeptRecord[];
  notReplayable: number;
} {
  const byKey = new Map<string, KeptRecord>();
  let notReplayable = 0;
  for (const row of rows) {
    if (row.entity === 'file' && row.position === null) continue; // the file as a whole: see `files`
    if (row.raw === null || row.recordType === null || row.position === null) {
      notReplayable++;
      continue;
    }
    const key = `${row.position}\u0000${row.recordType}\u0000${row.raw}`;
    const kept = byKey.get(key);
    if (kept) kept.rows.push(row);
    else
      byKey.set(key, {
        position: row.position,
        recordType: row.recordType,
        raw: row.raw,
        entity: row.entity,
        rows: [row],
      });
  }
  return { records: [...byKey.values()], notReplayable };
}

/** The source item a kept record was: the record, or (its text not JSON) the issue the source gave. */
function itemOf(record: KeptRecord): SourceItem {
  const entity = record.entity === 'file' ? undefined : record.entity;
  try {
    return {
      kind: 'record',
      type: record.recordType,
      entity,
      position: record.position,
      value: JSON.parse(record.raw),
    };
  } catch {
    return {
      kind: 'issue',
      type: record.recordType,
      entity,
      position: record.position,
      reason: 'invalid_json',
      message: 'the kept text of the record is not JSON',
      text: record.raw,
    };
  }
}

/** What {@link replayFileRecords} needs. */
export interface ReplayFileRecordsOptions {
  pull: DataPull;
  file: SourceFile;
  rows: readonly QuarantinedRow[];
  healthSystem: RegisteredHealthSystem;
  sink: Sink;
  replayStore: ReplayStore;
  enrichers: readonly Enricher[];
  limits: RecordLimits;
  batchSize: number;
  lease: LeaseGuard;
  logger: Logger;
  signal?: AbortSignal;
  counts: ReplayCounts;
}

/**
 * Runs the kept records of one file through the transformer as the pull
 * did (the same {@link RecordIntake}: bounds, transform, issues), writes
 * what now passes through the sink's file writer without touching the
 * file's checkpoint, and returns each row's outcome and the checkpoint's
 * change. Canonical records that this pull already stored (counted in its
 * summary) or that a newer pull stored (its content wins) are not written.
 */
export async function replayFileRecords(
  options: ReplayFileRecordsOptions,
): Promise<{ outcomes: ReplayRowOutcome[]; change: CheckpointChange }> {
  const { pull, file, healthSystem, sink, counts, lease } = options;
  const { records, notReplayable } = keptRecords(options.rows);
  counts.rows.notReplayable += notReplayable;
  const change = new CheckpointChange();
  const outcomes: ReplayRowOutcome[] = [];
  if (records.length === 0) return { outcomes, change };

  const tally = new FileTally(file.key);
  const intake = new RecordIntake(
    pull,
    file,
    healthSystem.transformer,
    { pull, file, pullTime: pullTime(pull) },
    options.limits,
    tally,
  );
  let writer: Awaited<ReturnType<Sink['openFile']>>;
  try {
    writer = await sink.openFile(pull, file, { fence: lease.fence, checkpoint: false });
  } catch (error) {
    throw tagError(error, sink.name, 'sink', file.key);
  }
  try {
    let pending: Rerun[] = [];
    let pendingRecords = 0;
    const flush = async () => {
      if (pending.length === 0) return;
      const batch = await writable(pending, options, change);
      pending = [];
      pendingRecords = 0;
      for (const enricher of options.enrichers) {
        if (batch.practices.length === 0) break;
        try {
          batch.practices = await enricher.enrich(batch.practices, {
            pull,
            logger: options.logger,
            signal: options.signal,
          });
        } catch (error) {
          throw tagError(error, enricher.name, 'enrich', file.key);
        }
      }
      try {
        await writer.write(batch);
      } catch (error) {
        throw tagError(error, sink.name, 'sink', file.key);
      }
      if (lease.due()) await lease.renew();
    };
    for (const record of records) {
      intake.accept(itemOf(record));
      const out = intake.take();
      const produced = out.practitioners.length + out.practices.length + out.providers.length;
      decide(record, out, produced, outcomes, change, counts);
      pending.push({ record, out, produced });
      pendingRecords += produced + out.quarantine.length;
      if (pendingRecords >= options.batchSize) await flush();
    }
    await flush();
    lease.check();
    try {
      change.load = await writer.commit(tally.result());
    } catch (error) {
      throw tagError(error, sink.name, 'sink', file.key);
    }
    for (const entity of ['practitioner', 'practice', 'provider'] as const) {
      const load = change.load[entity];
      const into = counts.entities[entity];
      into.written += change.written[entity];
      if (!load) continue;
      into.inserted += load.inserted;
      into.updated += load.updated;
      into.unchanged += load.unchanged;
      into.superseded += load.superseded;
    }
  } catch (error) {
    await writer.abort().catch(() => {});
    throw error;
  }
  Object.assign(change.unmappedSpecialties, tally.unmappedSpecialties);
  Object.assign(change.unusableFields, tally.unusableFields);
  return { outcomes, change };
}

/**
 * Pairs the old rows of a record with the issues of its rerun: first by
 * entity and source id, then in order. A paired row stays, with the issue's
 * reason and message; an unpaired row is resolved (its problem is gone); an
 * unpaired issue becomes a new row. So the record keeps as many rows as a
 * clean load with the plugin of today would give it.
 */
function decide(
  record: KeptRecord,
  out: CanonicalBatch,
  produced: number,
  outcomes: ReplayRowOutcome[],
  change: CheckpointChange,
  counts: ReplayCounts,
): void {
  counts.records.replayed++;
  if (produced > 0) counts.records.loaded++;
  else counts.records.quarantined++;
  const issues = out.quarantine;
  const used = new Set<QuarantineRecord>();
  const paired = new Map<QuarantinedRow, QuarantineRecord>();
  const pair = (row: QuarantinedRow, issue: QuarantineRecord | undefined) => {
    if (!issue) return;
    used.add(issue);
    paired.set(row, issue);
  };
  for (const row of record.rows) {
    pair(
      row,
      issues.find((i) => !used.has(i) && i.entity === row.entity && i.sourceId === row.sourceId),
    );
  }
  for (const row of record.rows) {
    if (!paired.has(row))
      pair(
        row,
        issues.find((i) => !used.has(i)),
      );
  }
  for (const row of record.rows) {
    const issue = paired.get(row);
    const current = { entity: row.entity, reason: row.replayReason ?? row.reason };
    if (issue) {
      outcomes.push({ rowId: row.id, status: 'quarantined', reason: issue.reason, message: issue.message });
      counts.rows.quarantined++;
      addCount(counts.quarantineByReason, issue.reason);
      change.resolved.push(current);
      change.added.push({ entity: issue.entity, reason: issue.reason });
    } else {
      outcomes.push({ rowId: row.id, status: 'resolved' });
      counts.rows.resolved++;
      change.resolved.push(current);
    }
  }
  out.quarantine = issues.filter((i) => !used.has(i));
  for (const issue of out.quarantine) {
    change.added.push({ entity: issue.entity, reason: issue.reason });
    addCount(counts.quarantineByReason, issue.reason);
  }
}

/**
 * The canonical records of the reruns that the replay writes: not those the
 * pull already stored, nor those a newer pull stored. A record none of whose
 * records the pull had stored was quarantined whole by it: if it produces
 * records now, it moves from quarantined to loaded.
 */
async function writable(
  reruns: readonly Rerun[],
  options: ReplayFileRecordsOptions,
  change: CheckpointChange,
): Promise<CanonicalBatch> {
  const ids: Record<CanonicalEntity, string[]> = { practitioner: [], practice: [], provider: [] };
  for (const { out } of reruns) {
    for (const r of out.practitioners) ids.practitioner.push(r.id);
    for (const r of out.practices) ids.practice.push(r.id);
    for (const r of out.providers) ids.provider.push(r.id);
  }
  const lineage = await options.replayStore.lineage(options.pull, ids);
  const batch: CanonicalBatch = { practitioners: [], practices: [], providers: [], quarantine: [] };
  for (const { out, produced } of reruns) {
    const all = [...out.practitioners, ...out.practices, ...out.providers];
    const storedByThisPull = all.some((r) => lineage.get(r.id) === 'this');
    if (produced > 0 && !storedByThisPull) change.recordsLoaded++;
    const keep = <T extends { id: string }>(list: readonly T[], into: T[], entity: CanonicalEntity) => {
      for (const r of list) {
        const seen = lineage.get(r.id);
        if (seen === 'newer') options.counts.keptNewer++;
        if (seen !== undefined) continue;
        into.push(r);
        change.written[entity]++;
      }
    };
    keep(out.practitioners, batch.practitioners, 'practitioner');
    keep(out.practices, batch.practices, 'practice');
    keep(out.providers, batch.providers, 'provider');
    for (const q of out.quarantine) batch.quarantine.push(q);
  }
  return batch;
}
