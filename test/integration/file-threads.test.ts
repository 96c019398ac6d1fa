// Files processed in worker threads (createFileThreads), each thread writing
// through its own PostgreSQL sink, must leave the database exactly as the
// calling thread does: rows, lineage, quarantine and the summary, on a first
// load and on an unchanged reprocess. PostgreSQL only: PGlite lives in one
// thread's memory, and file threads need a database each of them can reach.
import {
  createFileThreads,
  createRegistry,
  type FileThreads,
  processPull,
  type PullSummary,
} from '@provider-data/core';
import { createMemoryObjectStore, type S3TestServer, startS3TestServer } from '@provider-data/core/testing';
import { apolloPlugin } from '@provider-data/plugin-apollo';
import { generateApolloPull } from '@provider-data/plugin-apollo/testing';
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
import type { ApolloThreadData } from './fixtures/apollo-thread-setup.js';
import { objectsUnder } from './objects.js';

const databaseUrl = process.env.PDM_TEST_DATABASE_URL;
const PULL_ID = '7a1d2c3e-4b5f-4a6b-8c7d-9e0f1a2b3c01';
type Names = { schema: string; pullSchema: string };
const here: Names = { schema: `ft_here_${process.pid}`, pullSchema: `ft_here_pulls_${process.pid}` };
const threaded: Names = {
  schema: `ft_threads_${process.pid}`,
  pullSchema: `ft_threads_pulls_${process.pid}`,
};

let s3: S3TestServer;
let handle: DatabaseHandle;
let threads: FileThreads;
let pullTimestamp: string;

describe.skipIf(!databaseUrl)('file threads into PostgreSQL', () => {
  beforeAll(async () => {
    s3 = await startS3TestServer({ bucket: 'file-threads' });
    const memory = createMemoryObjectStore();
    const pull = await generateApolloPull({
      seed: 33,
      doctors: 400,
      cities: 6,
      dirt: 0.1,
      target: { store: memory },
    });
    pullTimestamp = pull.pullTimestamp;
    for (const [key, bytes] of await objectsUnder(memory, 'apollo/')) await s3.put(key, bytes);
    handle = await createDatabase(databaseUrl!);
    for (const names of [here, threaded]) {
      await migrate(handle.db, names);
      await registerPull(
        handle.db,
        { pullId: PULL_ID, healthSystem: 'apollo', pullTimestamp, dataType: 'full' },
        names,
      );
    }
    threads = createFileThreads({
      setup: new URL('./fixtures/apollo-thread-setup.ts', import.meta.url),
      data: {
        databaseUrl: databaseUrl!,
        ...threaded,
        s3: { ...s3.connection, bucket: s3.bucket },
      } satisfies ApolloThreadData,
      threads: 2,
    });
  }, 120_000);
  afterAll(async () => {
    await threads?.close();
    if (handle) {
      for (const names of [here, threaded]) {
        await sql`DROP SCHEMA IF EXISTS ${sql.id(names.schema)} CASCADE`.execute(handle.db);
        await sql`DROP SCHEMA IF EXISTS ${sql.id(names.pullSchema)} CASCADE`.execute(handle.db);
      }
      await handle.close();
    }
    await s3?.close();
  });

  const run = async (names: Names, options: { reprocess?: boolean; fileRunner?: FileThreads }) => {
    const result = await processPull({
      registry: createRegistry().register(apolloPlugin),
      pullStore: createPostgresPullStore(handle.db, names),
      sink: createPostgresSink(handle.db, names),
      store: s3.store(),
      pullId: PULL_ID,
      fileConcurrency: 3,
      ...options,
    });
    expect(result.status).toBe('processed');
    return result.summary;
  };

  /** Every stored row with its lineage and times, and the quarantine. */
  async function tables(names: Names) {
    const s = sql.id(names.schema);
    const out: Record<string, unknown[]> = {};
    for (const table of ['practitioners', 'practices', 'providers']) {
      out[table] = (
        await sql`SELECT *, NULL AS created_at, NULL AS updated_at FROM ${s}.${sql.id(table)} ORDER BY id`.execute(
          handle.db,
        )
      ).rows;
    }
    out.quarantine = (
      await sql`SELECT object_key, position, entity, source_id, reason, message, raw
        FROM ${s}.quarantine ORDER BY object_key, position, reason, source_id`.execute(handle.db)
    ).rows;
    return out;
  }
  const updatedAt = async (names: Names) =>
    (
      await sql<{
        t: string;
      }>`SELECT max(updated_at)::text AS t FROM ${sql.id(names.schema)}.providers`.execute(handle.db)
    ).rows[0]!.t;
  const outcome = (summary: PullSummary) => ({
    records: summary.records,
    entities: summary.entities,
    quarantineByReason: summary.quarantineByReason,
    failed: summary.files.failed,
    deactivated: summary.deactivated,
    reconciled: summary.reconciled,
  });

  it('a first load and an unchanged reprocess end as in the calling thread', async () => {
    const reference = await run(here, {});
    const inThreads = await run(threaded, { fileRunner: threads });
    expect(reference.records.read).toBeGreaterThan(400);
    expect(reference.files.failed.length).toBeGreaterThan(0);
    expect(outcome(inThreads)).toEqual(outcome(reference));
    expect(await tables(threaded)).toEqual(await tables(here));

    // An unchanged reprocess in the threads reads every file and writes no row.
    const before = await updatedAt(threaded);
    const again = await run(threaded, { fileRunner: threads, reprocess: true });
    expect(again.records).toEqual(reference.records);
    for (const entity of ['practitioner', 'practice', 'provider'] as const) {
      expect(again.entities[entity].inserted + again.entities[entity].updated).toBe(0);
    }
    expect(again.reconciled).toBe(true);
    expect(await updatedAt(threaded)).toBe(before);
    expect(await tables(threaded)).toEqual(await tables(here));
  }, 120_000);
});
