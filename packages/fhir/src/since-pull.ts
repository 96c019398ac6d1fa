import { InvalidRequestError, PullNotFoundError } from '@provider-data/core';
import { type Kysely, sql } from 'kysely';

/** The pull an incremental export starts after: its id, health system and when it finished. */
export interface SincePull {
  pullId: string;
  healthSystem: string;
  finishedAt: Date;
}

/**
 * Looks up the pull of `--since`. Unknown: `PullNotFoundError`; not
 * `processed` (still running, failed or never run): `InvalidRequestError`,
 * since what it changed is not settled.
 */
export async function findSincePull(
  db: Kysely<unknown>,
  pullSchema: string,
  pullId: string,
): Promise<SincePull> {
  const { rows } = await sql<{ health_system: string; status: string; finished_at: Date | null }>`
    SELECT health_system, status, finished_at FROM ${sql.id(pullSchema, 'data_pulls')}
    WHERE pull_id = ${pullId}`.execute(db);
  const row = rows[0];
  if (!row) throw new PullNotFoundError(pullId);
  if (row.status !== 'processed' || row.finished_at === null) {
    throw new InvalidRequestError(
      `data pull ${pullId} is ${row.status}, not processed: an incremental export starts after a processed pull`,
    );
  }
  return { pullId, healthSystem: row.health_system, finishedAt: new Date(row.finished_at) };
}
