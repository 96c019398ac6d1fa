import { sql } from 'kysely';
import { RAW_SAMPLE_CHARS, type QuarantineReport, type QuarantineSample } from '../report-data.js';
import { count, type ReportContext } from '../report-context.js';

interface SampleRow {
  reason: string;
  object_key: string;
  position: string | null;
  entity: string;
  source_id: string | null;
  message: string;
  raw: string | null;
}

/**
 * The rows of a pull still quarantined, each under its current reason: a
 * replay (`pdm replay`) resolves rows whose record now loads, and gives the
 * ones still failing the reason the plugin gives now.
 */
function current(quarantine: ReturnType<ReportContext['table']>, pullId: string) {
  return sql`SELECT id, object_key, position, entity, source_id, raw,
      COALESCE(replay_reason, reason) AS reason, COALESCE(replay_message, message) AS message
    FROM ${quarantine} WHERE pull_id = ${pullId}::uuid AND resolved_at IS NULL`;
}

/** The quarantine rows of a pull by reason and by file, with the first few records of each reason. */
export async function quarantineReport(ctx: ReportContext, pullId: string): Promise<QuarantineReport> {
  const quarantine = ctx.table('quarantine');
  const [byFileReason, samples] = await Promise.all([
    sql<{ object_key: string; reason: string; n: unknown }>`
      SELECT object_key, reason, count(*) AS n FROM (${current(quarantine, pullId)}) q
      GROUP BY object_key, reason`.execute(ctx.db),
    // The raw text is cut in SQL: a quarantined file can hold megabytes.
    sql<SampleRow>`
      SELECT reason, object_key, position, entity, source_id, message, left(raw, ${RAW_SAMPLE_CHARS + 1}) AS raw
      FROM (
        SELECT q.*, row_number() OVER (PARTITION BY reason ORDER BY id) AS nth
        FROM (${current(quarantine, pullId)}) q
      ) s
      WHERE nth <= ${ctx.options.samplesPerReason}
      ORDER BY reason, nth`.execute(ctx.db),
  ]);
  const reasons = new Map<string, number>();
  const files = new Map<string, { objectKey: string; count: number; reasons: Record<string, number> }>();
  let total = 0;
  for (const row of byFileReason.rows) {
    const n = count(row.n);
    total += n;
    reasons.set(row.reason, (reasons.get(row.reason) ?? 0) + n);
    const file = files.get(row.object_key) ?? { objectKey: row.object_key, count: 0, reasons: {} };
    file.count += n;
    file.reasons[row.reason] = n;
    files.set(row.object_key, file);
  }
  const samplesOf = new Map<string, QuarantineSample[]>();
  for (const row of samples.rows) {
    const list = samplesOf.get(row.reason) ?? [];
    list.push({
      objectKey: row.object_key,
      position: row.position,
      entity: row.entity,
      sourceId: row.source_id,
      message: row.message,
      raw:
        row.raw !== null && row.raw.length > RAW_SAMPLE_CHARS
          ? `${row.raw.slice(0, RAW_SAMPLE_CHARS)}…`
          : row.raw,
    });
    samplesOf.set(row.reason, list);
  }
  const byCount = <T extends { count: number }>(a: T, b: T, ka: string, kb: string) =>
    b.count - a.count || (ka < kb ? -1 : 1);
  return {
    total,
    byReason: [...reasons]
      .map(([reason, n]) => ({ reason, count: n, samples: samplesOf.get(reason) ?? [] }))
      .sort((a, b) => byCount(a, b, a.reason, b.reason)),
    byFile: [...files.values()].sort((a, b) => byCount(a, b, a.objectKey, b.objectKey)),
  };
}
