import { randomUUID } from 'node:crypto';
import {
  DataPull,
  type DataType,
  describeFence,
  InvalidRequestError,
  isUuid,
  LeaseLostError,
  PdmError,
  PullAlreadyProcessedError,
  type PullClaim,
  PullInProgressError,
  PullNotFoundError,
  type PullOutcome,
  type PullStore,
  pullFence,
  SinkError,
} from '@provider-data/core';
import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { Database, DataPullsTable } from './database-types.js';
import { redactedMessage } from './redact.js';
import { type SchemaNames, schemaNames } from './schema-names.js';

/** Options of {@link createPostgresPullStore}, {@link registerPull} and {@link listPulls}. */
export interface PullStoreOptions extends Partial<Pick<SchemaNames, 'pullSchema'>> {}

type PullRow = Selectable<DataPullsTable>;

/** A `data_pulls` row as this package reads it: the pull, and how its processing went. */
export interface PullRecord extends DataPull {
  claimedBy: string | null;
  leaseExpiresAt: Date | null;
  attempts: number;
  startedAt: Date | null;
  finishedAt: Date | null;
  lastError: { code: string; message: string } | null;
  stats: Record<string, unknown> | null;
}

function toDataPull(row: PullRow): DataPull {
  const parsed = DataPull.safeParse({
    pullId: row.pull_id,
    healthSystem: row.health_system,
    pullTimestamp: row.pull_timestamp,
    dataType: row.data_type,
    bucket: row.bucket,
    status: row.status,
    createdAt: row.created_at,
  });
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new InvalidRequestError(`data pull ${row.pull_id} has an unusable row: ${issues}`, {
      stage: 'pull-store',
    });
  }
  return parsed.data;
}

function toPullRecord(row: PullRow): PullRecord {
  return {
    ...toDataPull(row),
    claimedBy: row.claimed_by,
    leaseExpiresAt: row.lease_expires_at,
    attempts: Number(row.attempts),
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    lastError: row.last_error,
    stats: row.stats,
  };
}

function storeError(action: string, error: unknown): unknown {
  if (PdmError.is(error)) return error;
  return new SinkError(`could not ${action}: ${redactedMessage(error)}`, {
    stage: 'pull-store',
    cause: error,
  });
}

function requireUuid(pullId: string): void {
  if (!isUuid(pullId))
    throw new InvalidRequestError(`pull id "${pullId}" is not a UUID`, { stage: 'pull-store' });
}

/**
 * Creates the {@link PullStore} over `data_pulls`. `claim` locks the row and
 * decides in one transaction, so of two concurrent claims exactly one wins; a
 * claim is held by (worker id, attempt number) while its lease is unexpired,
 * so a worker whose lease ran out can no longer renew it or finish the pull
 * processed, and one whose pull was taken over can do nothing more with it
 * (`LeaseLostError`). Each check is in the statement that writes.
 *
 * ### Examples
 * ```ts
 * import { createDatabase, createPostgresPullStore, migrate } from '@provider-data/sink-postgres';
 *
 * const { db, close } = await createDatabase('memory://');
 * await migrate(db);
 * const pulls = createPostgresPullStore(db);
 * const pull = await pulls.get('f3e51f05-6517-4099-b216-d7850fd6a418'); // undefined: not registered
 * await close();
 * ```
 */
export function createPostgresPullStore(db: Kysely<Database>, options: PullStoreOptions = {}): PullStore {
  const { pullSchema } = schemaNames(options);
  const pulls = () => db.withSchema(pullSchema);
  const leaseUntil = (leaseMs: number) =>
    sql<Date>`clock_timestamp() + ${leaseMs} * interval '1 millisecond'`;

  /**
   * Updates the pull's row if `claim` still holds it: no other claim since
   * and, when `live`, a lease not yet run out; else rejects LeaseLostError.
   * One statement, so the check and the write are one.
   */
  async function heldUpdate(
    claim: PullClaim,
    action: string,
    set: Record<string, unknown>,
    live: boolean,
  ): Promise<PullRow> {
    let row: PullRow | undefined;
    try {
      let update = pulls()
        .updateTable('data_pulls')
        .set(set)
        .where('pull_id', '=', claim.pull.pullId)
        .where('status', '=', 'processing')
        .where('claimed_by', '=', claim.workerId)
        .where('attempts', '=', claim.attempt);
      if (live) update = update.where('lease_expires_at', '>', sql<Date>`clock_timestamp()`);
      row = await update.returningAll().executeTakeFirst();
    } catch (error) {
      throw storeError(action, error);
    }
    if (!row) {
      throw new LeaseLostError(
        `${describeFence(pullFence(claim))} is no longer held (${live ? 'its lease ran out, or ' : ''}another worker claimed the pull): could not ${action}`,
        claim.pull.pullId,
      );
    }
    return row;
  }

  /** Reads the pull's row under `FOR UPDATE`, with whether its lease has run out; rejects an unknown id. */
  async function lockPull(trx: Transaction<Database>, pullId: string) {
    const current = await trx
      .withSchema(pullSchema)
      .selectFrom('data_pulls')
      .selectAll()
      .select(
        sql<boolean>`lease_expires_at IS NULL OR lease_expires_at < clock_timestamp()`.as('lease_expired'),
      )
      .where('pull_id', '=', pullId)
      .forUpdate()
      .executeTakeFirst();
    if (!current) throw new PullNotFoundError(pullId);
    return current;
  }

  return {
    async get(pullId) {
      requireUuid(pullId);
      try {
        const row = await pulls()
          .selectFrom('data_pulls')
          .selectAll()
          .where('pull_id', '=', pullId)
          .executeTakeFirst();
        return row ? toDataPull(row) : undefined;
      } catch (error) {
        throw storeError(`read data pull ${pullId}`, error);
      }
    },

    async claim(pullId, claimOptions) {
      requireUuid(pullId);
      const { workerId, leaseMs, reprocess = false } = claimOptions;
      try {
        return await db.transaction().execute(async (trx) => {
          const current = await lockPull(trx, pullId);
          const previousStatus = toDataPull(current).status;
          if (previousStatus === 'processed' && !reprocess) throw new PullAlreadyProcessedError(pullId);
          if (previousStatus === 'processing' && !current.lease_expired) {
            throw new PullInProgressError(pullId, current.lease_expires_at ?? undefined);
          }
          const row = await trx
            .withSchema(pullSchema)
            .updateTable('data_pulls')
            .set({
              status: 'processing',
              claimed_by: workerId,
              lease_expires_at: leaseUntil(leaseMs),
              attempts: sql`attempts + 1`,
              started_at: sql`clock_timestamp()`,
              finished_at: null,
            })
            .where('pull_id', '=', pullId)
            .returningAll()
            .executeTakeFirstOrThrow();
          return {
            pull: toDataPull(row),
            workerId,
            leaseExpiresAt: row.lease_expires_at as Date,
            previousStatus,
            attempt: Number(row.attempts),
          } satisfies PullClaim;
        });
      } catch (error) {
        throw storeError(`claim data pull ${pullId}`, error);
      }
    },

    async join(pullId, { workerId }) {
      requireUuid(pullId);
      try {
        return await db.transaction().execute(async (trx) => {
          const current = await lockPull(trx, pullId);
          const status = toDataPull(current).status;
          if (status === 'processed') throw new PullAlreadyProcessedError(pullId);
          if (status === 'processing' && !current.lease_expired) {
            throw new PullInProgressError(pullId, current.lease_expires_at ?? undefined);
          }
          if (status === 'processing' && current.claimed_by === null) return toDataPull(current);
          // A shared pull is `processing` with no exclusive holder.
          const row = await trx
            .withSchema(pullSchema)
            .updateTable('data_pulls')
            .set({
              status: 'processing',
              claimed_by: null,
              lease_expires_at: null,
              started_at: sql`clock_timestamp()`,
              finished_at: null,
            })
            .where('pull_id', '=', pullId)
            .returningAll()
            .executeTakeFirstOrThrow();
          return toDataPull(row);
        });
      } catch (error) {
        throw storeError(`join data pull ${pullId} as ${workerId}`, error);
      }
    },

    async renew(claim, leaseMs) {
      const row = await heldUpdate(claim, 'renew the lease', { lease_expires_at: leaseUntil(leaseMs) }, true);
      return { ...claim, leaseExpiresAt: row.lease_expires_at as Date };
    },

    async release(claim) {
      await heldUpdate(
        claim,
        'release the claim',
        { status: 'pending', claimed_by: null, lease_expires_at: null },
        false,
      );
    },

    async finish(claim, outcome: PullOutcome) {
      const summary = outcome.summary ? JSON.stringify(outcome.summary) : null;
      // A failure is recorded while no other worker has claimed the pull; `processed` needs a live lease too.
      await heldUpdate(
        claim,
        `record the pull ${outcome.status}`,
        {
          status: outcome.status,
          lease_expires_at: null,
          finished_at: sql`clock_timestamp()`,
          stats: summary,
          last_error: outcome.status === 'failed' ? JSON.stringify(outcome.error) : null,
        },
        outcome.status === 'processed',
      );
    },
  };
}

/** What {@link registerPull} needs: the columns the connector fills. */
export interface RegisterPullInput {
  healthSystem: string;
  pullTimestamp: string;
  dataType: DataType;
  bucket?: string | null;
  /** Default: a random UUID. */
  pullId?: string;
}

/**
 * Inserts a `pending` row into `data_pulls`, as the upstream connector does.
 * For the CLI and tests.
 *
 * ### Examples
 * ```ts
 * import { createDatabase, migrate, registerPull } from '@provider-data/sink-postgres';
 *
 * const { db, close } = await createDatabase('memory://');
 * await migrate(db);
 * const pull = await registerPull(db, { healthSystem: 'apollo', pullTimestamp: '20261120T053000Z', dataType: 'full' });
 * console.log(pull.pullId, pull.status); // '…', 'pending'
 * await close();
 * ```
 */
export async function registerPull(
  db: Kysely<Database>,
  input: RegisterPullInput,
  options: PullStoreOptions = {},
): Promise<DataPull> {
  const { pullSchema } = schemaNames(options);
  const pull = DataPull.parse({
    pullId: input.pullId ?? randomUUID(),
    healthSystem: input.healthSystem,
    pullTimestamp: input.pullTimestamp,
    dataType: input.dataType,
    bucket: input.bucket ?? null,
    status: 'pending',
  });
  try {
    const row = await db
      .withSchema(pullSchema)
      .insertInto('data_pulls')
      .values({
        pull_id: pull.pullId,
        health_system: pull.healthSystem,
        pull_timestamp: pull.pullTimestamp,
        data_type: pull.dataType,
        bucket: pull.bucket,
        status: 'pending',
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toDataPull(row);
  } catch (error) {
    throw storeError('register the data pull', error);
  }
}

/**
 * The most recent pulls with their processing state, newest first.
 *
 * ### Examples
 * ```ts
 * import { createDatabase, listPulls, migrate } from '@provider-data/sink-postgres';
 *
 * const { db, close } = await createDatabase('memory://');
 * await migrate(db);
 * for (const pull of await listPulls(db, { limit: 20 })) console.log(pull.pullId, pull.status, pull.attempts);
 * await close();
 * ```
 */
export async function listPulls(
  db: Kysely<Database>,
  options: PullStoreOptions & { limit?: number } = {},
): Promise<PullRecord[]> {
  const { pullSchema } = schemaNames(options);
  try {
    const rows = await db
      .withSchema(pullSchema)
      .selectFrom('data_pulls')
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('pull_id')
      .limit(options.limit ?? 50)
      .execute();
    return rows.map(toPullRecord);
  } catch (error) {
    throw storeError('list data pulls', error);
  }
}
