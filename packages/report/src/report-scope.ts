import { InvalidRequestError, PullNotFoundError, type PullSummary } from '@provider-data/core';
import type { Database } from '@provider-data/sink-postgres';
import { type Kysely, sql } from 'kysely';
import type { ReportPull, ReportScope } from './report-data.js';

interface PullRow {
  pull_id: string;
  health_system: string;
  pull_timestamp: string;
  data_type: string;
  status: string;
  finished_at: Date | string | null;
  stats: unknown;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const iso = (value: Date | string | null) =>
  value === null ? null : value instanceof Date ? value.toISOString() : new Date(value).toISOString();

function reportPull(row: PullRow): ReportPull {
  return {
    pullId: row.pull_id,
    healthSystem: row.health_system,
    pullTimestamp: row.pull_timestamp,
    dataType: row.data_type,
    status: row.status,
    finishedAt: iso(row.finished_at),
  };
}

/** The summary stored on a pull row, when it has one (a pull that never finished has none). */
function storedSummary(stats: unknown): PullSummary | undefined {
  const value = typeof stats === 'string' ? (JSON.parse(stats) as unknown) : stats;
  return value && typeof value === 'object' && 'records' in value ? (value as PullSummary) : undefined;
}

/** What the report is about, and the summary of its pull. */
export interface ResolvedScope {
  scope: ReportScope;
  summary: PullSummary | undefined;
}

/**
 * Resolves a pull id or a health system to the report's scope. Pulls of a
 * system are ordered by their timestamp, then by when they were registered;
 * "previous" and "later" count processed pulls only.
 */
export async function resolveScope(
  db: Kysely<Database>,
  pullSchema: string,
  target: { pullId?: string | undefined; healthSystem?: string | undefined },
): Promise<ResolvedScope> {
  const pulls = sql.id(pullSchema, 'data_pulls');
  const columns = sql`pull_id, health_system, pull_timestamp, data_type, status, finished_at, stats`;
  let pull: PullRow | undefined;
  if (target.pullId !== undefined) {
    if (!UUID.test(target.pullId))
      throw new InvalidRequestError(`pull id ${JSON.stringify(target.pullId)} is not a UUID`);
    pull = (
      await sql<PullRow>`SELECT ${columns} FROM ${pulls} WHERE pull_id = ${target.pullId}::uuid`.execute(db)
    ).rows[0];
    if (!pull) throw new PullNotFoundError(target.pullId);
    if (target.healthSystem !== undefined && target.healthSystem !== pull.health_system) {
      throw new InvalidRequestError(
        `pull ${target.pullId} is of health system ${pull.health_system}, not ${target.healthSystem}`,
      );
    }
  } else if (target.healthSystem !== undefined) {
    const system = target.healthSystem;
    const any = await sql<{
      n: unknown;
    }>`SELECT count(*) AS n FROM ${pulls} WHERE health_system = ${system}`.execute(db);
    if (Number(any.rows[0]?.n ?? 0) === 0) {
      const known = await sql<{ health_system: string }>`
        SELECT DISTINCT health_system FROM ${pulls} ORDER BY health_system`.execute(db);
      const names = known.rows.map((r) => r.health_system).join(', ') || 'none';
      throw new InvalidRequestError(
        `no pull of health system ${JSON.stringify(system)}; systems with pulls: ${names}`,
      );
    }
    pull = (
      await sql<PullRow>`SELECT ${columns} FROM ${pulls}
        WHERE health_system = ${system} AND status = 'processed'
        ORDER BY pull_timestamp DESC, created_at DESC, pull_id DESC LIMIT 1`.execute(db)
    ).rows[0];
  } else {
    throw new InvalidRequestError('a report needs a pull id or a health system');
  }
  const healthSystem = pull?.health_system ?? (target.healthSystem as string);
  let previousPull: ReportPull | null = null;
  let laterPulls = 0;
  if (pull) {
    // Compared in SQL: created_at has microseconds, which a JavaScript Date would cut.
    const order = sql`(pull_timestamp, created_at, pull_id)`;
    const here = sql`(SELECT pull_timestamp, created_at, pull_id FROM ${pulls} WHERE pull_id = ${pull.pull_id}::uuid)`;
    const previous = await sql<PullRow>`SELECT ${columns} FROM ${pulls}
      WHERE health_system = ${healthSystem} AND status = 'processed' AND ${order} < ${here}
      ORDER BY pull_timestamp DESC, created_at DESC, pull_id DESC LIMIT 1`.execute(db);
    previousPull = previous.rows[0] ? reportPull(previous.rows[0]) : null;
    if (target.pullId !== undefined) {
      const later = await sql<{ n: unknown }>`SELECT count(*) AS n FROM ${pulls}
        WHERE health_system = ${healthSystem} AND status = 'processed' AND ${order} > ${here}`.execute(db);
      laterPulls = Number(later.rows[0]?.n ?? 0);
    }
  }
  return {
    scope: {
      kind: target.pullId !== undefined ? 'pull' : 'system',
      healthSystem,
      pull: pull ? reportPull(pull) : null,
      previousPull,
      laterPulls,
    },
    summary: pull ? storedSummary(pull.stats) : undefined,
  };
}
