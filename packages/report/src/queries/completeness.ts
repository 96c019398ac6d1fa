import type { CanonicalEntity } from '@provider-data/core';
import { type RawBuilder, sql } from 'kysely';
import { count, type ReportContext } from '../report-context.js';

/** A field and what "present" means for it, over a canonical table aliased `t`. */
interface PresenceRule {
  field: string;
  present: RawBuilder<unknown>;
}

const text = (column: string) => ({
  field: column,
  present: sql`coalesce(${sql.ref(`t.${column}`)}, '') <> ''`,
});
const notNull = (column: string) => ({ field: column, present: sql`${sql.ref(`t.${column}`)} IS NOT NULL` });
const list = (column: string) => ({
  field: column,
  present: sql`cardinality(${sql.ref(`t.${column}`)}) > 0`,
});
const jsonList = (column: string) => ({
  field: column,
  present: sql`jsonb_array_length(${sql.ref(`t.${column}`)}) > 0`,
});

/** The fields the report measures, per entity, in the order it shows them. */
export const PRESENCE_RULES: Record<CanonicalEntity, { table: string; rules: PresenceRule[] }> = {
  practitioner: {
    table: 'practitioners',
    rules: [
      text('display_name'),
      { field: 'gender', present: sql`t.gender <> 'unknown'` },
      list('specialties'),
      jsonList('qualifications'),
      list('languages'),
      notNull('practice_start_year'),
      {
        field: 'registration',
        present: sql`t.registration_council IS NOT NULL AND t.registration_number IS NOT NULL`,
      },
      text('phone'),
      text('email'),
    ],
  },
  practice: {
    table: 'practices',
    rules: [
      text('name'),
      { field: 'facility_type', present: sql`t.facility_type <> 'other'` },
      text('address_line'),
      text('locality'),
      text('city'),
      text('state'),
      text('pincode'),
      list('phones'),
      text('email'),
      { field: 'coordinates', present: sql`t.latitude IS NOT NULL AND t.longitude IS NOT NULL` },
      text('google_place_id'),
    ],
  },
  provider: {
    table: 'providers',
    rules: [
      text('designation'),
      text('department'),
      list('specialties'),
      notNull('consultation_fee_inr'),
      jsonList('schedule'),
    ],
  },
};

/** Rows in scope and rows with each field present, for one entity: one statement. */
export async function entityPresence(
  ctx: ReportContext,
  entity: CanonicalEntity,
): Promise<{ rows: number; present: Record<string, number> }> {
  const { table, rules } = PRESENCE_RULES[entity];
  const counts = sql.join(
    rules.map((rule, i) => sql`count(*) FILTER (WHERE ${rule.present}) AS ${sql.id(`f${i}`)}`),
  );
  const result = await sql<Record<string, unknown>>`
    SELECT count(*) AS rows, ${counts} FROM ${ctx.table(table)} t WHERE ${ctx.inScope}`.execute(ctx.db);
  const row = result.rows[0] ?? {};
  return {
    rows: count(row.rows),
    present: Object.fromEntries(rules.map((rule, i) => [rule.field, count(row[`f${i}`])])),
  };
}
