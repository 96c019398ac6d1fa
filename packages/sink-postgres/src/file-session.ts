import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PGlite } from '@electric-sql/pglite';
import { type CompiledQuery, type Kysely, sql } from 'kysely';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { RawAccess } from './database.js';
import type { Database } from './database-types.js';

/** Runs one statement and returns its rows. */
export type RunQuery = <R = Record<string, unknown>>(query: CompiledQuery<R>) => Promise<R[]>;

/**
 * The connection work of one file, apart from what the sink does with it.
 *
 * - PostgreSQL: a pooled connection of its own, in a transaction from open to
 *   commit; staging tables are `TEMP … ON COMMIT DROP`, filled with
 *   `COPY … FROM STDIN`.
 * - PGlite (one session for the whole process): staging tables are temp
 *   tables of their own name, filled with `COPY … FROM '/dev/blob'` between
 *   other work, and the one transaction is the commit. Holding PGlite's only
 *   connection for a whole file would block everything else that uses it
 *   meanwhile (the enrichment cache, lease renewal).
 */
export interface FileSession {
  /** A statement of the file before its commit. */
  query: RunQuery;
  /** Streams COPY text lines into a staging table. */
  copyIn(table: string, columns: readonly string[], chunks: Iterable<string>): Promise<void>;
  /** Runs `work` in the file's transaction and commits it. */
  commit<T>(work: (query: RunQuery) => Promise<T>): Promise<T>;
  /** Drops everything the file wrote. Never rejects. */
  rollback(): Promise<void>;
  /** The server process of the file's connection (PostgreSQL only), for diagnostics. */
  backendPid(): Promise<number | undefined>;
}

/**
 * Groups encoded lines into chunks, lazily, so a batch is never held twice.
 * Chunks stay under ~64 KB: larger strings go to V8's large-object space and
 * are only freed by a full GC, which made the process's memory balloon.
 */
export function* chunked<T>(
  records: Iterable<T>,
  maxRows: number,
  encode: (record: T) => string,
): Generator<string> {
  let chunk = '';
  let rows = 0;
  for (const record of records) {
    chunk += encode(record);
    if (++rows === maxRows || chunk.length > 64_000) {
      yield chunk;
      chunk = '';
      rows = 0;
    }
  }
  if (chunk) yield chunk;
}

function copyStatement(
  db: Kysely<Database>,
  table: string,
  columns: readonly string[],
  from: 'stdin' | 'blob',
): string {
  const source = from === 'stdin' ? sql.raw('STDIN') : sql.raw(`'/dev/blob'`);
  return sql`COPY ${sql.id(table)} (${sql.join(columns.map((c) => sql.id(c)))}) FROM ${source}`.compile(db)
    .sql;
}

async function openPostgresSession(
  db: Kysely<Database>,
  pool: pg.Pool,
  setup: readonly string[],
): Promise<FileSession> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (error: Error) => {
    broken = error;
  };
  // A checked-out client whose server goes away emits `error`; without a listener it would crash the process.
  client.on('error', onError);
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    client.removeListener('error', onError);
    client.release(broken ?? false);
  };
  const query: RunQuery = async (compiled) => {
    const result = await client.query(compiled.sql, compiled.parameters as unknown[]);
    return result.rows;
  };
  const rollback = async () => {
    try {
      await client.query('ROLLBACK');
    } catch (error) {
      broken ??= error as Error;
    }
  };
  try {
    await client.query('BEGIN');
    for (const statement of setup) await client.query(statement);
  } catch (error) {
    await rollback();
    release();
    throw error;
  }
  return {
    query,
    async copyIn(table, columns, chunks) {
      const stream = client.query(copyFrom(copyStatement(db, table, columns, 'stdin')));
      await pipeline(Readable.from(chunks, { objectMode: false }), stream);
    },
    async commit(work) {
      try {
        const result = await work(query);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await rollback();
        throw error;
      } finally {
        release();
      }
    },
    async rollback() {
      if (released) return;
      await rollback();
      release();
    },
    async backendPid() {
      const rows = await query(sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.compile(db));
      return rows[0]?.pid;
    },
  };
}

async function openPGliteSession(
  db: Kysely<Database>,
  pglite: PGlite,
  setup: readonly string[],
  teardown: readonly string[],
): Promise<FileSession> {
  // Every statement goes through Kysely's connection, so none lands inside another caller's transaction.
  const query: RunQuery = async (compiled) => (await db.executeQuery(compiled)).rows;
  const runAll = (statements: readonly string[]) =>
    db.connection().execute(async (connection) => {
      for (const statement of statements) await connection.executeQuery(sql.raw(statement).compile(db));
    });
  await runAll(setup);
  return {
    query,
    async copyIn(table, columns, chunks) {
      const text = Array.from(chunks).join('');
      if (!text) return;
      const statement = copyStatement(db, table, columns, 'blob');
      await db.connection().execute(() => pglite.query(statement, [], { blob: new Blob([text]) }));
    },
    async commit(work) {
      return db.transaction().execute(async (trx) => {
        const trxQuery: RunQuery = async (compiled) => (await trx.executeQuery(compiled)).rows;
        const result = await work(trxQuery);
        for (const statement of teardown) await trx.executeQuery(sql.raw(statement).compile(db));
        return result;
      });
    },
    async rollback() {
      await runAll(teardown).catch(() => {});
    },
    async backendPid() {
      return undefined;
    },
  };
}

/**
 * Opens the session of one file. `setup` creates its staging tables;
 * `teardown` drops them (PGlite only: on PostgreSQL they drop at commit).
 */
export function openFileSession(
  db: Kysely<Database>,
  access: RawAccess,
  statements: {
    postgresSetup: readonly string[];
    pgliteSetup: readonly string[];
    teardown: readonly string[];
  },
): Promise<FileSession> {
  return access.kind === 'postgres'
    ? openPostgresSession(db, access.pool, statements.postgresSetup)
    : openPGliteSession(db, access.pglite, statements.pgliteSetup, statements.teardown);
}
