import { mkdirSync } from 'node:fs';
import type { PGlite } from '@electric-sql/pglite';
import { ConfigError } from '@provider-data/core';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './database-types.js';
import { redactSecrets } from './redact.js';

/** Which engine a {@link DatabaseHandle} talks to. */
export type DatabaseDialect = 'postgres' | 'pglite';

/** Options of {@link createDatabase}. */
export interface CreateDatabaseOptions {
  /** Most pooled connections to PostgreSQL. Default 10. Ignored for PGlite. */
  maxConnections?: number;
  /** `application_name` of PostgreSQL sessions, shown in `pg_stat_activity`. Default `provider-data`. */
  applicationName?: string;
}

/** An open database: the Kysely instance, what it runs on, and how to close it. */
export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: DatabaseDialect;
  close(): Promise<void>;
}

/**
 * The raw connection behind a Kysely instance, which the sink needs for what
 * Kysely cannot do: `COPY` on PostgreSQL, `COPY … FROM '/dev/blob'` on PGlite.
 */
export type RawAccess = { kind: 'postgres'; pool: pg.Pool } | { kind: 'pglite'; pglite: PGlite };

const rawAccess = new WeakMap<object, RawAccess>();

/** The raw connection of a Kysely instance made by {@link createDatabase}, if it was. */
export function rawAccessOf(db: object): RawAccess | undefined {
  return rawAccess.get(db);
}

/**
 * Gives every client of `pool` an `error` listener, from its connection on.
 * A client whose server goes away (a backend terminated, a failover) emits
 * `error`; with no listener Node ends the process. The pool listens only to
 * idle clients, so a client checked out by Kysely between two statements of
 * a transaction (a pull being finished) had none. The error itself reaches
 * the statement in flight, or the next one, which fails as broken
 * infrastructure; the pool discards the broken client when it comes back.
 */
export function listenForClientErrors(pool: pg.Pool): void {
  pool.on('error', () => {});
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });
}

/** True for a `postgres://` or `postgresql://` URL. */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/**
 * Opens a database for the sink, the pull store and the enrichment cache.
 *
 * - `postgres://…` or `postgresql://…`: a node-postgres pool.
 * - `memory://`: an in-memory PGlite (embedded PostgreSQL), gone on close.
 * - anything else: the path of a PGlite data directory, created if missing.
 *
 * Errors never quote the URL's password. Every pooled client has an `error`
 * listener, so a server that drops connections fails statements, never the process.
 *
 * ### Examples
 * ```ts
 * import { createDatabase, migrate } from '@provider-data/sink-postgres';
 *
 * const { db, dialect, close } = await createDatabase(process.env.DATABASE_URL ?? 'memory://');
 * await migrate(db);
 * console.log(dialect);
 * await close();
 * ```
 */
export async function createDatabase(
  url: string,
  options: CreateDatabaseOptions = {},
): Promise<DatabaseHandle> {
  if (!url) throw new ConfigError('the database URL is empty');
  if (isPostgresUrl(url)) {
    const pool = new pg.Pool({
      connectionString: url,
      max: options.maxConnections ?? 10,
      application_name: options.applicationName ?? 'provider-data',
    });
    listenForClientErrors(pool);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    rawAccess.set(db, { kind: 'postgres', pool });
    return { db, dialect: 'postgres', close: () => db.destroy() };
  }
  // Loaded only when used: PGlite's module alone costs a PostgreSQL user ~50 MB.
  // An optional peer: an app on PostgreSQL alone does not install it.
  const [{ PGlite }, { PGliteDialect }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('kysely-pglite-dialect'),
  ]).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException)?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    throw new ConfigError(
      'an embedded PGlite database needs @electric-sql/pglite: npm install @electric-sql/pglite',
    );
  });
  let pglite: PGlite;
  try {
    if (url === 'memory://') {
      pglite = await PGlite.create();
    } else {
      const dataDir = url.replace(/^file:\/\//i, '');
      mkdirSync(dataDir, { recursive: true });
      pglite = await PGlite.create(dataDir);
    }
  } catch (error) {
    throw new ConfigError(
      `could not open PGlite: ${redactSecrets(String((error as Error)?.message ?? error))}`,
    );
  }
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  rawAccess.set(db, { kind: 'pglite', pglite });
  return { db, dialect: 'pglite', close: () => db.destroy() };
}

/**
 * Wraps an existing PGlite instance in Kysely, registered so that the sink can
 * use PGlite's `COPY`. Closing the Kysely instance closes PGlite.
 *
 * ### Examples
 * ```ts
 * import { PGlite } from '@electric-sql/pglite';
 * import { databaseFromPGlite } from '@provider-data/sink-postgres';
 *
 * const { db } = await databaseFromPGlite(await PGlite.create());
 * await db.destroy();
 * ```
 */
export async function databaseFromPGlite(pglite: PGlite): Promise<DatabaseHandle> {
  const { PGliteDialect } = await import('kysely-pglite-dialect');
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  rawAccess.set(db, { kind: 'pglite', pglite });
  return { db, dialect: 'pglite', close: () => db.destroy() };
}

/**
 * Wraps an existing node-postgres pool in Kysely, registered so that the sink
 * can stream rows with `COPY`, and gives its clients an `error` listener (see
 * {@link createDatabase}). Closing the Kysely instance ends the pool.
 *
 * ### Examples
 * ```ts
 * import pg from 'pg';
 * import { databaseFromPool } from '@provider-data/sink-postgres';
 *
 * const { db, close } = databaseFromPool(new pg.Pool({ connectionString: 'postgres://localhost/app' }));
 * await close();
 * ```
 */
export function databaseFromPool(pool: pg.Pool): DatabaseHandle {
  // Clients connected from now on; those already connected keep the listeners they have.
  listenForClientErrors(pool);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  rawAccess.set(db, { kind: 'postgres', pool });
  return { db, dialect: 'postgres', close: () => db.destroy() };
}
