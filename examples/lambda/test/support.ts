import { randomBytes, randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { S3TestServer } from '@provider-data/core/testing';
import { createDatabase, type DatabaseHandle, migrate } from '@provider-data/sink-postgres';
import type { InvocationContext } from '../src/app.js';

/** The database a test file runs against: real PostgreSQL when `PDM_TEST_DATABASE_URL` is set, else PGlite. */
export interface TestConnection {
  kind: 'postgres' | 'pglite';
  /** `PDM_DATABASE_URL` for the handler. */
  url: string;
  /** The test's own connection, to register pulls and read rows. */
  handle: DatabaseHandle;
  /** Given to the handler with PGlite, which one process cannot open twice. */
  inject: DatabaseHandle | undefined;
  close(): Promise<void>;
}

/** One scenario's tables: fresh, migrated schemas in the test database. */
export interface TestDatabase extends TestConnection {
  names: { schema: string; pullSchema: string };
  /** The handler's environment for these schemas. */
  env: Record<string, string>;
  /** Drops the schemas (the connection stays open). */
  drop(): Promise<void>;
}

/** A password for the handler's database URL: PostgreSQL's trust auth ignores it, the scrubber must hide it. */
export const DB_PASSWORD = 'pg-secret-Zq81x';

/** Opens the test database: `PDM_TEST_DATABASE_URL` when set, else an embedded PGlite. */
export async function openTestConnection(label: string): Promise<TestConnection> {
  const real = process.env.PDM_TEST_DATABASE_URL;
  if (real) {
    const handle = await createDatabase(real, { maxConnections: 2 });
    const url = new URL(real);
    url.password = DB_PASSWORD;
    return { kind: 'postgres', url: url.toString(), handle, inject: undefined, close: () => handle.close() };
  }
  console.info(`PDM_TEST_DATABASE_URL is not set: ${label} runs on embedded PGlite, not PostgreSQL`);
  const handle = await createDatabase('memory://');
  return { kind: 'pglite', url: 'memory://', handle, inject: handle, close: () => handle.close() };
}

/** Fresh schemas for one scenario, migrated, so that its row counts are its own. */
export async function createScenario(connection: TestConnection, label: string): Promise<TestDatabase> {
  const schema = `lambda_${label}_${randomBytes(4).toString('hex')}`;
  const names = { schema, pullSchema: `${schema}_pulls` };
  await migrate(connection.handle.db, names);
  return {
    ...connection,
    names,
    env: { PDM_DATABASE_URL: connection.url, PDM_DB_SCHEMA: names.schema, PDM_PULL_SCHEMA: names.pullSchema },
    async drop() {
      for (const name of [names.schema, names.pullSchema]) {
        await connection.handle.db.schema.dropSchema(name).ifExists().cascade().execute();
      }
    },
  };
}

/** Row counts of one health system's canonical tables. */
export async function canonicalRows(
  database: TestDatabase,
  healthSystem: string,
): Promise<{ practitioner: number; practice: number; provider: number }> {
  const db = database.handle.db.withSchema(database.names.schema);
  const count = async (table: 'practitioners' | 'practices' | 'providers') => {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll().as('n'))
      .where('health_system', '=', healthSystem)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  return {
    practitioner: await count('practitioners'),
    practice: await count('practices'),
    provider: await count('providers'),
  };
}

/** Quarantine rows of a pull, by reason. */
export async function quarantineByReason(
  database: TestDatabase,
  pullId: string,
): Promise<Record<string, number>> {
  const rows = await database.handle.db
    .withSchema(database.names.schema)
    .selectFrom('quarantine')
    .select(['reason', (eb) => eb.fn.countAll().as('n')])
    .where('pull_id', '=', pullId)
    .groupBy('reason')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.reason, Number(r.n)]));
}

/** The `data_pulls` row of a pull. */
export async function pullRow(database: TestDatabase, pullId: string) {
  return database.handle.db
    .withSchema(database.names.pullSchema)
    .selectFrom('data_pulls')
    .selectAll()
    .where('pull_id', '=', pullId)
    .executeTakeFirstOrThrow();
}

/** Rows of the Places answers cache. */
export async function cachedAnswers(database: TestDatabase): Promise<number> {
  const row = await database.handle.db
    .withSchema(database.names.schema)
    .selectFrom('enrichment_cache')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Uploads every file under `dir` to the S3 test server, keyed by its path below `dir`. */
export async function uploadFolder(s3: S3TestServer, dir: string): Promise<string[]> {
  const keys: string[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const key = path.relative(dir, file).split(path.sep).join('/');
    await s3.putFile(key, file);
    keys.push(key);
  }
  return keys;
}

/** A Lambda context with plenty of time, or with the time `remaining()` says. */
export function lambdaContext(remaining: () => number = () => 900_000): InvocationContext {
  return {
    awsRequestId: randomUUID(),
    functionName: 'provider-data-test',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:ap-south-1:123456789012:function:provider-data-test',
    memoryLimitInMB: '1024',
    getRemainingTimeInMillis: remaining,
  };
}

/** A destination that keeps the function's JSON lines (logs and EMF metrics). */
export function captureLines(): { lines: string[]; write(line: string): void } {
  const lines: string[] = [];
  return { lines, write: (line) => void lines.push(line) };
}
