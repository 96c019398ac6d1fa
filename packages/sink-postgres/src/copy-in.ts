import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { rawAccessOf } from './database.js';

/** Runs one `COPY … FROM STDIN` statement with the text `chunks` as its input. */
export type CopyIn = (statement: string, chunks: AsyncIterable<string>) => Promise<void>;

/**
 * A {@link CopyIn} on a client of the pool behind `db`, when `db` is a
 * PostgreSQL instance made by `createDatabase` or `databaseFromPool`; else
 * (PGlite, or a Kysely instance made elsewhere) `undefined`, and the caller
 * writes its rows another way. Each call checks a client out for the one
 * statement, so the rows are committed when the promise resolves.
 *
 * ### Examples
 * ```ts
 * import { createDatabase, postgresCopyIn } from '@provider-data/sink-postgres';
 *
 * const { db, close } = await createDatabase('postgres://app@db.internal:5432/providers');
 * const copy = postgresCopyIn(db);
 * async function* rows() {
 *   yield 'a\t1\n';
 *   yield 'b\t2\n';
 * }
 * await copy?.('COPY scratch (name, n) FROM STDIN', rows());
 * await close();
 * ```
 */
export function postgresCopyIn(db: object): CopyIn | undefined {
  const raw = rawAccessOf(db);
  if (raw?.kind !== 'postgres') return undefined;
  const { pool } = raw;
  return async (statement, chunks) => {
    const client = await pool.connect();
    try {
      await pipeline(Readable.from(chunks, { objectMode: false }), client.query(copyFrom(statement)));
    } finally {
      client.release();
    }
  };
}
