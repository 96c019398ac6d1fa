import { randomUUID } from 'node:crypto';
import type { DataPull, EnrichContext, Practice } from '@provider-data/core';
import { silentLogger } from '@provider-data/core';

/**
 * A pending practice for enricher tests, with `overrides` applied.
 *
 * ### Examples
 * ```ts
 * import { testPractice } from '@provider-data/enricher-places/testing';
 *
 * const practice = testPractice({ name: 'Apollo Hospitals', city: 'Chennai', latitude: 13.06, longitude: 80.25 });
 * practice.enrichmentStatus; // 'pending'
 * ```
 */
export function testPractice(overrides: Partial<Practice> = {}): Practice {
  const coordinates = overrides.latitude != null && overrides.longitude != null;
  return {
    id: randomUUID(),
    healthSystem: 'apollo',
    sourceId: `P-${randomUUID().slice(0, 8)}`,
    name: 'Test Practice',
    facilityType: 'hospital',
    addressLine: null,
    locality: null,
    city: null,
    state: null,
    pincode: null,
    phones: [],
    email: null,
    latitude: null,
    longitude: null,
    geoSource: coordinates ? 'source' : null,
    googlePlaceId: null,
    enrichmentStatus: 'pending',
    enrichedAt: null,
    placeDetails: null,
    enrichmentEvidence: null,
    active: true,
    raw: {},
    ...overrides,
  };
}

/**
 * An enrich context for a new pull (a fresh pull id each call unless given).
 *
 * ### Examples
 * ```ts
 * import { testEnrichContext } from '@provider-data/enricher-places/testing';
 *
 * const context = testEnrichContext();
 * context.pull.pullId; // a new UUID
 * ```
 */
export function testEnrichContext(
  overrides: Partial<EnrichContext> & { pullId?: string } = {},
): EnrichContext {
  const { pullId, ...rest } = overrides;
  const pull: DataPull = {
    pullId: pullId ?? randomUUID(),
    healthSystem: 'apollo',
    pullTimestamp: '20261120T053000Z',
    dataType: 'full',
    bucket: null,
    status: 'processing',
  };
  return { pull, logger: silentLogger, ...rest };
}
