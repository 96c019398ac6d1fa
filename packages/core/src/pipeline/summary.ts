import type { ReplayCounts } from './replay/replay-counts.js';

/** What became of one entity's records. `read = inserted + updated + unchanged + superseded + quarantined`. */
export interface EntityCounts {
  /** Canonical records produced by transforms, plus those quarantined before becoming one. */
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Repeated in the same file; the later entry won (counted as loaded). */
  superseded: number;
  quarantined: number;
}

export type CanonicalEntity = 'practitioner' | 'practice' | 'provider';

/**
 * Per entity, how many updated rows changed each content column (by its
 * column name in the canonical tables, e.g. `phone`, `specialties`): a row
 * updated in two columns counts once in each. Inserted and unchanged rows
 * count nowhere.
 */
export type ChangedFields = Partial<Record<CanonicalEntity, Record<string, number>>>;

/**
 * Per entity, the file's records that an earlier file of the same pull had
 * already stored with the same content (a doctor listed in two cities'
 * files): id, content hash and `active`. The earlier file keeps such a row;
 * a later pull may repeat this file's load unread only when each of them is
 * stored just so, seen by that pull.
 */
export type SharedRows = Partial<
  Record<CanonicalEntity, [id: string, contentHash: string, active: boolean][]>
>;

/** What became of the raw records of one file. */
export interface FileReadCounts {
  /** Raw records and raw issues read. */
  read: number;
  /** Raw records that produced at least one canonical record. */
  loaded: number;
  /** Raw records and issues quarantined whole. */
  quarantined: number;
}

/** The outcome of one file, stored with its checkpoint so a resumed pull can still sum them. */
export interface FileResult {
  key: string;
  /** `failed`: the file broke part way (bad data); what was read before the break is loaded. */
  status: 'loaded' | 'failed';
  records: FileReadCounts;
  entities: Record<CanonicalEntity, EntityCounts>;
  quarantineByReason: Record<string, number>;
  unmappedSpecialties: Record<string, number>;
  unusableFields: Record<string, number>;
  /** Which columns the file's updated rows changed; absent when the sink does not count them. */
  changedFields?: ChangedFields;
  error?: { reason: string; message: string };
  durationMs: number;
  /** What decided the file's records ({@link fileFingerprint}), when known: a later pull may repeat this load. */
  fingerprint?: string;
  /** See {@link SharedRows}; stored by sinks that can repeat a load. */
  sharedRows?: SharedRows;
  /**
   * Set when the file was not read: it was byte-identical to the file of this
   * pull id, whose records were marked seen by this pull instead (counted as
   * unchanged; see {@link Sink.repeatUnchangedFile}).
   */
  unchangedFrom?: string;
}

/** What the sink did when it finished a pull: providers resolved, records deactivated. */
export interface FinishPullResult {
  providers: {
    inserted: number;
    updated: number;
    unchanged: number;
    superseded: number;
    quarantined: number;
  };
  deactivated: Record<CanonicalEntity, number>;
}

/** A pull's summary: stored on the pull row, returned by the Lambda. Its counts reconcile. */
export interface PullSummary {
  pullId: string;
  healthSystem: string;
  dataType: 'full' | 'incremental';
  files: {
    total: number;
    /** Processed by this run. */
    processed: number;
    /** Checkpointed by an earlier run of this pull and skipped. */
    resumed: number;
    /** Files not read (this run's and resumed ones): byte-identical to the previous pull's, their records marked seen. */
    unchanged?: number;
    failed: { key: string; reason: string; message: string }[];
  };
  records: FileReadCounts;
  entities: Record<CanonicalEntity, EntityCounts>;
  quarantineByReason: Record<string, number>;
  unmappedSpecialties: Record<string, number>;
  unusableFields: Record<string, number>;
  /** Which columns the pull's updated rows changed, summed over its files. */
  changedFields?: ChangedFields;
  deactivated: Record<CanonicalEntity, number>;
  enrichment: Record<string, number>;
  /** True when every raw record and every canonical record is accounted for. */
  reconciled: boolean;
  durationMs: number;
  /** What each replay of the pull's quarantine did (`replayPull`), oldest first; absent before the first. */
  replays?: ReplayCounts[];
}

/** Zero counts for one entity. */
export function emptyEntityCounts(): EntityCounts {
  return { read: 0, inserted: 0, updated: 0, unchanged: 0, superseded: 0, quarantined: 0 };
}

/** Zero counts for every entity. */
export function emptyEntities(): Record<CanonicalEntity, EntityCounts> {
  return { practitioner: emptyEntityCounts(), practice: emptyEntityCounts(), provider: emptyEntityCounts() };
}

/**
 * Adds `n` to the count of `key`. Keys are wordings from the data, so one
 * may be `__proto__` or `constructor`: own properties only, defined rather
 * than assigned.
 */
export function addCount(into: Record<string, number>, key: string, n = 1): void {
  if (Object.hasOwn(into, key)) into[key] = (into[key] as number) + n;
  else Object.defineProperty(into, key, { value: n, enumerable: true, writable: true, configurable: true });
}

/** Adds `from` into `into`, key by key. */
export function addCounts(into: Record<string, number>, from: Record<string, number>): void {
  for (const [k, v] of Object.entries(from)) addCount(into, k, v);
}

/**
 * The entities of `changed` that changed any column, or undefined when none
 * did: what a sink reports, so that an unchanged load carries no empty maps.
 */
export function compactChangedFields(changed: ChangedFields): ChangedFields | undefined {
  const entries = Object.entries(changed).filter(([, fields]) => fields && Object.keys(fields).length > 0);
  return entries.length > 0 ? (Object.fromEntries(entries) as ChangedFields) : undefined;
}

/** True when an entity's counts account for every record read. */
export function entityReconciles(c: EntityCounts): boolean {
  return c.read === c.inserted + c.updated + c.unchanged + c.superseded + c.quarantined;
}
