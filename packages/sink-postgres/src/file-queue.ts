import {
  describeFence,
  type FileLease,
  type FileQueue,
  fileFence,
  LeaseLostError,
  SinkError,
} from '@provider-data/core';
import { type Kysely, sql } from 'kysely';
import type { Database } from './database-types.js';
import { redactedMessage } from './redact.js';
import { qualified, type SchemaNames, schemaNames } from './schema-names.js';

/** Options of {@link createPostgresFileQueue}. */
export interface FileQueueOptions extends Partial<Pick<SchemaNames, 'schema'>> {}

function queueError(action: string, error: unknown): SinkError {
  return new SinkError(`could not ${action}: ${redactedMessage(error)}`, {
    stage: 'pull-store',
    cause: error,
  });
}

/**
 * Creates the {@link FileQueue} of pulls shared by several workers, in the
 * `pull_files` table: `claimNext` takes the first file in key order that has
 * no checkpoint and no live lease, with `FOR UPDATE SKIP LOCKED`, so workers
 * never wait on each other and never get the same file at once.
 *
 * ### Examples
 * ```ts
 * import { createRegistry, createS3ObjectStore, runPullWorker } from '@provider-data/core';
 * import { apolloPlugin } from '@provider-data/plugin-apollo';
 * import {
 *   createDatabase, createPostgresFileQueue, createPostgresPullStore, createPostgresSink,
 * } from '@provider-data/sink-postgres';
 *
 * const { db } = await createDatabase('postgres://postgres@127.0.0.1:5432/test');
 * const result = await runPullWorker({
 *   pullId: 'f3e51f05-6517-4099-b216-d7850fd6a418',
 *   registry: createRegistry().register(apolloPlugin),
 *   pullStore: createPostgresPullStore(db),
 *   fileQueue: createPostgresFileQueue(db),
 *   sink: createPostgresSink(db),
 *   store: createS3ObjectStore({ bucket: 'provider-pulls' }),
 * });
 * ```
 */
export function createPostgresFileQueue(db: Kysely<Database>, options: FileQueueOptions = {}): FileQueue {
  const { schema } = schemaNames(options);
  const files = qualified(schema, 'pull_files');
  const checkpoints = qualified(schema, 'file_checkpoints');
  const leaseUntil = (leaseMs: number) => sql`clock_timestamp() + ${leaseMs} * interval '1 millisecond'`;

  return {
    async enqueue(pull, pullFiles) {
      if (pullFiles.length === 0) return;
      try {
        await db
          .withSchema(schema)
          .insertInto('pull_files')
          .values(
            pullFiles.map((f) => ({
              pull_id: pull.pullId,
              object_key: f.key,
              size: f.size,
              etag: f.etag ?? null,
            })),
          )
          .onConflict((oc) => oc.doNothing())
          .execute();
      } catch (error) {
        throw queueError(`enqueue the files of pull ${pull.pullId}`, error);
      }
    },

    async claimNext(pull, { workerId, leaseMs }) {
      try {
        const { rows } = await sql<{
          object_key: string;
          size: string | number;
          etag: string | null;
          lease_expires_at: Date;
          claims: number;
        }>`
          UPDATE ${files} AS f
             SET claimed_by = ${workerId}, lease_expires_at = ${leaseUntil(leaseMs)}, claims = f.claims + 1
           WHERE (f.pull_id, f.object_key) = (
             SELECT q.pull_id, q.object_key FROM ${files} AS q
              WHERE q.pull_id = ${pull.pullId}
                AND (q.lease_expires_at IS NULL OR q.lease_expires_at < clock_timestamp())
                AND NOT EXISTS (
                  SELECT 1 FROM ${checkpoints} AS c WHERE c.pull_id = q.pull_id AND c.object_key = q.object_key)
              ORDER BY q.object_key
              LIMIT 1
              FOR UPDATE SKIP LOCKED)
          RETURNING f.object_key, f.size, f.etag, f.lease_expires_at, f.claims`.execute(db);
        const row = rows[0];
        if (!row) return null;
        return {
          pullId: pull.pullId,
          file: row.etag
            ? { key: row.object_key, size: Number(row.size), etag: row.etag }
            : { key: row.object_key, size: Number(row.size) },
          workerId,
          leaseExpiresAt: row.lease_expires_at,
          claim: Number(row.claims),
        };
      } catch (error) {
        throw queueError(`claim a file of pull ${pull.pullId}`, error);
      }
    },

    async renew(lease, leaseMs): Promise<FileLease> {
      let rows: { lease_expires_at: Date }[];
      try {
        ({ rows } = await sql<{ lease_expires_at: Date }>`
          UPDATE ${files} SET lease_expires_at = ${leaseUntil(leaseMs)}
           WHERE pull_id = ${lease.pullId} AND object_key = ${lease.file.key} AND claimed_by = ${lease.workerId}
             AND claims = ${lease.claim} AND lease_expires_at > clock_timestamp()
          RETURNING lease_expires_at`.execute(db));
      } catch (error) {
        throw queueError(`renew the lease on ${lease.file.key}`, error);
      }
      if (!rows[0]) {
        throw new LeaseLostError(
          `${describeFence(fileFence(lease))} is no longer held (it ran out, or the file was handed out again)`,
          lease.pullId,
        );
      }
      return { ...lease, leaseExpiresAt: rows[0].lease_expires_at };
    },

    async release(lease) {
      try {
        await sql`
          UPDATE ${files} SET claimed_by = NULL, lease_expires_at = NULL
           WHERE pull_id = ${lease.pullId} AND object_key = ${lease.file.key} AND claimed_by = ${lease.workerId}
             AND claims = ${lease.claim}`.execute(db);
      } catch (error) {
        throw queueError(`release ${lease.file.key}`, error);
      }
    },

    async progress(pull) {
      try {
        const { rows } = await sql<{
          total: string | number;
          done: string | number;
          leased: string | number;
        }>`
          SELECT count(*) AS total,
                 count(c.object_key) AS done,
                 count(*) FILTER (WHERE c.object_key IS NULL AND f.lease_expires_at > clock_timestamp()) AS leased
            FROM ${files} AS f
            LEFT JOIN ${checkpoints} AS c ON c.pull_id = f.pull_id AND c.object_key = f.object_key
           WHERE f.pull_id = ${pull.pullId}`.execute(db);
        const row = rows[0]!;
        return { total: Number(row.total), done: Number(row.done), leased: Number(row.leased) };
      } catch (error) {
        throw queueError(`read the progress of pull ${pull.pullId}`, error);
      }
    },
  };
}
