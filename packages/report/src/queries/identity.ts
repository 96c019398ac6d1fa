import { sql } from 'kysely';
import type { IdentityReport } from '../report-data.js';
import { count, type ReportContext } from '../report-context.js';

/** True when both identity tables (`persons`, `person_links`) exist in the report's schema. */
async function identityInstalled(ctx: ReportContext): Promise<boolean> {
  const result = await sql<{ n: unknown }>`
    SELECT count(*) AS n FROM information_schema.tables
    WHERE table_schema = ${ctx.options.schema} AND table_name IN ('persons', 'person_links')`.execute(ctx.db);
  return count(result.rows[0]?.n) === 2;
}

/**
 * How the practitioners in scope are linked to persons, or null when the
 * identity package has not created its tables: by method, how many persons
 * they make, and how many of those span health systems.
 */
export async function identityReport(ctx: ReportContext): Promise<IdentityReport | null> {
  if (!(await identityInstalled(ctx))) return null;
  const links = ctx.table('person_links');
  const practitioners = ctx.table('practitioners');
  const byMethod = await sql<{ method: string | null; n: unknown }>`
    SELECT pl.method, count(*) AS n
    FROM ${practitioners} t LEFT JOIN ${links} pl ON pl.practitioner_id = t.id
    WHERE ${ctx.inScope} GROUP BY 1 ORDER BY 2 DESC, 1`.execute(ctx.db);
  const persons = await sql<{ persons: unknown; cross_system: unknown; multi: unknown }>`
    WITH scoped AS (
      SELECT DISTINCT pl.person_id FROM ${practitioners} t JOIN ${links} pl ON pl.practitioner_id = t.id
      WHERE ${ctx.inScope}
    ),
    members AS (
      SELECT pl.person_id, count(*) AS practitioners, count(DISTINCT p.health_system) AS systems
      FROM ${links} pl JOIN ${practitioners} p ON p.id = pl.practitioner_id
      WHERE pl.person_id IN (SELECT person_id FROM scoped)
      GROUP BY pl.person_id
    )
    SELECT count(*) AS persons,
           count(*) FILTER (WHERE systems > 1) AS cross_system,
           count(*) FILTER (WHERE practitioners > 1) AS multi
    FROM members`.execute(ctx.db);
  const methods = byMethod.rows.filter((r) => r.method !== null);
  const row = persons.rows[0];
  return {
    linked: methods.reduce((sum, r) => sum + count(r.n), 0),
    unlinked: count(byMethod.rows.find((r) => r.method === null)?.n),
    byMethod: methods.map((r) => ({ method: r.method as string, count: count(r.n) })),
    persons: count(row?.persons),
    crossSystemPersons: count(row?.cross_system),
    multiPractitionerPersons: count(row?.multi),
  };
}
