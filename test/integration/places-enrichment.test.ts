// Places enrichment end to end: pulls through the pipeline into PGlite and
// PostgreSQL, the enricher's real clients (fetch for the new API, Google's
// client for the legacy one) against the Places test server on loopback. The
// two decoys that were once accepted are rejected, source coordinates stay,
// and the evidence of every decision is in a column a reviewer can query.
import { createRegistry, processPull } from '@provider-data/core';
import { createMemoryObjectStore } from '@provider-data/core/testing';
import { createPlacesEnricher } from '@provider-data/enricher-places';
import { type PlacesTestServer, startPlacesTestServer } from '@provider-data/enricher-places/testing';
import { apolloPlugin } from '@provider-data/plugin-apollo';
import { fortisPlugin } from '@provider-data/plugin-fortis';
import {
  createDatabase,
  createPostgresPullStore,
  createPostgresSink,
  type DatabaseHandle,
  migrate,
  registerPull,
} from '@provider-data/sink-postgres';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from './databases.js';

const TS = '20261201T060000Z';
const store = createMemoryObjectStore();
const hospital = (overrides: object) => ({
  category: 'Clinic',
  phones: ['080-4040 4040'],
  departments: [],
  ...overrides,
});

beforeAll(async () => {
  await store.put(
    `apollo/datapulls/${TS}/by_city/Bengaluru.json`,
    JSON.stringify({
      meta: {
        city: 'Bengaluru',
        state: 'Karnataka',
        generatedAt: '2026-12-01T11:00:00+05:30',
        schemaVersion: '1.3',
      },
      hospitals: [
        hospital({
          hospitalId: 'AH-BLR-014',
          name: 'Apollo Clinic, Indiranagar',
          addressLine: '100 Feet Road',
          area: 'Indiranagar',
          city: 'Bangalore',
          state: 'Karnataka',
          pincode: '560038',
          location: null,
        }),
      ],
      doctors: [],
    }),
  );
  await store.put(
    `apollo/datapulls/${TS}/by_city/Chennai.json`,
    JSON.stringify({
      meta: {
        city: 'Chennai',
        state: 'Tamil Nadu',
        generatedAt: '2026-12-01T11:00:00+05:30',
        schemaVersion: '1.3',
      },
      hospitals: [
        hospital({
          hospitalId: 'AH-CHN-001',
          name: 'Apollo Hospitals, Greams Road',
          category: 'Hospital',
          addressLine: '21 Greams Lane',
          area: 'Thousand Lights',
          city: 'Chennai',
          state: 'Tamil Nadu',
          pincode: '600006',
          location: { lat: 13.0601, lng: 80.2499 },
        }),
      ],
      doctors: [],
    }),
  );
  await store.put(
    `fortis/datapulls/${TS}/by_city/new-delhi/facilities.ndjson`,
    `${JSON.stringify({
      facility_code: 'FC-RJG',
      facility_name: 'Fortis Clinic, Rajouri Garden',
      facility_type: 'CLINIC',
      address_1: 'J-12',
      address_2: null,
      locality: 'Rajouri Garden',
      city: 'New Delhi',
      state: 'Delhi',
      pin_code: '110027',
      contact_numbers: '011 4277 6222',
      geo: '',
      nabh_accredited: 'N',
    })}\n`,
  );
});

async function startServer(): Promise<PlacesTestServer> {
  return startPlacesTestServer({
    places: [
      {
        placeId: 'ChIJ-lucknow-indira-nagar',
        name: 'Apollo Clinic Indira Nagar',
        formattedAddress: 'B-1/12, Sector B, Indira Nagar, Lucknow, Uttar Pradesh 226016, India',
        lat: 26.8868,
        lng: 81.0004,
        answersTo: ['Apollo Clinic, Indiranagar'],
      },
      {
        placeId: 'ChIJ-max-rajouri',
        name: 'Max Multispeciality Clinic, Rajouri Garden',
        formattedAddress: 'J-10, Rajouri Garden, New Delhi, Delhi 110027, India',
        lat: 28.6492,
        lng: 77.1227,
        answersTo: ['Fortis Clinic, Rajouri Garden'],
      },
      {
        placeId: 'ChIJ-apollo-greams',
        name: 'Apollo Hospitals Greams Road',
        formattedAddress:
          '21, Greams Lane, Off Greams Road, Thousand Lights, Chennai, Tamil Nadu 600006, India',
        lat: 13.0604,
        lng: 80.2496,
      },
    ],
  });
}

describe.each(TEST_DATABASES)('Places enrichment into %s', (name, databaseUrl) => {
  let handle: DatabaseHandle;
  let server: PlacesTestServer;
  const schemas: { schema: string; pullSchema: string }[] = [];

  beforeAll(async () => {
    if (!databaseUrl) return;
    [handle, server] = await Promise.all([createDatabase(databaseUrl), startServer()]);
  });
  afterAll(async () => {
    await server?.close();
    if (!handle) return;
    for (const names of schemas) {
      await sql`DROP SCHEMA IF EXISTS ${sql.id(names.schema)} CASCADE`.execute(handle.db);
      await sql`DROP SCHEMA IF EXISTS ${sql.id(names.pullSchema)} CASCADE`.execute(handle.db);
    }
    await handle.close();
  });

  it.skipIf(!databaseUrl).each(['new', 'legacy'] as const)(
    'on the Places API (%s): both decoys rejected, source coordinates kept, the evidence stored',
    async (api) => {
      const suffix = `${process.pid}_${name.toLowerCase()}_${api}`;
      const names = { schema: `places_${suffix}`, pullSchema: `places_pulls_${suffix}` };
      schemas.push(names);
      await migrate(handle.db, names);
      server.resetCalls();
      const places = createPlacesEnricher({ api, apiKey: 'integration-key', baseUrl: server.url });
      const registry = createRegistry().register(apolloPlugin).register(fortisPlugin);
      for (const healthSystem of ['apollo', 'fortis']) {
        const pull = await registerPull(
          handle.db,
          { healthSystem, pullTimestamp: TS, dataType: 'full' },
          names,
        );
        const result = await processPull({
          pullId: pull.pullId,
          registry,
          pullStore: createPostgresPullStore(handle.db, names),
          sink: createPostgresSink(handle.db, names),
          store,
          enrichers: [places],
        });
        expect(result.status).toBe('processed');
      }
      // One billed call per practice, all searches of the chosen API.
      expect(server.calls.total).toBe(3);
      expect(server.calls.byEndpoint[api === 'new' ? 'searchText' : 'findplacefromtext']).toBe(3);

      const { rows } = await sql<{
        source_id: string;
        enrichment_status: string;
        google_place_id: string | null;
        latitude: number | null;
        longitude: number | null;
        geo_source: string | null;
        rule: string;
        evidence: {
          api: string;
          accepted: { distanceMeters: number } | null;
          rejected: { name: string; reason: string; distanceMeters: number }[];
        };
      }>`SELECT source_id, enrichment_status, google_place_id, latitude, longitude, geo_source,
                enrichment_evidence->>'rule' AS rule, enrichment_evidence AS evidence
           FROM ${sql.table(`${names.schema}.practices`)} ORDER BY source_id`.execute(handle.db);
      const bySource = Object.fromEntries(rows.map((r) => [r.source_id, r]));

      // 1,500 km away in Lucknow: not this Bengaluru clinic, and no coordinates from it.
      expect(bySource['AH-BLR-014']).toMatchObject({
        enrichment_status: 'no_match',
        google_place_id: null,
        latitude: null,
        longitude: null,
        geo_source: null,
        rule: 'city_mismatch',
      });
      const lucknow = bySource['AH-BLR-014']!.evidence.rejected[0]!;
      expect(lucknow).toMatchObject({ name: 'Apollo Clinic Indira Nagar', reason: 'city_mismatch' });
      expect(lucknow.distanceMeters).toBeGreaterThan(1_500_000);
      // Max is not Fortis, however alike the locality words.
      expect(bySource['FC-RJG']).toMatchObject({
        enrichment_status: 'no_match',
        google_place_id: null,
        rule: 'brand_mismatch',
      });
      expect(bySource['FC-RJG']!.evidence.rejected[0]).toMatchObject({
        name: 'Max Multispeciality Clinic, Rajouri Garden',
      });
      // The right place is matched, and the source's own coordinates stay.
      expect(bySource['AH-CHN-001']).toMatchObject({
        enrichment_status: 'matched',
        google_place_id: 'ChIJ-apollo-greams',
        latitude: 13.0601,
        longitude: 80.2499,
        geo_source: 'source',
        rule: 'matched',
        evidence: { api },
      });
      expect(bySource['AH-CHN-001']!.evidence.accepted!.distanceMeters).toBeLessThan(100);

      // What a reviewer asks: the practices left unmatched, and why.
      const review = await sql<{ source_id: string; rule: string }>`
        SELECT source_id, enrichment_evidence->>'rule' AS rule FROM ${sql.table(`${names.schema}.practices`)}
         WHERE enrichment_status = 'no_match' ORDER BY source_id`.execute(handle.db);
      expect(review.rows).toEqual([
        { source_id: 'AH-BLR-014', rule: 'city_mismatch' },
        { source_id: 'FC-RJG', rule: 'brand_mismatch' },
      ]);
    },
  );
});
