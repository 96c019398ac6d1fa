/**
 * Test helpers of this package (not exported): canonical records with stable
 * ids, and databases to run one suite against PGlite and PostgreSQL.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { DataPull, QuarantineRecord } from '@provider-data/core';
import { TEST_HEALTH_SYSTEM } from '@provider-data/core/testing';
import type { CanonicalRows, SinkConformanceOptions, SinkUnderTest } from '@provider-data/core/vitest';
import { type Kysely, sql } from 'kysely';
import { createDatabase, type DatabaseHandle } from './database.js';
import type { Database } from './database-types.js';
import { migrate } from './migrations.js';
import { QUARANTINE_COLUMNS } from './canonical-rows.js';
import { createPostgresSink } from './postgres-sink.js';
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

const camel = (column: string) => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * Every row of a canonical table, each column under its camelCase name:
 * read by column, never by a hand-kept list of fields, so that a field of
 * the canonical model that has no column reads as missing. `numeric` columns
 * are read as numbers (node-postgres gives them as text).
 */
async function readTable(
  db: Kysely<Database>,
  schema: string,
  table: string,
): Promise<Record<string, unknown>[]> {
  const columns = await sql<{ column_name: string; data_type: string }>`
    SELECT column_name, data_type FROM information_schema.columns
    WHERE table_schema = ${schema} AND table_name = ${table} ORDER BY ordinal_position`.execute(db);
  const select = columns.rows.map(({ column_name: name, data_type: type }) =>
    type === 'numeric' ? sql`${sql.id(name)}::float8 AS ${sql.id(name)}` : sql.id(name),
  );
  const rows = await sql<
    Record<string, unknown>
  >`SELECT ${sql.join(select)} FROM ${sql.id(schema, table)} ORDER BY id`.execute(db);
  return rows.rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [camel(k), v])));
}

/** Every canonical row in `schema`, as canonical records with their lineage (see `SinkUnderTest.readCanonical`). */
export async function readCanonical(db: Kysely<Database>, schema: string): Promise<CanonicalRows> {
  const [practitioners, practices, providers] = await Promise.all(
    ['practitioners', 'practices', 'providers'].map((table) => readTable(db, schema, table)),
  );
  return { practitioners, practices, providers } as unknown as CanonicalRows;
}

/** Every quarantine row in `schema`, in the order stored. */
export async function readQuarantine(db: Kysely<Database>, schema: string): Promise<QuarantineRecord[]> {
  const rows = await db
    .withSchema(schema)
    .selectFrom('quarantine')
    .select(QUARANTINE_COLUMNS)
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    pullId: row.pull_id,
    healthSystem: row.health_system,
    objectKey: row.object_key,
    position: row.position,
    entity: row.entity as QuarantineRecord['entity'],
    sourceId: row.source_id,
    reason: row.reason,
    message: row.message,
    raw: row.raw,
  }));
}

/**
 * The PostgreSQL sink on one target database, for `sinkConformanceSuite`:
 * the database is opened by `setup` (PGlite takes seconds to start) and
 * closed by `teardown`; each case gets fresh schemas, dropped by its `close`.
 */
export function postgresSinkConformance(name: 'pglite' | 'postgres', url?: string): SinkConformanceOptions {
  let database: Promise<TestDatabase> | undefined;
  return {
    name: `postgres (${name})`,
    skip: name === 'postgres' && !url,
    async setup() {
      database = openTestDatabase(name, url);
      await database;
    },
    async create(): Promise<SinkUnderTest> {
      database ??= openTestDatabase(name, url);
      const { db } = (await database).handle;
      const schemas = await freshSchemas(db);
      return {
        sink: createPostgresSink(db, schemas),
        createPull: (dataType) => newPull(db, schemas.pullSchema, { dataType }),
        readCanonical: () => readCanonical(db, schemas.schema),
        readQuarantine: () => readQuarantine(db, schemas.schema),
        close: () => schemas.drop(),
      };
    },
    async teardown() {
      if (database) await (await database).handle.close();
    },
  };
}
