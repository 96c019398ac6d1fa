import {
  type CanonicalBatch,
  type DataPull,
  fileFence,
  type FencingToken,
  LeaseLostError,
  pullFence,
} from '@provider-data/core';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPostgresFileQueue } from './file-queue.js';
import { createPostgresSink, type PostgresSink } from './postgres-sink.js';
import { createPostgresPullStore } from './pull-store.js';
import {
  fileResult,
  freshSchemas,
  newPull,
  openTestDatabase,
  practice,
  practitioner,
  provider,
  type TestDatabase,
  type TestSchemas,
  targets,
} from './test-support.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const file: CanonicalBatch = {
  practitioners: [practitioner('D1')],
  practices: [practice('H1')],
  providers: [provider('D1', 'H1')],
  quarantine: [],
};

for (const target of targets) {
  describe.skipIf(target.skip)(`fenced writes on ${target.name}`, () => {
    let database: TestDatabase;
    let schemas: TestSchemas;
    let sink: PostgresSink;
    const db = () => database.handle.db;
    const rows = async () => ({
      practitioners: Number(
        (
          await db()
            .withSchema(schemas.schema)
            .selectFrom('practitioners')
            .select(sql<number>`count(*)`.as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
      checkpoints: Number(
        (
          await db()
            .withSchema(schemas.schema)
            .selectFrom('file_checkpoints')
            .select(sql<number>`count(*)`.as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    });
    const commit = async (pull: DataPull, key: string, fence: FencingToken) => {
      const writer = await sink.openFile(pull, { key, size: 1 }, { fence });
      await writer.write(file);
      return writer.commit(fileResult(key));
    };

    beforeAll(async () => {
      database = await openTestDatabase(target.name, process.env.PDM_TEST_DATABASE_URL);
    });
    afterAll(async () => {
      await database?.handle.close();
    });
    beforeEach(async () => {
      schemas = await freshSchemas(db());
      sink = createPostgresSink(db(), schemas);
    });
    afterEach(async () => {
      await schemas.drop();
    });

    it('commits under a held claim, and rolls back a commit, a finish and a reset under one taken over', async () => {
      const pulls = createPostgresPullStore(db(), schemas);
      const pull = await newPull(db(), schemas.pullSchema);
      const first = await pulls.claim(pull.pullId, { workerId: 'A', leaseMs: 60_000 });
      await commit(first.pull, 'a.json', pullFence(first));
      expect(await rows()).toEqual({ practitioners: 1, checkpoints: 1 });

      // A's lease runs out and B takes the pull over; A, unaware, goes on writing.
      await db()
        .withSchema(schemas.pullSchema)
        .updateTable('data_pulls')
        .set({ lease_expires_at: sql`now() - interval '1 second'` })
        .execute();
      const second = await pulls.claim(pull.pullId, { workerId: 'B', leaseMs: 60_000 });
      const refused = await commit(first.pull, 'b.json', pullFence(first)).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(LeaseLostError);
      expect((refused as Error).message).toBe(
        `[postgres/sink] worker A's claim on pull ${pull.pullId} (attempt 1) is no longer held (its lease ran out, or another worker took it over): the commit of b.json was rolled back`,
      );
      await expect(
        sink.finishPull(first.pull, { deactivate: true, fence: pullFence(first) }),
      ).rejects.toBeInstanceOf(LeaseLostError);
      await expect(sink.resetPull(first.pull, { fence: pullFence(first) })).rejects.toBeInstanceOf(
        LeaseLostError,
      );
      expect(await rows()).toEqual({ practitioners: 1, checkpoints: 1 });

      // B holds the pull: its writes go through.
      await commit(second.pull, 'b.json', pullFence(second));
      await sink.finishPull(second.pull, { deactivate: false, fence: pullFence(second) });
      expect(await rows()).toEqual({ practitioners: 1, checkpoints: 2 });
    });

    it('refuses a claim whose lease ran out, even before another worker takes it, but lets it record a failure', async () => {
      const pulls = createPostgresPullStore(db(), schemas);
      const pull = await newPull(db(), schemas.pullSchema);
      const claim = await pulls.claim(pull.pullId, { workerId: 'late', leaseMs: 50 });
      await sleep(80);
      await expect(commit(claim.pull, 'a.json', pullFence(claim))).rejects.toBeInstanceOf(LeaseLostError);
      await expect(pulls.renew(claim, 60_000)).rejects.toBeInstanceOf(LeaseLostError);
      expect(await rows()).toEqual({ practitioners: 0, checkpoints: 0 });
      await pulls.finish(claim, { status: 'failed', error: { code: 'lease_lost', message: 'late' } });
      const row = await db()
        .withSchema(schemas.pullSchema)
        .selectFrom('data_pulls')
        .select(['status', 'lease_expires_at'])
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ status: 'failed', lease_expires_at: null });
    });

    it("fences a shared worker's file commit by its lease: worker and claim number", async () => {
      const pulls = createPostgresPullStore(db(), schemas);
      const queue = createPostgresFileQueue(db(), schemas);
      const pull = await pulls.join!((await newPull(db(), schemas.pullSchema)).pullId, { workerId: 'A' });
      await queue.enqueue(pull, [{ key: 'a.json', size: 1 }]);
      const first = (await queue.claimNext(pull, { workerId: 'A', leaseMs: 50 }))!;
      expect(first.claim).toBe(1);
      await sleep(80);
      // The same worker id gets the file again: only the claim number tells the two leases apart.
      const second = (await queue.claimNext(pull, { workerId: 'A', leaseMs: 60_000 }))!;
      expect(second.claim).toBe(2);
      await expect(commit(pull, 'a.json', fileFence(first))).rejects.toBeInstanceOf(LeaseLostError);
      await expect(queue.renew(first, 60_000)).rejects.toThrow(
        `worker A's lease on a.json of pull ${pull.pullId} (claim 1) is no longer held`,
      );
      await queue.release(first); // does nothing: the file is claim 2's
      expect((await queue.progress(pull)).leased).toBe(1);
      await commit(pull, 'a.json', fileFence(second));
      expect(await rows()).toEqual({ practitioners: 1, checkpoints: 1 });
    });
  });
}
