import { createRegistry, runPullWorker } from '@provider-data/core';
import { createMemoryObjectStore } from '@provider-data/core/testing';
import { fortisPlugin } from '@provider-data/plugin-fortis';
import { generateFortisPull } from '@provider-data/plugin-fortis/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from './databases.js';
import {
  createDatabase,
  createPostgresFileQueue,
  createPostgresPullStore,
  createPostgresSink,
  type DatabaseHandle,
  migrate,
  registerPull,
} from '@provider-data/sink-postgres';

describe.each(TEST_DATABASES)('shared pulls on %s', (name, databaseUrl) => {
  let handle: DatabaseHandle;
  const names = {
    schema: `fq_${process.pid}_${name.toLowerCase()}`,
    pullSchema: `fq_pulls_${process.pid}_${name.toLowerCase()}`,
  };

  beforeAll(async () => {
    if (!databaseUrl) return;
    handle = await createDatabase(databaseUrl);
    await migrate(handle.db, names);
  });
  afterAll(async () => {
    if (!handle) return;
    await sql`DROP SCHEMA IF EXISTS ${sql.id(names.schema)} CASCADE`.execute(handle.db);
    await sql`DROP SCHEMA IF EXISTS ${sql.id(names.pullSchema)} CASCADE`.execute(handle.db);
    await handle.close();
  });

  it.skipIf(!databaseUrl)(
    'three workers share a pull: each file once, one finalizer, counts reconcile',
    async () => {
      const store = createMemoryObjectStore();
      const generated = await generateFortisPull({
        seed: 3,
        doctors: 120,
        cities: 4,
        dirt: 0.1,
        target: { store },
      });
      const pull = await registerPull(
        handle.db,
        { healthSystem: 'fortis', pullTimestamp: generated.pullTimestamp, dataType: 'full' },
        names,
      );
      const registry = createRegistry().register(fortisPlugin);
      const common = {
        pullId: pull.pullId,
        registry,
        pullStore: createPostgresPullStore(handle.db, names),
        fileQueue: createPostgresFileQueue(handle.db, names),
        sink: createPostgresSink(handle.db, names),
        store,
      };
      const results = await Promise.all(
        ['a', 'b', 'c'].map((w) => runPullWorker({ ...common, workerId: w })),
      );
      expect(results.filter((r) => r.status === 'processed')).toHaveLength(1);
      const claims = await handle.db
        .withSchema(names.schema)
        .selectFrom('pull_files')
        .select(['object_key', 'claims'])
        .where('pull_id', '=', pull.pullId)
        .execute();
      expect(claims.length).toBe(generated.expected.files);
      expect(claims.every((c) => Number(c.claims) === 1)).toBe(true);
      const row = await handle.db
        .withSchema(names.pullSchema)
        .selectFrom('data_pulls')
        .select(['status', 'stats'])
        .where('pull_id', '=', pull.pullId)
        .executeTakeFirstOrThrow();
      expect(row.status).toBe('processed');
      const stats = row.stats as unknown as {
        reconciled: boolean;
        records: { read: number; quarantined: number };
      };
      expect(stats.reconciled).toBe(true);
      expect(stats.records).toMatchObject(generated.expected.records);
      const count = async (table: 'practitioners' | 'practices' | 'providers') =>
        Number(
          (
            await handle.db
              .withSchema(names.schema)
              .selectFrom(table)
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      expect(await count('practitioners')).toBe(generated.expected.rows.practitioner);
      expect(await count('practices')).toBe(generated.expected.rows.practice);
      expect(await count('providers')).toBe(generated.expected.rows.provider);
    },
  );
});
