import { errorMessage } from '../errors.js';
import { QuarantineReason, type QuarantineRecord } from '../model/quarantine.js';
import type { DataPull } from '../pull/data-pull.js';
import type { CanonicalBatch } from '../sink/sink.js';
import { boundedJson } from '../source/bounded-json.js';
import { checkRecordBounds, type RecordLimits } from '../source/record-bounds.js';
import type { RawRecord, SourceFile, SourceItem } from '../source/source.js';
import type { TransformContext, TransformResult, Transformer } from '../transformer/transformer.js';
import type { FileTally } from './file-tally.js';

/** How much of a record that cannot be kept whole goes into its quarantine row's `raw`. */
const RAW_HEAD_CHARS = 65_536;

function emptyBatch(): CanonicalBatch {
  return { practitioners: [], practices: [], providers: [], quarantine: [] };
}

/** The record as text for a quarantine row; never throws, whatever the value. */
function rawText(value: unknown): string | null {
  if (value === undefined) return null;
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value);
  } catch {
    // Too deep for JSON.stringify, a cycle, a BigInt: what can be written, written without recursion.
    return boundedJson(value, RAW_HEAD_CHARS);
  }
}

type Output = { [K in keyof TransformResult]-?: NonNullable<TransformResult[K]> };

/** The lists of a transform's result; throws (a transform error) for a result that is not one. */
function outputOf(result: TransformResult): Output {
  if (typeof result !== 'object' || result === null) throw new Error('the result is not an object');
  const list = <T>(value: T[] | undefined, name: string): T[] => {
    if (value === undefined) return [];
    if (!Array.isArray(value)) throw new Error(`${name} of the result is not an array`);
    return value;
  };
  return {
    practitioners: list(result.practitioners, 'practitioners'),
    practices: list(result.practices, 'practices'),
    providers: list(result.providers, 'providers'),
    issues: list(result.issues, 'issues'),
    unmappedSpecialties: list(result.unmappedSpecialties, 'unmappedSpecialties'),
    unusableFields: list(result.unusableFields, 'unusableFields'),
  };
}

/** Appends without spreading: one record may make 100,000 providers, more arguments than a call takes. */
function append<T>(into: T[], items: readonly T[]): void {
  for (const item of items) into.push(item);
}

/**
 * What becomes of each item a source yields, while a file streams: a bound
 * check, the transform, the tally, and the batch of canonical records and
 * quarantine rows that the file's next sink write takes. Nothing here
 * throws on a record: whatever a record does, it costs that record only.
 */
export class RecordIntake {
  private batch = emptyBatch();
  /** Records and quarantine rows in the batch. */
  pending = 0;

  constructor(
    private readonly pull: DataPull,
    private readonly file: SourceFile,
    private readonly transformer: Transformer,
    private readonly context: TransformContext,
    private readonly limits: RecordLimits,
    private readonly tally: FileTally,
  ) {}

  /** Takes the batch so far and starts a new one. */
  take(): CanonicalBatch {
    const out = this.batch;
    this.batch = emptyBatch();
    this.pending = 0;
    return out;
  }

  /** Quarantines a row of this file (a record, or the file itself). */
  quarantine(row: Omit<QuarantineRecord, 'pullId' | 'healthSystem' | 'objectKey'>): void {
    this.batch.quarantine.push({
      pullId: this.pull.pullId,
      healthSystem: this.pull.healthSystem,
      objectKey: this.file.key,
      ...row,
    });
    this.tally.quarantined(row.entity, row.reason);
    this.pending++;
  }

  accept(item: SourceItem): void {
    const tally = this.tally;
    tally.records.read++;
    if (item.kind === 'issue') {
      tally.records.quarantined++;
      this.quarantineWhole(item, item.reason, item.message, item.text);
      return;
    }
    const violation = checkRecordBounds(item.value, this.limits);
    if (violation !== null) {
      tally.records.quarantined++;
      const raw = boundedJson(item.value, RAW_HEAD_CHARS);
      const kept = raw.length > RAW_HEAD_CHARS ? ` (raw holds its first ${RAW_HEAD_CHARS} characters)` : '';
      this.quarantineWhole(item, violation.reason, `${violation.message}${kept}`, raw);
      return;
    }
    let output: Output;
    try {
      output = outputOf(this.transformer.transform(item, this.context));
    } catch (error) {
      tally.records.quarantined++;
      const message = `transform threw: ${errorMessage(error)}`;
      this.quarantineWhole(item, QuarantineReason.transformError, message, rawText(item.value));
      return;
    }
    this.collect(item, output);
  }

  private quarantineWhole(item: SourceItem, reason: string, message: string, raw: string | null): void {
    this.quarantine({
      position: item.position,
      entity: item.entity ?? 'file',
      sourceId: null,
      reason,
      message,
      raw,
      recordType: item.type,
    });
  }

  private collect(item: RawRecord, output: Output): void {
    const tally = this.tally;
    const { practitioners, practices, providers, issues } = output;
    const produced = practitioners.length + practices.length + providers.length;
    tally.note(tally.unmappedSpecialties, output.unmappedSpecialties);
    tally.note(tally.unusableFields, output.unusableFields);
    if (produced > 0) tally.records.loaded++;
    else tally.records.quarantined++;
    const raw = issues.length > 0 || produced === 0 ? rawText(item.value) : null;
    for (const issue of issues) {
      this.quarantine({
        position: item.position,
        entity: issue.entity,
        sourceId: issue.sourceId ?? null,
        reason: issue.reason,
        message: issue.message,
        raw,
        recordType: item.type,
      });
    }
    if (produced === 0 && issues.length === 0) {
      this.quarantine({
        position: item.position,
        entity: 'file',
        sourceId: null,
        reason: 'empty_result',
        message: 'the transformer produced no record and no issue',
        raw,
        recordType: item.type,
      });
    }
    if (produced > 0) {
      tally.produced('practitioner', practitioners.length);
      tally.produced('practice', practices.length);
      tally.produced('provider', providers.length);
      append(this.batch.practitioners, practitioners);
      append(this.batch.practices, practices);
      append(this.batch.providers, providers);
      this.pending += produced;
    }
  }
}
