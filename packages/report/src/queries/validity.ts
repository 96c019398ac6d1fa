import {
  type CanonicalEntity,
  cityArea,
  distanceMeters,
  standardizeEmail,
  standardizePhone,
  standardizePincode,
} from '@provider-data/core';
import { type RawBuilder, sql } from 'kysely';
import { type IndiaOutline, insideIndia } from '../geo/india-outline.js';
import type { CoordinateQuality } from '../report-data.js';
import { count, type ReportContext } from '../report-context.js';

/** A validity rule: which field, what it means, and how one stored value is judged (by core's standardizers). */
interface ValidityRule {
  entity: CanonicalEntity;
  table: string;
  field: string;
  rule: string;
  /** The value, one per row (a scalar column) or one per element (`unnest` of an array column). */
  values: RawBuilder<unknown>;
  array: boolean;
  isValid(value: string, state: string | null): boolean;
}

// A stored value is valid when core's standardizer reads it back as itself.
const samePhone = (value: string) => standardizePhone(value).value === value;
const sameEmail = (value: string) => standardizeEmail(value).value === value;

export const VALIDITY_RULES: readonly ValidityRule[] = [
  {
    entity: 'practitioner',
    table: 'practitioners',
    field: 'phone',
    rule: 'E.164 and a valid number (libphonenumber)',
    values: sql`t.phone`,
    array: false,
    isValid: samePhone,
  },
  {
    entity: 'practitioner',
    table: 'practitioners',
    field: 'email',
    rule: 'a valid address',
    values: sql`t.email`,
    array: false,
    isValid: sameEmail,
  },
  {
    entity: 'practice',
    table: 'practices',
    field: 'phones',
    rule: 'every number E.164 and valid',
    values: sql`unnest(t.phones)`,
    array: true,
    isValid: samePhone,
  },
  {
    entity: 'practice',
    table: 'practices',
    field: 'email',
    rule: 'a valid address',
    values: sql`t.email`,
    array: false,
    isValid: sameEmail,
  },
  {
    entity: 'practice',
    table: 'practices',
    field: 'pincode',
    rule: "six digits, in the postal region of the practice's state",
    values: sql`t.pincode`,
    array: false,
    isValid: (pin, state) => {
      const read = standardizePincode(pin, state);
      return read.value === pin && !read.warnings.includes('pincode_state_mismatch');
    },
  },
];

/**
 * Rows whose field is valid, for one rule. SQL groups the distinct values
 * (with the practice's state, for PINs); each distinct value is judged once;
 * for an array column a second statement counts the rows holding no invalid element.
 */
export async function validRows(ctx: ReportContext, rule: ValidityRule): Promise<number> {
  const state = rule.table === 'practices' ? sql`t.state` : sql`NULL::text`;
  const result = await sql<{ value: string | null; state: string | null; n: unknown }>`
    SELECT v.value, v.state, count(*) AS n
    FROM (SELECT ${rule.values} AS value, ${state} AS state FROM ${ctx.table(rule.table)} t WHERE ${ctx.inScope}) v
    WHERE v.value IS NOT NULL AND v.value <> ''
    GROUP BY v.value, v.state`.execute(ctx.db);
  let valid = 0;
  const invalid = new Set<string>();
  for (const row of result.rows) {
    if (row.value === null) continue;
    if (rule.isValid(row.value, row.state)) valid += count(row.n);
    else invalid.add(row.value);
  }
  if (!rule.array) return valid;
  const column = sql.ref(`t.${rule.field}`);
  const rows = await sql<{ n: unknown }>`SELECT count(*) AS n FROM ${ctx.table(rule.table)} t
    WHERE ${ctx.inScope} AND cardinality(${column}) > 0 AND NOT (${column} && ${[...invalid]}::text[])`.execute(
    ctx.db,
  );
  return count(rows.rows[0]?.n);
}

/** Where the practices in scope are: inside India, and near the centre of their stated city. */
export async function coordinateQuality(ctx: ReportContext, india: IndiaOutline): Promise<CoordinateQuality> {
  const reachKm = ctx.options.cityReachKm;
  const result = await sql<{ lat: number; lng: number; city: string | null; n: unknown }>`
    SELECT t.latitude AS lat, t.longitude AS lng, t.city, count(*) AS n
    FROM ${ctx.table('practices')} t
    WHERE ${ctx.inScope} AND t.latitude IS NOT NULL AND t.longitude IS NOT NULL
    GROUP BY 1, 2, 3`.execute(ctx.db);
  const quality: CoordinateQuality = { present: 0, insideIndia: 0, nearCity: 0, cityUnknown: 0, reachKm };
  for (const row of result.rows) {
    const n = count(row.n);
    const point = { lat: Number(row.lat), lng: Number(row.lng) };
    quality.present += n;
    if (!insideIndia(india, point)) continue;
    quality.insideIndia += n;
    const centre = row.city ? cityArea(row.city) : null;
    if (!centre) quality.cityUnknown += n;
    else if (distanceMeters(point, centre) <= reachKm * 1000) quality.nearCity += n;
  }
  return quality;
}
