import { QuarantineReason } from '../model/quarantine.js';
import type { DataPull } from '../pull/data-pull.js';
import { addLoadCounts } from '../sink/load-counts.js';
import {
  addCounts,
  type CanonicalEntity,
  type ChangedFields,
  emptyEntities,
  entityReconciles,
  type FileResult,
  type FinishPullResult,
  type PullSummary,
} from './summary.js';

const ENTITIES: readonly CanonicalEntity[] = ['practitioner', 'practice', 'provider'];

/** Sums file results (this run's and checkpointed ones) and the sink's finish into a pull summary. */
export function summarizePull(input: {
  pull: DataPull;
  files: number;
  processed: number;
  resumed: number;
  results: readonly FileResult[];
  finish?: FinishPullResult;
  enrichment: Record<string, number>;
  started: number;
}): PullSummary {
  const { pull, results, finish } = input;
  const records = { read: 0, loaded: 0, quarantined: 0 };
  const entities = emptyEntities();
  const quarantineByReason: Record<string, number> = {};
  const unmappedSpecialties: Record<string, number> = {};
  const unusableFields: Record<string, number> = {};
  const changedFields: ChangedFields = {};
  const failed: PullSummary['files']['failed'] = [];

  for (const result of results) {
    records.read += result.records.read;
    records.loaded += result.records.loaded;
    records.quarantined += result.records.quarantined;
    for (const entity of ENTITIES) addCounts(entities[entity] as never, result.entities[entity] as never);
    addCounts(quarantineByReason, result.quarantineByReason);
    addCounts(unmappedSpecialties, result.unmappedSpecialties);
    addCounts(unusableFields, result.unusableFields);
    for (const entity of ENTITIES) {
      const changed = result.changedFields?.[entity];
      if (!changed) continue;
      const into = changedFields[entity] ?? {};
      addCounts(into, changed);
      changedFields[entity] = into;
    }
    if (result.status === 'failed') {
      failed.push({
        key: result.key,
        reason: result.error?.reason ?? 'failed',
        message: result.error?.message ?? '',
      });
    }
  }

  if (finish) {
    addLoadCounts({ entities, quarantineByReason }, 'provider', finish.providers, {
      reason: QuarantineReason.unknownPractice,
      count: finish.providers.quarantined,
    });
  }

  const reconciled =
    records.read === records.loaded + records.quarantined &&
    ENTITIES.every((entity) =>
      entity === 'provider' && !finish ? true : entityReconciles(entities[entity]),
    );

  return {
    pullId: pull.pullId,
    healthSystem: pull.healthSystem,
    dataType: pull.dataType,
    files: {
      total: input.files,
      processed: input.processed,
      resumed: input.resumed,
      unchanged: results.filter((r) => r.unchangedFrom !== undefined).length,
      failed,
    },
    records,
    entities,
    quarantineByReason,
    unmappedSpecialties,
    unusableFields,
    changedFields,
    deactivated: finish?.deactivated ?? { practitioner: 0, practice: 0, provider: 0 },
    enrichment: input.enrichment,
    reconciled,
    durationMs: Date.now() - input.started,
  };
}
