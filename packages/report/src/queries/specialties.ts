import { standardizeSpecialties } from '@provider-data/core';
import { sql } from 'kysely';
import type { SpecialtyWordings } from '../report-data.js';
import { count, type ReportContext } from '../report-context.js';

/**
 * The practitioners' raw specialty wordings in scope, counted in SQL; each
 * distinct wording is mapped once with core's `standardizeSpecialties`, so
 * the report and the pipeline agree on what is mapped.
 */
export async function specialtyWordings(ctx: ReportContext): Promise<SpecialtyWordings> {
  const result = await sql<{ wording: string; n: unknown }>`
    SELECT w AS wording, count(*) AS n
    FROM ${ctx.table('practitioners')} t, unnest(t.specialties_raw) AS w
    WHERE ${ctx.inScope} AND w <> ''
    GROUP BY w`.execute(ctx.db);
  const wordings: SpecialtyWordings = {
    distinct: 0,
    distinctMapped: 0,
    occurrences: 0,
    occurrencesMapped: 0,
    topUnmapped: [],
  };
  const unmapped: { wording: string; count: number }[] = [];
  for (const row of result.rows) {
    const n = count(row.n);
    wordings.distinct++;
    wordings.occurrences += n;
    if (standardizeSpecialties(row.wording).value.length > 0) {
      wordings.distinctMapped++;
      wordings.occurrencesMapped += n;
    } else unmapped.push({ wording: row.wording, count: n });
  }
  unmapped.sort((a, b) => b.count - a.count || (a.wording < b.wording ? -1 : 1));
  wordings.topUnmapped = unmapped.slice(0, ctx.options.topUnmapped);
  return wordings;
}
