/**
 * Test helpers of this package (not exported): canonical records with stable
 * ids, and databases to run one suite against PGlite and PostgreSQL.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import {
  type DataPull,
  emptyEntities,
  type FileResult,
  type Practice,
  type Practitioner,
  type Provider,
  type QuarantineRecord,
  practiceId,
  practitionerId,
  providerId,
} from '@provider-data/core';
import { type Kysely, sql } from 'kysely';
import { createDatabase, type DatabaseHandle } from './database.js';
import type { Database } from './database-types.js';
import { migrate } from './migrations.js';
import { registerPull } from './pull-store.js';

export const HEALTH_SYSTEM = 'apollo';

/** A valid practitioner; `overrides` win. */
export function practitioner(sourceId: string, overrides: Partial<Practitioner> = {}): Practitioner {
  const healthSystem = overrides.healthSystem ?? HEALTH_SYSTEM;
  return {
    id: practitionerId(healthSystem, sourceId),
    healthSystem,
    sourceId,
    displayName: `K. Ramesh Kumar ${sourceId}`,
    prefixes: ['Dr.'],
    givenName: 'K. Ramesh',
    familyName: 'Kumar',
    gender: 'male',
    specialties: ['cardiology'],
    specialtiesRaw: ['Cardiologist'],
    qualifications: [{ degree: 'DM', subject: 'Cardiology', institution: null }],
    languages: ['en', 'ta'],
    practiceStartYear: 2003,
    registrationCouncil: 'Tamil Nadu Medical Council',
    registrationNumber: '12345',
    phone: '+919840012345',
    email: 'ramesh@example.org',
    active: true,
    raw: { doctorId: sourceId, name: `Dr. K. Ramesh Kumar ${sourceId}` },
    ...overrides,
  };
}

/** A valid practice, not enriched; `overrides` win. */
export function practice(sourceId: string, overrides: Partial<Practice> = {}): Practice {
  const healthSystem = overrides.healthSystem ?? HEALTH_SYSTEM;
  return {
    id: practiceId(healthSystem, sourceId),
    healthSystem,
    sourceId,
    name: `Apollo Hospitals ${sourceId}`,
    facilityType: 'hospital',
    addressLine: '21 Greams Lane',
    locality: 'Thousand Lights',
    city: 'Chennai',
    state: 'Tamil Nadu',
    pincode: '600006',
    phones: ['+914428293333', '+914428294444'],
    email: null,
    latitude: null,
    longitude: null,
    geoSource: null,
    googlePlaceId: null,
    enrichmentStatus: 'skipped',
    enrichedAt: null,
    placeDetails: null,
    enrichmentEvidence: null,
    active: true,
    raw: { hospitalId: sourceId },
    ...overrides,
  };
}

/** A valid provider: `practitionerSourceId` at `practiceSourceId`. */
export function provider(
  practitionerSourceId: string,
  practiceSourceId: string,
  overrides: Partial<Provider> = {},
): Provider {
  const healthSystem = overrides.healthSystem ?? HEALTH_SYSTEM;
  return {
    id: providerId(healthSystem, practitionerSourceId, practiceSourceId),
    healthSystem,
    practitionerId: practitionerId(healthSystem, practitionerSourceId),
    practiceId: practiceId(healthSystem, practiceSourceId),
    practitionerSourceId,
    practiceSourceId,
    designation: 'Senior Consultant',
    department: 'Cardiac Sciences',
    specialties: ['cardiology'],
    consultationFeeInr: 1200,
    schedule: [{ days: ['mon', 'tue'], start: '09:00', end: '13:00' }],
    active: true,
    ...overrides,
  };
}

/** A quarantine row of `pull` in `objectKey`. */
export function quarantined(
  pull: DataPull,
  objectKey: string,
  overrides: Partial<QuarantineRecord> = {},
): QuarantineRecord {
  return {
    pullId: pull.pullId,
    healthSystem: pull.healthSystem,
    objectKey,
    position: '3',
    entity: 'practitioner',
    sourceId: null,
    reason: 'missing_field',
    message: 'doctorId is required',
    raw: '{"name":"Dr. A"}',
    ...overrides,
  };
}

/** A file result as the pipeline would pass it to `commit`. */
export function fileResult(key: string): FileResult {
  return {
    key,
    status: 'loaded',
    records: { read: 0, loaded: 0, quarantined: 0 },
    entities: emptyEntities(),
    quarantineByReason: {},
    unmappedSpecialties: {},
    unusableFields: {},
    durationMs: 1,
  };
}

/** One database of the suite, with fresh schemas per test. */
export interface TestDatabase {
  name: 'pglite' | 'postgres';
  handle: DatabaseHandle;
}

/** Opens the suite's database: an in-memory PGlite, or PostgreSQL at `url`. */
export async function openTestDatabase(name: 'pglite' | 'postgres', url?: string): Promise<TestDatabase> {
  const handle = await createDatabase(name === 'pglite' ? 'memory://' : (url as string), {
    maxConnections: 6,
  });
  return { name, handle };
}

/** Fresh, random schema names for one test, migrated. */
export interface TestSchemas {
  schema: string;
  pullSchema: string;
  drop(): Promise<void>;
}

/** Creates and migrates a pair of random schemas. */
export async function freshSchemas(db: Kysely<Database>): Promise<TestSchemas> {
  const suffix = randomBytes(4).toString('hex');
  const schemas = { schema: `pd_${suffix}`, pullSchema: `pc_${suffix}` };
  await migrate(db, schemas);
  return {
    ...schemas,
    async drop() {
      await sql`DROP SCHEMA IF EXISTS ${sql.id(schemas.schema)} CASCADE`.execute(db);
      await sql`DROP SCHEMA IF EXISTS ${sql.id(schemas.pullSchema)} CASCADE`.execute(db);
    },
  };
}

/** Registers a pull of the test health system. */
export function newPull(
  db: Kysely<Database>,
  pullSchema: string,
  overrides: { dataType?: 'full' | 'incremental'; healthSystem?: string } = {},
): Promise<DataPull> {
  return registerPull(
    db,
    {
      pullId: randomUUID(),
      healthSystem: overrides.healthSystem ?? HEALTH_SYSTEM,
      pullTimestamp: '20261120T053000Z',
      dataType: overrides.dataType ?? 'full',
    },
    { pullSchema },
  );
}

/** The databases every suite of this package runs on: PGlite always, PostgreSQL when `PDM_TEST_DATABASE_URL` is set. */
export const targets = [
  { name: 'pglite', skip: false },
  { name: 'postgres', skip: !process.env.PDM_TEST_DATABASE_URL },
] as const;
