import { randomUUID } from 'node:crypto';
import {
  InvalidRequestError,
  PullAlreadyProcessedError,
  LeaseLostError,
  PullInProgressError,
  PullNotFoundError,
  type PullSummary,
  SinkError,
} from '@provider-data/core';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDatabase } from './database.js';
import { createPostgresEnrichmentCache } from './enrichment-cache.js';
import { CANONICAL_FILLFACTOR, migrate } from './migrations.js';
import { createPostgresPullStore, listPulls, registerPull } from './pull-store.js';
import { redactSecrets } from './redact.js';
import {
  freshSchemas,
  newPull,
  openTestDatabase,
  type TestDatabase,
  type TestSchemas,
  targets,
} from './test-support.js';

const postgresUrl = process.env.PDM_TEST_DATABASE_URL;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const summary = { pullId: 'x', reconciled: true } as unknown as PullSummary;

for (const target of targets) {
  describe.skipIf(target.skip)(`pull store and migrations on ${target.name}`, () => {
    let database: TestDatabase;
    let schemas: TestSchemas;
    const db = () => database.handle.db;

    beforeAll(async () => {
      database = await openTestDatabase(target.name, postgresUrl);
    });
    afterAll(async () => {
      await database?.handle.close();
    });
    beforeEach(async () => {
      schemas = await freshSchemas(db());
    });
    afterEach(async () => {
      await schemas.drop();
    });

    it('migrates an empty database, then does nothing the second time', async () => {
      const suffix = randomUUID().slice(0, 8);
      const names = { schema: `pd_empty_${suffix}`, pullSchema: `pc_empty_${suffix}` };
      try {
        const first = await migrate(db(), names);
        expect(first.applied).toEqual([
          '0001_data_pulls',
          '0002_canonical_tables',
          '0003_pull_files',
          '0004_practice_enrichment_evidence',
          '0005_quarantine_replay',
          '0006_identity',
          '0007_last_seen_file',
          '0008_identity_features_without_gin',
          '0009_canonical_fillfactor',
          '0010_pending_providers_by_pull_and_id',
        ]);
        // Room on each page of the canonical tables for the next pull's row versions.
        const options = await sql<{ relname: string; reloptions: string[] | null }>`
          SELECT c.relname, c.reloptions FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = ${names.schema} AND c.relkind = 'r'
            AND c.relname IN ('practitioners', 'practices', 'providers', 'quarantine')
          ORDER BY c.relname`.execute(db());
        expect(options.rows.map((r) => [r.relname, r.reloptions])).toEqual([
          ['practices', [`fillfactor=${CANONICAL_FILLFACTOR}`]],
          ['practitioners', [`fillfactor=${CANONICAL_FILLFACTOR}`]],
          ['providers', [`fillfactor=${CANONICAL_FILLFACTOR}`]],
          ['quarantine', null],
        ]);
        const second = await migrate(db(), names);
        expect(second.applied).toEqual([]);
        const tables = await sql<{ table_schema: string; table_name: string }>`
          SELECT table_schema, table_name FROM information_schema.tables
          WHERE table_schema IN (${names.schema}, ${names.pullSchema}) ORDER BY 1, 2`.execute(db());
        expect(
          tables.rows
            .map((r) => `${r.table_schema === names.schema ? 'data' : 'pulls'}.${r.table_name}`)
            .sort(),
        ).toEqual([
          'data.enrichment_cache',
          'data.file_checkpoints',
          'data.identity_features',
          'data.identity_overrides',
          'data.identity_review',
          'data.identity_runs',
          'data.kysely_migration',
          'data.kysely_migration_lock',
          'data.pending_providers',
          'data.person_links',
          'data.person_merges',
          'data.persons',
          'data.practices',
          'data.practitioners',
          'data.providers',
          'data.pull_files',
          'data.pull_finishes',
          'data.quarantine',
          'data.quarantine_replays',
          'pulls.data_pulls',
        ]);
      } finally {
        await sql`DROP SCHEMA ${sql.id(names.schema)} CASCADE`.execute(db());
        await sql`DROP SCHEMA ${sql.id(names.pullSchema)} CASCADE`.execute(db());
      }
    });

    it('adds its columns to a connector-owned data_pulls table and keeps its rows', async () => {
      const suffix = randomUUID().slice(0, 8);
      const names = { schema: `pd_bare_${suffix}`, pullSchema: `pc_bare_${suffix}` };
      const pulls = sql.id(names.pullSchema, 'data_pulls');
      const pullId = randomUUID();
      try {
        await sql`CREATE SCHEMA ${sql.id(names.pullSchema)}`.execute(db());
        await sql`CREATE TABLE ${pulls} (pull_id uuid PRIMARY KEY, health_system text, pull_timestamp text,
          data_type text, bucket text, status text, created_at timestamptz DEFAULT now())`.execute(db());
        await sql`INSERT INTO ${pulls} (pull_id, health_system, pull_timestamp, data_type, status)
          VALUES (${pullId}, 'fortis', '20261120T053000Z', 'incremental', 'pending')`.execute(db());
        await migrate(db(), names);
        const store = createPostgresPullStore(db(), names);
        const claim = await store.claim(pullId, { workerId: 'w1', leaseMs: 60_000 });
        expect(claim).toMatchObject({ attempt: 1, previousStatus: 'pending', workerId: 'w1' });
        expect(claim.pull).toMatchObject({ healthSystem: 'fortis', dataType: 'incremental', bucket: null });
        await store.finish(claim, { status: 'processed', summary });
        const [row] = await listPulls(db(), names);
        expect(row).toMatchObject({
          pullId,
          status: 'processed',
          attempts: 1,
          claimedBy: 'w1',
          lastError: null,
        });
        expect(row?.stats).toEqual({ pullId: 'x', reconciled: true });
        expect(row?.finishedAt).toBeInstanceOf(Date);
        expect((await migrate(db(), names)).applied).toEqual([]);
      } finally {
        await sql`DROP SCHEMA IF EXISTS ${sql.id(names.schema)} CASCADE`.execute(db());
        await sql`DROP SCHEMA IF EXISTS ${sql.id(names.pullSchema)} CASCADE`.execute(db());
      }
    });

    it('gets a pull, and refuses an id that is not a UUID with a client error', async () => {
      const store = createPostgresPullStore(db(), schemas);
      const pull = await newPull(db(), schemas.pullSchema);
      expect(await store.get(pull.pullId)).toMatchObject({ pullId: pull.pullId, status: 'pending' });
      expect(await store.get(randomUUID())).toBeUndefined();
      await expect(store.get("1'; DROP TABLE data_pulls; --")).rejects.toBeInstanceOf(InvalidRequestError);
      await expect(store.claim('42', { workerId: 'w', leaseMs: 1000 })).rejects.toBeInstanceOf(
        InvalidRequestError,
      );
      await expect(store.claim(randomUUID(), { workerId: 'w', leaseMs: 1000 })).rejects.toBeInstanceOf(
        PullNotFoundError,
      );
    });

    it('lets exactly one of two concurrent claims win', async () => {
      const pull = await newPull(db(), schemas.pullSchema);
      // On PostgreSQL the second store has its own pool: two sessions race for the row lock.
      const other =
        target.name === 'postgres'
          ? await createDatabase(postgresUrl as string, { maxConnections: 2 })
          : undefined;
      try {
        const stores = [
          createPostgresPullStore(db(), schemas),
          createPostgresPullStore(other?.db ?? db(), schemas),
        ];
        const results = await Promise.allSettled(
          stores.map((store, i) => store.claim(pull.pullId, { workerId: `w${i}`, leaseMs: 60_000 })),
        );
        const won = results.filter((r) => r.status === 'fulfilled');
        const lost = results.filter((r) => r.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(1);
        expect((lost[0] as PromiseRejectedResult).reason).toBeInstanceOf(PullInProgressError);
        const [row] = await listPulls(db(), schemas);
        expect(row).toMatchObject({ status: 'processing', attempts: 1 });
      } finally {
        await other?.close();
      }
    });

    it('lets another worker take over an expired lease, and refuses the old worker afterwards', async () => {
      const store = createPostgresPullStore(db(), schemas);
      const pull = await newPull(db(), schemas.pullSchema);
      const first = await store.claim(pull.pullId, { workerId: 'crashed', leaseMs: 5 });
      await sleep(30);
      const second = await store.claim(pull.pullId, { workerId: 'rescuer', leaseMs: 60_000 });
      expect(second).toMatchObject({ attempt: 2, previousStatus: 'processing', workerId: 'rescuer' });
      await expect(store.finish(first, { status: 'processed', summary })).rejects.toBeInstanceOf(
        LeaseLostError,
      );
      await expect(
        store.finish(first, { status: 'failed', error: { code: 'x', message: 'x' } }),
      ).rejects.toThrow("worker crashed's claim on pull");
      await expect(store.renew(first, 60_000)).rejects.toBeInstanceOf(LeaseLostError);
      await expect(store.release(first)).rejects.toBeInstanceOf(LeaseLostError);
      await expect(store.claim(pull.pullId, { workerId: 'third', leaseMs: 1000 })).rejects.toBeInstanceOf(
        PullInProgressError,
      );
      const renewed = await store.renew(second, 120_000);
      expect(renewed.leaseExpiresAt.getTime()).toBeGreaterThan(second.leaseExpiresAt.getTime());
      await store.finish(renewed, { status: 'processed', summary });
      const [row] = await listPulls(db(), schemas);
      expect(row).toMatchObject({
        status: 'processed',
        claimedBy: 'rescuer',
        attempts: 2,
        leaseExpiresAt: null,
      });
    });

    it('refuses a processed pull unless asked to reprocess it', async () => {
      const store = createPostgresPullStore(db(), schemas);
      const pull = await newPull(db(), schemas.pullSchema);
      await store.finish(await store.claim(pull.pullId, { workerId: 'w', leaseMs: 60_000 }), {
        status: 'processed',
        summary,
      });
      await expect(store.claim(pull.pullId, { workerId: 'w', leaseMs: 60_000 })).rejects.toBeInstanceOf(
        PullAlreadyProcessedError,
      );
      const again = await store.claim(pull.pullId, { workerId: 'w', leaseMs: 60_000, reprocess: true });
      expect(again).toMatchObject({ previousStatus: 'processed', attempt: 2 });
      expect(again.pull.status).toBe('processing');
    });

    it('records a failed pull with its error, and claims it again', async () => {
      const store = createPostgresPullStore(db(), schemas);
      const pull = await newPull(db(), schemas.pullSchema);
      const claim = await store.claim(pull.pullId, { workerId: 'w', leaseMs: 60_000 });
      await store.finish(claim, {
        status: 'failed',
        error: { code: 'sink_error', message: 'database unreachable' },
      });
      let [row] = await listPulls(db(), schemas);
      expect(row).toMatchObject({
        status: 'failed',
        lastError: { code: 'sink_error', message: 'database unreachable' },
        stats: null,
      });
      const retry = await store.claim(pull.pullId, { workerId: 'w2', leaseMs: 60_000 });
      expect(retry.previousStatus).toBe('failed');
      await store.release(retry);
      [row] = await listPulls(db(), schemas);
      expect(row).toMatchObject({ status: 'pending', claimedBy: null, leaseExpiresAt: null, attempts: 2 });
    });

    it('registers pulls and lists them newest first', async () => {
      const a = await registerPull(
        db(),
        { healthSystem: 'apollo', pullTimestamp: '20261120T053000Z', dataType: 'full', bucket: 'b' },
        schemas,
      );
      const b = await registerPull(
        db(),
        { healthSystem: 'fortis', pullTimestamp: '20261121T053000Z', dataType: 'incremental' },
        schemas,
      );
      const listed = await listPulls(db(), { ...schemas, limit: 10 });
      expect(new Set(listed.map((p) => p.pullId))).toEqual(new Set([a.pullId, b.pullId]));
      expect(listed.find((p) => p.pullId === a.pullId)).toMatchObject({
        bucket: 'b',
        attempts: 0,
        status: 'pending',
      });
    });

    it('keeps enrichment answers: a batch get returns what was set, the later set wins', async () => {
      const cache = createPostgresEnrichmentCache(db(), { schema: schemas.schema, chunkSize: 2 });
      const fetchedAt = new Date('2026-11-20T05:30:00.000Z');
      await cache.set('places', [
        { key: 'apollo|H1', value: { placeId: 'ChIJ1', name: 'Apollo \u0000 Greams' }, fetchedAt },
        { key: 'apollo|H2', value: null, fetchedAt },
        { key: 'apollo|H3', value: ['a', 1], fetchedAt },
        { key: 'apollo|H3', value: ['b', 2], fetchedAt },
      ]);
      await cache.set('other', [{ key: 'apollo|H1', value: 'other namespace', fetchedAt }]);
      const found = await cache.get('places', [
        'apollo|H1',
        'apollo|H2',
        'apollo|H3',
        'apollo|H4',
        'apollo|H1',
      ]);
      expect([...found.keys()].sort()).toEqual(['apollo|H1', 'apollo|H2', 'apollo|H3']);
      expect(found.get('apollo|H1')).toEqual({
        key: 'apollo|H1',
        value: { placeId: 'ChIJ1', name: 'Apollo \uFFFD Greams' },
        fetchedAt,
      });
      expect(found.get('apollo|H2')?.value).toBeNull();
      expect(found.get('apollo|H3')?.value).toEqual(['b', 2]);
      const later = new Date('2026-12-01T00:00:00.000Z');
      await cache.set('places', [{ key: 'apollo|H1', value: { placeId: 'ChIJ9' }, fetchedAt: later }]);
      expect((await cache.get('places', ['apollo|H1'])).get('apollo|H1')).toEqual({
        key: 'apollo|H1',
        value: { placeId: 'ChIJ9' },
        fetchedAt: later,
      });
      expect((await cache.get('places', [])).size).toBe(0);
    });
  });
}

describe('connection errors', () => {
  it('never show the password of the database URL', async () => {
    const { db, close } = await createDatabase('postgres://pdm:very-secret-pw@127.0.0.1:1/nowhere', {
      maxConnections: 1,
    });
    try {
      const error = await createPostgresPullStore(db)
        .get(randomUUID())
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SinkError);
      expect(String((error as Error).message)).not.toContain('very-secret-pw');
      expect(redactSecrets('postgres://pdm:very-secret-pw@db/x password=hunter2')).toBe(
        'postgres://pdm:***@db/x password=***',
      );
    } finally {
      await close();
    }
  });
});
