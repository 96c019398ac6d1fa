import type { EnrichmentStatus, GeoSource, Practice } from '@provider-data/core';
import { type RawBuilder, sql } from 'kysely';

/** A stored practice's enrichment, as read before its file is merged. */
export interface StoredEnrichmentRow {
  id: string;
  google_place_id: string | null;
  enrichment_status: string;
  enriched_at: Date | null;
  place_details: Practice['placeDetails'];
  enrichment_evidence: Practice['enrichmentEvidence'];
  latitude: number | null;
  longitude: number | null;
  geo_source: string | null;
}

/** Statuses that say "not looked up this time", which must not erase an earlier answer. */
const NOT_LOOKED_UP = new Set<EnrichmentStatus>(['skipped', 'pending']);
/** Statuses that are an answer from Places. */
const ANSWERED = new Set(['matched', 'no_match']);

/**
 * The practice to store when an incoming practice was not looked up
 * (`skipped`, `pending`) but the stored one has an answer (`matched`,
 * `no_match`): the stored place id, status, `enriched_at`, place details and
 * enrichment evidence stay, and so do the stored coordinates unless the incoming record brings
 * its own from the source (`geo_source = 'source'`). Otherwise the incoming
 * practice as it is.
 *
 * The content hash is taken of the result, so a pull that skips enrichment
 * neither erases it nor counts the practice as changed.
 */
export function keepStoredEnrichment(incoming: Practice, stored: StoredEnrichmentRow | undefined): Practice {
  if (!stored || !NOT_LOOKED_UP.has(incoming.enrichmentStatus) || !ANSWERED.has(stored.enrichment_status)) {
    return incoming;
  }
  const ownCoordinates = incoming.geoSource === 'source';
  return {
    ...incoming,
    googlePlaceId: stored.google_place_id,
    enrichmentStatus: stored.enrichment_status as EnrichmentStatus,
    enrichedAt: stored.enriched_at === null ? null : new Date(stored.enriched_at),
    placeDetails: stored.place_details,
    enrichmentEvidence: stored.enrichment_evidence,
    latitude: ownCoordinates ? incoming.latitude : stored.latitude === null ? null : Number(stored.latitude),
    longitude: ownCoordinates
      ? incoming.longitude
      : stored.longitude === null
        ? null
        : Number(stored.longitude),
    geoSource: incoming.geoSource ?? (stored.geo_source as GeoSource | null),
  };
}

/**
 * The stored enrichment of the practices of a batch that this load did not
 * look up (`skipped`, `pending`) and that an earlier load answered, by id: one
 * statement, run by `run`, for {@link keepStoredEnrichment}.
 */
export async function storedEnrichment(
  run: (statement: RawBuilder<StoredEnrichmentRow>) => Promise<StoredEnrichmentRow[]>,
  practicesTable: RawBuilder<unknown>,
  practices: readonly Practice[],
): Promise<Map<string, StoredEnrichmentRow>> {
  const ids = practices.filter((p) => NOT_LOOKED_UP.has(p.enrichmentStatus)).map((p) => p.id);
  if (ids.length === 0) return new Map();
  const rows = await run(
    sql<StoredEnrichmentRow>`SELECT id, google_place_id, enrichment_status, enriched_at, place_details,
        enrichment_evidence, latitude, longitude, geo_source
      FROM ${practicesTable}
      WHERE id = ANY(${ids}::uuid[]) AND enrichment_status IN (${sql.join([...ANSWERED])})`,
  );
  return new Map(rows.map((r) => [r.id, r]));
}
