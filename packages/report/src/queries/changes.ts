import type { CanonicalEntity, PullSummary } from '@provider-data/core';
import type { ChangesReport } from '../report-data.js';

const ENTITIES: readonly CanonicalEntity[] = ['practitioner', 'practice', 'provider'];

/**
 * What a pull changed, from its stored summary: inserted, updated,
 * unchanged and deactivated per entity, and which columns the updates
 * changed most (null for a summary stored before they were counted).
 */
export function changesReport(summary: PullSummary, topFields = 10): ChangesReport {
  const entities = ENTITIES.map((entity) => {
    return { entity, ...summary.entities[entity], deactivated: summary.deactivated?.[entity] ?? 0 };
  });
  const stored = summary.changedFields;
  const changedFields = stored
    ? ENTITIES.flatMap((entity) =>
        Object.entries(stored[entity] ?? {})
          .map(([field, count]) => ({ entity, field, count }))
          .sort((a, b) => b.count - a.count || (a.field < b.field ? -1 : 1))
          .slice(0, topFields),
      )
    : null;
  return { entities, changedFields };
}
