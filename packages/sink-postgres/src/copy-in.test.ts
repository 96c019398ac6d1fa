import { randomBytes } from 'node:crypto';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { postgresCopyIn } from './copy-in.js';
import { createDatabase } from './database.js';

const postgresUrl = process.env.PDM_TEST_DATABASE_URL;

async function* rows(n: number) {
  for (let i = 0; i < n; i += 1000) {
    let chunk = '';
    for (let j = i; j < Math.min(n, i + 1000); j++) chunk += `name\\t${j}\t${j * 2}\n`;
    yield chunk;
  }
}

describe('postgresCopyIn', () => {
  it.skipIf(!postgresUrl)(
    'COPYs text rows through the pool behind a PostgreSQL database, committed when it resolves',
    async () => {
      const { db, close } = await createDatabase(postgresUrl as string, { maxConnections: 2 });
      const table = `copy_in_${randomBytes(4).toString('hex')}`;
      try {
        await sql`CREATE TABLE ${sql.id(table)} (name text, n integer)`.execute(db);
        const copy = postgresCopyIn(db);
        expect(copy).toBeTypeOf('function');
        await copy?.(`COPY "${table}" (name, n) FROM STDIN`, rows(2500));
        // Text format: the `\t` escape in the data is a tab in the row.
        const { rows: counted } = await sql<{ count: string; sum: string; first: string }>`
        SELECT count(*) AS count, sum(n) AS sum, min(name) AS first FROM ${sql.id(table)}`.execute(db);
        expect(counted[0]).toEqual({
          count: '2500',
          sum: String(((2499 * 2500) / 2) * 2),
          first: 'name\t0',
        });
        // A statement that fails rejects, and the pool's client goes back usable.
        await expect(copy?.(`COPY "${table}" (name, n) FROM STDIN`, rows(1))).resolves.toBeUndefined();
        await expect(copy?.('COPY no_such_table_here (x) FROM STDIN', rows(1))).rejects.toThrow(
          /no_such_table_here/,
        );
        const after = await sql<{ count: string }>`SELECT count(*) AS count FROM ${sql.id(table)}`.execute(
          db,
        );
        expect(after.rows[0]?.count).toBe('2501');
      } finally {
        await sql`DROP TABLE IF EXISTS ${sql.id(table)}`.execute(db);
        await close();
      }
    },
  );

  it('is undefined on PGlite and on a Kysely instance made elsewhere', async () => {
    const embedded = await createDatabase('memory://');
    try {
      expect(postgresCopyIn(embedded.db)).toBeUndefined();
    } finally {
      await embedded.close();
    }
    const pool = new pg.Pool({ connectionString: 'postgres://nobody@127.0.0.1:1/none' });
    const foreign = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
    expect(postgresCopyIn(foreign)).toBeUndefined();
    await foreign.destroy();
  });
});
