import { sql } from 'kysely';
import type { MapReport, TrendPoint } from '../report-data.js';
import { count, type ReportContext } from '../report-context.js';

/**
 * The practices in scope with coordinates; at most `mapPoints` of them, a
 * sample taken in SQL in id order (ids are name-based UUIDs, so the order is
 * fixed and unrelated to place or status).
 */
export async function mapReport(ctx: ReportContext): Promise<MapReport> {
  const practices = ctx.table('practices');
  const located = sql`t.latitude IS NOT NULL AND t.longitude IS NOT NULL`;
  const [total, points] = await Promise.all([
    sql<{ n: unknown }>`SELECT count(*) AS n FROM ${practices} t WHERE ${ctx.inScope} AND ${located}`.execute(
      ctx.db,
    ),
    sql<{ lat: number; lng: number; status: string }>`
      SELECT t.latitude AS lat, t.longitude AS lng, t.enrichment_status AS status
      FROM ${practices} t WHERE ${ctx.inScope} AND ${located}
      ORDER BY t.id LIMIT ${ctx.options.mapPoints}`.execute(ctx.db),
  ]);
  return {
    withCoordinates: count(total.rows[0]?.n),
    points: points.rows.map((p) => ({ lat: Number(p.lat), lng: Number(p.lng), status: p.status })),
  };
}

/** The latest pulls of the system, oldest first, with the record counts of their summaries. */
export async function trendReport(ctx: ReportContext): Promise<TrendPoint[]> {
  const pulls = sql.id(ctx.options.pullSchema, 'data_pulls');
  const records = (key: string) => sql`(stats -> 'records' ->> ${key})::bigint`;
  const result = await sql<{
    pull_id: string;
    pull_timestamp: string;
    status: string;
    read: unknown;
    loaded: unknown;
    quarantined: unknown;
  }>`
    SELECT pull_id, pull_timestamp, status,
      ${records('read')} AS read, ${records('loaded')} AS loaded, ${records('quarantined')} AS quarantined
    FROM ${pulls} WHERE health_system = ${ctx.scope.healthSystem}
    ORDER BY pull_timestamp DESC, created_at DESC, pull_id DESC
    LIMIT ${ctx.options.trendPulls}`.execute(ctx.db);
  const orNull = (value: unknown) => (value === null || value === undefined ? null : count(value));
  return result.rows.reverse().map((r) => ({
    pullId: r.pull_id,
    pullTimestamp: r.pull_timestamp,
    status: r.status,
    read: orNull(r.read),
    loaded: orNull(r.loaded),
    quarantined: orNull(r.quarantined),
  }));
}
