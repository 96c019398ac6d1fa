import type { CanonicalEntity } from '@provider-data/core';
import { DEFAULT_PULL_SCHEMA, DEFAULT_SCHEMA, type Database } from '@provider-data/sink-postgres';
import type { Kysely } from 'kysely';
import { indiaOutline } from './geo/india-outline.js';
import { changesReport } from './queries/changes.js';
import { entityPresence, PRESENCE_RULES } from './queries/completeness.js';
import { enrichmentReport } from './queries/enrichment.js';
import { identityReport } from './queries/identity.js';
import { mapReport, trendReport } from './queries/map-and-trend.js';
import { quarantineReport } from './queries/quarantine.js';
import { specialtyWordings } from './queries/specialties.js';
import { coordinateQuality, VALIDITY_RULES, validRows } from './queries/validity.js';
import { type ReportContext, reportContext } from './report-context.js';
import type { FieldQuality, ReportData } from './report-data.js';
import type { ReportOptions, ResolvedReportOptions } from './report-options.js';
import { resolveScope } from './report-scope.js';

const ENTITIES: readonly CanonicalEntity[] = ['practitioner', 'practice', 'provider'];

function resolveOptions(options: ReportOptions): ResolvedReportOptions {
  return {
    schema: options.schema ?? DEFAULT_SCHEMA,
    pullSchema: options.pullSchema ?? DEFAULT_PULL_SCHEMA,
    cityReachKm: options.cityReachKm ?? 50,
    mapPoints: options.mapPoints ?? 4000,
    samplesPerReason: options.samplesPerReason ?? 3,
    topUnmapped: options.topUnmapped ?? 20,
    trendPulls: options.trendPulls ?? 30,
    now: options.now ?? new Date(),
  };
}

/** Completeness of every field, with validity where a rule exists (coordinates included). */
async function fieldQuality(ctx: ReportContext): Promise<{
  fields: FieldQuality[];
  totals: ReportData['totals'];
  coordinates: ReportData['coordinates'];
}> {
  const india = await indiaOutline();
  const [presence, valid, coordinates] = await Promise.all([
    Promise.all(ENTITIES.map((entity) => entityPresence(ctx, entity))),
    Promise.all(VALIDITY_RULES.map((rule) => validRows(ctx, rule))),
    coordinateQuality(ctx, india),
  ]);
  const fields: FieldQuality[] = [];
  ENTITIES.forEach((entity, i) => {
    const { rows, present } = presence[i] ?? { rows: 0, present: {} };
    for (const { field } of PRESENCE_RULES[entity].rules) {
      const v = VALIDITY_RULES.findIndex((r) => r.entity === entity && r.field === field);
      const coordinatesRule = entity === 'practice' && field === 'coordinates';
      fields.push({
        entity,
        field,
        rows,
        present: present[field] ?? 0,
        valid: v >= 0 ? (valid[v] ?? 0) : coordinatesRule ? coordinates.nearCity : null,
        rule:
          v >= 0
            ? (VALIDITY_RULES[v]?.rule ?? null)
            : coordinatesRule
              ? `inside India and within ${coordinates.reachKm} km of the stated city's centre`
              : null,
      });
    }
  });
  const totals = {
    practitioner: presence[0]?.rows ?? 0,
    practice: presence[1]?.rows ?? 0,
    provider: presence[2]?.rows ?? 0,
  };
  return { fields, totals, coordinates };
}

/**
 * Gathers everything the data-quality report shows, from the database:
 * completeness and validity per field, specialty wordings, quarantine,
 * changes against the previous pull, enrichment, identity links (when the
 * identity tables exist), the map's practices and the trend of pulls. Counts
 * and samples are taken in SQL; only distinct values go to core's
 * standardizers for the validity checks.
 *
 * ### Examples
 * ```ts
 * import { collectReport } from '@provider-data/report';
 * import { createDatabase } from '@provider-data/sink-postgres';
 *
 * const { db, close } = await createDatabase('./.pdm/db');
 * const data = await collectReport(db, { healthSystem: 'apollo' });
 * console.log(data.totals.practitioner, data.quarantine?.total);
 * await close();
 * ```
 */
export async function collectReport(db: Kysely<Database>, options: ReportOptions): Promise<ReportData> {
  const resolved = resolveOptions(options);
  const { scope, summary } = await resolveScope(db, resolved.pullSchema, options);
  const ctx = reportContext(db, resolved, scope, summary);
  const pullId = scope.pull?.pullId;
  const [quality, specialties, quarantine, enrichment, identity, map, trend] = await Promise.all([
    fieldQuality(ctx),
    specialtyWordings(ctx),
    pullId ? quarantineReport(ctx, pullId) : null,
    enrichmentReport(ctx),
    identityReport(ctx),
    mapReport(ctx),
    trendReport(ctx),
  ]);
  return {
    generatedAt: resolved.now.toISOString(),
    scope,
    totals: quality.totals,
    fields: quality.fields,
    coordinates: quality.coordinates,
    specialties,
    quarantine,
    changes: summary ? changesReport(summary) : null,
    enrichment,
    identity,
    map,
    trend,
  };
}
