/**
 * The database of one test suite: a target of the sink's test support
 * (PGlite always, PostgreSQL when PDM_TEST_DATABASE_URL is set), fresh
 * schemas and a scratch folder, filled by `load` before the suite's tests
 * and all dropped after them.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Database } from '@provider-data/sink-postgres';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll } from 'vitest';
import {
  freshSchemas,
  openTestDatabase,
  type TestDatabase,
  type TestSchemas,
} from '../../sink-postgres/src/test-support.js';

export interface SuiteDatabase {
  db: Kysely<Database>;
  schemas: TestSchemas;
  /** A scratch folder for the suite's exports. */
  work: string;
}

export function suiteDatabase(
  target: { name: 'pglite' | 'postgres'; skip: boolean },
  load: (db: Kysely<Database>, schemas: TestSchemas) => Promise<void>,
): SuiteDatabase {
  const suite = {} as SuiteDatabase;
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    if (target.skip) return;
    database = await openTestDatabase(target.name, process.env.PDM_TEST_DATABASE_URL);
    suite.db = database.handle.db;
    suite.schemas = await freshSchemas(suite.db);
    suite.work = await mkdtemp(path.join(tmpdir(), 'pdm-fhir-'));
    await load(suite.db, suite.schemas);
  });
  afterAll(async () => {
    if (!database) return;
    await suite.schemas.drop();
    await database.handle.close();
    await rm(suite.work, { recursive: true, force: true });
  });
  return suite;
}
