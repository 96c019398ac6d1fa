import type { EntityKind } from '../model/common.js';
import { type CanonicalEntity, emptyEntities, type FileResult } from './summary.js';

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
    this.quarantineByReason[reason] = (this.quarantineByReason[reason] ?? 0) + 1;
    if (entity !== 'file') {
      this.entities[entity].read++;
      this.entities[entity].quarantined++;
    }
  }

  produced(entity: CanonicalEntity, count: number): void {
    this.entities[entity].read += count;
  }

  note(into: Record<string, number>, values: readonly string[] | undefined): void {
    if (values) for (const value of values) into[value] = (into[value] ?? 0) + 1;
  }

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
