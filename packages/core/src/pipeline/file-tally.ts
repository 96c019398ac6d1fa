import type { EntityKind } from '../model/common.js';
import { addCount, type CanonicalEntity, emptyEntities, type FileResult } from './summary.js';

/**
 * Most distinct wordings counted by name per file, in `unmappedSpecialties`
 * and `unusableFields`; later new ones are counted under {@link OTHER_WORDINGS}.
 * One hostile record can list 140,000 made-up specialties, and the summary
 * must stay a summary.
 */
export const MAX_DISTINCT_WORDINGS = 1000;
/** The key that counts the wordings past {@link MAX_DISTINCT_WORDINGS}. */
export const OTHER_WORDINGS = '(other wordings)';

/** Counts what became of one file's records while it streams. */
export class FileTally {
  readonly records = { read: 0, loaded: 0, quarantined: 0 };
  readonly entities = emptyEntities();
  readonly quarantineByReason: Record<string, number> = {};
  readonly unmappedSpecialties: Record<string, number> = {};
  readonly unusableFields: Record<string, number> = {};
  error: { reason: string; message: string } | undefined;
  private readonly started = Date.now();

  constructor(readonly key: string) {}

  quarantined(entity: EntityKind, reason: string): void {
    addCount(this.quarantineByReason, reason);
    if (entity !== 'file') {
      this.entities[entity].read++;
      this.entities[entity].quarantined++;
    }
  }

  produced(entity: CanonicalEntity, count: number): void {
    this.entities[entity].read += count;
  }

  note(into: Record<string, number>, values: readonly string[]): void {
    for (const value of values) {
      if (Object.hasOwn(into, value)) {
        addCount(into, value);
        continue;
      }
      const distinct = this.distinct.get(into) ?? 0;
      if (distinct < MAX_DISTINCT_WORDINGS) {
        addCount(into, value);
        this.distinct.set(into, distinct + 1);
      } else addCount(into, OTHER_WORDINGS);
    }
  }

  /** Keys given to each map by {@link note}. */
  private readonly distinct = new Map<Record<string, number>, number>();

  result(): FileResult {
    const result: FileResult = {
      key: this.key,
      status: this.error ? 'failed' : 'loaded',
      records: { ...this.records },
      entities: this.entities,
      quarantineByReason: this.quarantineByReason,
      unmappedSpecialties: this.unmappedSpecialties,
      unusableFields: this.unusableFields,
      durationMs: Date.now() - this.started,
    };
    if (this.error) result.error = this.error;
    return result;
  }
}
