/**
 * Test helpers of this package (not exported): canonical records with stable
 * ids, and databases to run one suite against PGlite and PostgreSQL.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { DataPull } from '@provider-data/core';
import { TEST_HEALTH_SYSTEM } from '@provider-data/core/testing';
import { type Kysely, sql } from 'kysely';
import { createDatabase, type DatabaseHandle } from './database.js';
import type { Database } from './database-types.js';
import { migrate } from './migrations.js';
import { registerPull } from './pull-store.js';

export {
  TEST_HEALTH_SYSTEM as HEALTH_SYSTEM,
  testFileResult as fileResult,
  testPractice as practice,
  testPractitioner as practitioner,
  testProvider as provider,
  testQuarantineRow as quarantined,
} from '@provider-data/core/testing';

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
      healthSystem: overrides.healthSystem ?? TEST_HEALTH_SYSTEM,
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
