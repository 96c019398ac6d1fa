import { sql } from 'kysely';
import type { EnrichmentReport } from '../report-data.js';
import { count, type ReportContext } from '../report-context.js';

/**
 * A jsonb column of `practices` that records why enrichment decided what it
 * did (its name holds `evidence`), or undefined: the column is optional and
 * comes with the Places enricher's migrations.
 */
async function evidenceColumn(ctx: ReportContext): Promise<string | undefined> {
  const result = await sql<{ column_name: string }>`
    SELECT column_name FROM information_schema.columns
    WHERE table_schema = ${ctx.options.schema} AND table_name = 'practices'
      AND column_name LIKE '%evidence%' AND data_type = 'jsonb'
    ORDER BY column_name LIMIT 1`.execute(ctx.db);
  return result.rows[0]?.column_name;
}

/** Enrichment status of the practices in scope, the pull's enrichment counts, and decisions by rule. */
export async function enrichmentReport(ctx: ReportContext): Promise<EnrichmentReport> {
  const practices = ctx.table('practices');
  const byStatus = await sql<{ status: string; n: unknown }>`
    SELECT t.enrichment_status AS status, count(*) AS n FROM ${practices} t
    WHERE ${ctx.inScope} GROUP BY 1 ORDER BY 2 DESC, 1`.execute(ctx.db);
  const column = await evidenceColumn(ctx);
  let evidence: EnrichmentReport['evidence'] = null;
  if (column) {
    const evidenceRef = sql.ref(`t.${column}`);
    const byRule = await sql<{ rule: string; n: unknown }>`
      SELECT coalesce(${evidenceRef} ->> 'rule', '(no rule recorded)') AS rule, count(*) AS n
      FROM ${practices} t WHERE ${ctx.inScope} AND ${evidenceRef} IS NOT NULL
      GROUP BY 1 ORDER BY 2 DESC, 1`.execute(ctx.db);
    evidence = { column, byRule: byRule.rows.map((r) => ({ rule: r.rule, count: count(r.n) })) };
  }
  return {
    byStatus: byStatus.rows.map((r) => ({ status: r.status, count: count(r.n) })),
    pullCounts: ctx.summary?.enrichment ?? {},
    evidence,
  };
}
