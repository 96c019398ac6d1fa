import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type DatabaseHandle } from './database.js';

const url = process.env.PDM_TEST_DATABASE_URL;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!url)('connections whose server goes away (PostgreSQL)', () => {
  let admin: DatabaseHandle;
  beforeAll(async () => {
    admin = await createDatabase(url!, { applicationName: 'pdm-connection-faults-admin' });
  });
  afterAll(async () => {
    await admin?.close();
  });

  it('a backend terminated between two statements of a transaction fails the transaction, not the process', async () => {
    const applicationName = `pdm-fault-${randomBytes(3).toString('hex')}`;
    const handle = await createDatabase(url!, { applicationName, maxConnections: 2 });
    try {
      const outcome = handle.db.transaction().execute(async (trx) => {
        await sql`SELECT 1`.execute(trx);
        // Idle in transaction, with no statement in flight: the client itself gets the error event.
        await sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE application_name = ${applicationName}`.execute(admin.db);
        await sleep(300);
        await sql`SELECT 2`.execute(trx);
      });
      await expect(outcome).rejects.toThrow(/connection error|terminat/i);
      // The pool hands out a fresh connection afterwards.
      const { rows } = await sql<{ one: number }>`SELECT 1 AS one`.execute(handle.db);
      expect(rows).toEqual([{ one: 1 }]);
    } finally {
      await handle.close();
    }
  });
});
