import { sql } from 'kysely';
import type { EnrichmentReport } from '../report-data.js';
import { count, type ReportContext } from '../report-context.js';

/** Enrichment status of the practices in scope, the pull's enrichment counts, and decisions by rule. */
export async function enrichmentReport(ctx: ReportContext): Promise<EnrichmentReport> {
  const practices = ctx.table('practices');
  const byStatus = await sql<{ status: string; n: unknown }>`
    SELECT t.enrichment_status AS status, count(*) AS n FROM ${practices} t
    WHERE ${ctx.inScope} GROUP BY 1 ORDER BY 2 DESC, 1`.execute(ctx.db);
  // Each Places decision keeps its evidence; `rule` is what decided (matched, city_mismatch, …).
  const byRule = await sql<{ rule: string; n: unknown }>`
    SELECT coalesce(t.enrichment_evidence ->> 'rule', '(no rule recorded)') AS rule, count(*) AS n
    FROM ${practices} t WHERE ${ctx.inScope} AND t.enrichment_evidence IS NOT NULL
    GROUP BY 1 ORDER BY 2 DESC, 1`.execute(ctx.db);
  const evidence: EnrichmentReport['evidence'] =
    byRule.rows.length === 0
      ? null
      : {
          column: 'enrichment_evidence',
          byRule: byRule.rows.map((r) => ({ rule: r.rule, count: count(r.n) })),
        };
  return {
    byStatus: byStatus.rows.map((r) => ({ status: r.status, count: count(r.n) })),
    pullCounts: ctx.summary?.enrichment ?? {},
    evidence,
  };
}
