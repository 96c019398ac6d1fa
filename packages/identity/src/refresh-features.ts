import { createHash } from 'node:crypto';
import { copyText, copyTextArray } from '@provider-data/core';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { blockingKeys, type PractitionerFeatures } from './features.js';
import { nameKey, nameTokens } from './names.js';
import { SIDE_COLUMNS } from './score-pairs.js';
import { batchJson, tableOf } from './tables.js';
import type { CopyIn } from '@provider-data/sink-postgres';

/** A practitioner row as identity reads it. */
interface PractitionerRow {
  id: string;
  health_system: string;
  display_name: string;
  gender: string | null;
  specialties: string[] | null;
  qualifications: { degree?: string | null; subject?: string | null }[] | null;
  practice_start_year: number | null;
  registration_council: string | null;
  registration_number: string | null;
  phone: string | null;
  email: string | null;
  hpr_id: string | null;
  cities: string[] | null;
  feature_hash: string | null;
}

/** The features of a stored practitioner row. */
export function featuresOfRow(row: Omit<PractitionerRow, 'id' | 'feature_hash'>): PractitionerFeatures {
  const degrees = new Set<string>();
  for (const q of row.qualifications ?? []) {
    if (!q?.degree) continue;
    const degree = q.degree.toUpperCase().replace(/[^A-Z0-9]/g, '');
    degrees.add(q.subject ? `${degree}:${q.subject.toLowerCase()}` : degree);
  }
  return {
    healthSystem: row.health_system,
    registrationCouncil: row.registration_council || null,
    registrationNumber: row.registration_number
      ? row.registration_number.toUpperCase().replace(/[^A-Z0-9]/g, '')
      : null,
    hprId: row.hpr_id ? row.hpr_id.trim().toLowerCase() : null,
    phone: row.phone || null,
    email: row.email ? row.email.toLowerCase() : null,
    name: nameTokens(row.display_name),
    gender: row.gender ?? null,
    specialties: [...(row.specialties ?? [])].sort(),
    qualifications: [...degrees].sort(),
    cities: [...new Set((row.cities ?? []).map((c) => c.toLowerCase()))].sort(),
    practiceStartYear: row.practice_start_year ?? null,
  };
}

/** The stored form of features, and a hash that says whether they changed. */
function storedFeatures(practitionerId: string, f: PractitionerFeatures) {
  const stored = {
    practitioner_id: practitionerId,
    health_system: f.healthSystem,
    registration_council: f.registrationCouncil,
    registration_number: f.registrationNumber,
    hpr_id: f.hprId,
    phone: f.phone,
    email: f.email,
    name_key: nameKey(f.name),
    name_tokens: f.name.tokens,
    name_initials: f.name.initials,
    gender: f.gender,
    specialties: f.specialties,
    qualifications: f.qualifications,
    cities: f.cities,
    practice_start_year: f.practiceStartYear,
    block_keys: blockingKeys(f),
  };
  const feature_hash = createHash('sha1').update(JSON.stringify(stored)).digest('base64url');
  return { ...stored, feature_hash };
}

/** Options of {@link refreshFeatures}. */
export interface RefreshFeaturesOptions {
  schema: string;
  /** Only practitioners last seen in this pull; all when absent. */
  pullId?: string;
  /** Keys of a practitioner's `raw` record that may hold an HPR id. */
  hprIdFields: readonly string[];
  /** Rows read and written per statement. Default 5000, 20,000 for the rows of one pull. */
  batchSize?: number;
  /** Streams `COPY … FROM STDIN` text into PostgreSQL: new features go this way when given (see {@link CopyIn}). */
  copy?: CopyIn;
  /** With a copy: a refresh of more practitioners than this that more than doubles the table rebuilds its indexes. Default 10,000. */
  bulkThreshold?: number;
}

/** The columns of `identity_features` a refresh writes, in COPY order. */
const FEATURE_COLUMNS = [
  'practitioner_id',
  'feature_hash',
  'name_key',
  'block_keys',
  ...SIDE_COLUMNS,
] as const;

/**
 * The secondary indexes of `identity_features` (as the sink's migrations
 * made them). A refresh that adds more rows than the table held drops them
 * and builds them again after, which is cheaper than adding to them row by
 * row. Every refresh ends by creating any that is missing, so a run that
 * died between the two leaves no table without them.
 */
const SECONDARY_INDEXES: readonly [string, RawBuilder<unknown>][] = [
  ['identity_features_name_key_idx', sql`(name_key)`],
  ['identity_features_phone_idx', sql`(phone)`],
  ['identity_features_email_idx', sql`(email)`],
];

type StoredFeatures = ReturnType<typeof storedFeatures>;

function copyLine(f: StoredFeatures): string {
  return `${FEATURE_COLUMNS.map((c) => {
    const v = f[c];
    if (Array.isArray(v)) return copyTextArray(v);
    return copyText(v === null ? null : String(v));
  }).join('\t')}\n`;
}

/**
 * Brings `identity_features` up to date with the practitioners (all, or
 * those of one pull) and records in the temp table `identity_changed` the
 * nodes whose features were new or changed. Returns how many rows were read
 * and how many changed.
 */
export async function refreshFeatures(
  conn: Kysely<unknown>,
  options: RefreshFeaturesOptions,
): Promise<{ read: number; changed: number }> {
  const t = tableOf(options.schema);
  // A pull's rows are scattered through the table, which has no index on the pull: one page when it can.
  const batchSize = options.batchSize ?? (options.pullId === undefined ? 5000 : 20_000);
  const hpr =
    options.hprIdFields.length === 0
      ? sql`NULL::text`
      : sql`coalesce(${sql.join(options.hprIdFields.map((k) => sql`p.raw->>${k}`))})`;
  const inPull = options.pullId === undefined ? sql`true` : sql`p.last_seen_pull_id = ${options.pullId}`;
  await sql`CREATE TEMP TABLE IF NOT EXISTS identity_changed (node integer PRIMARY KEY)`.execute(conn);
  const count = async (query: RawBuilder<{ n: unknown }>) =>
    Number((await query.execute(conn)).rows[0]?.n ?? 0);
  // Rows COPYed commit on the copy's own connection: they are the rows with a node above this one.
  const nodesBefore = await count(sql`SELECT coalesce(max(node), 0) AS n FROM ${t('identity_features')}`);
  let bulk = false;
  if (options.copy) {
    const existing = await count(sql`SELECT count(*) AS n FROM ${t('identity_features')}`);
    const practitioners = await count(sql`SELECT count(*) AS n FROM ${t('practitioners')} p WHERE ${inPull}`);
    bulk = practitioners > (options.bulkThreshold ?? 10_000) && practitioners > existing;
    if (bulk) {
      for (const [name] of SECONDARY_INDEXES) {
        await sql`DROP INDEX IF EXISTS ${sql.id(options.schema, name)}`.execute(conn);
      }
    }
  }
  let after = '00000000-0000-0000-0000-000000000000';
  let read = 0;
  let changed = 0;
  let copied = 0;
  const upsert = async (batch: StoredFeatures[]) => {
    await sql`
      WITH upserted AS (
        INSERT INTO ${t('identity_features')} AS f (${sql.join(FEATURE_COLUMNS.map((c) => sql.id(c)))})
        SELECT ${sql.join(FEATURE_COLUMNS.map((c) => sql.ref(`r.${c}`)))}
        FROM jsonb_to_recordset(${batchJson(batch)}::jsonb) AS r(practitioner_id uuid, feature_hash text,
          health_system text, registration_council text, registration_number text, hpr_id text, phone text,
          email text, name_key text, name_tokens text[], name_initials text[], gender text, specialties text[],
          qualifications text[], cities text[], practice_start_year integer, block_keys text[])
        ON CONFLICT (practitioner_id) DO UPDATE SET feature_hash = EXCLUDED.feature_hash,
          health_system = EXCLUDED.health_system, registration_council = EXCLUDED.registration_council,
          registration_number = EXCLUDED.registration_number, hpr_id = EXCLUDED.hpr_id, phone = EXCLUDED.phone,
          email = EXCLUDED.email, name_key = EXCLUDED.name_key, name_tokens = EXCLUDED.name_tokens,
          name_initials = EXCLUDED.name_initials, gender = EXCLUDED.gender, specialties = EXCLUDED.specialties,
          qualifications = EXCLUDED.qualifications, cities = EXCLUDED.cities,
          practice_start_year = EXCLUDED.practice_start_year, block_keys = EXCLUDED.block_keys, updated_at = now()
        RETURNING f.node)
      INSERT INTO identity_changed (node) SELECT node FROM upserted ON CONFLICT DO NOTHING`.execute(conn);
  };
  // Reads the practitioners a batch at a time; changed features are upserted here, and new ones
  // (with a copy) are yielded as COPY text, so that the copy's connection writes one batch while
  // this one reads the next.
  async function* refresh(): AsyncGenerator<string> {
    for (;;) {
      const { rows } = await sql<PractitionerRow>`
        SELECT p.id, p.health_system, p.display_name, p.gender, p.specialties, p.qualifications,
          p.practice_start_year, p.registration_council, p.registration_number, p.phone, p.email,
          ${hpr} AS hpr_id,
          ARRAY(SELECT DISTINCT pr.city FROM ${t('providers')} pv JOIN ${t('practices')} pr ON pr.id = pv.practice_id
                WHERE pv.practitioner_id = p.id AND pr.city IS NOT NULL) AS cities,
          f.feature_hash
        FROM ${t('practitioners')} p LEFT JOIN ${t('identity_features')} f ON f.practitioner_id = p.id
        WHERE p.id > ${after}::uuid AND ${inPull}
        ORDER BY p.id LIMIT ${batchSize}`.execute(conn);
      if (rows.length === 0) return;
      read += rows.length;
      after = (rows[rows.length - 1] as PractitionerRow).id;
      const batch: StoredFeatures[] = [];
      let text = '';
      for (const row of rows) {
        const stored = storedFeatures(row.id, featuresOfRow(row));
        if (stored.feature_hash === row.feature_hash) continue;
        changed++;
        if (options.copy && row.feature_hash === null) {
          text += copyLine(stored);
          copied++;
        } else batch.push(stored);
      }
      if (batch.length > 0) await upsert(batch);
      if (text) yield text;
      // A short page is the last: no query more (a pull's rows are found by a scan of the whole table).
      if (rows.length < batchSize) return;
    }
  }
  try {
    if (options.copy) {
      await options.copy(
        sql`COPY ${t('identity_features')} (${sql.join(FEATURE_COLUMNS.map((c) => sql.id(c)))}) FROM STDIN`.compile(
          conn,
        ).sql,
        refresh(),
      );
      if (copied > 0) {
        await sql`INSERT INTO identity_changed (node) SELECT node FROM ${t('identity_features')}
          WHERE node > ${nodesBefore} ON CONFLICT DO NOTHING`.execute(conn);
      }
    } else {
      for await (const _ of refresh());
    }
  } finally {
    if (bulk) await sql`SET maintenance_work_mem = '256MB'`.execute(conn);
    for (const [name, definition] of SECONDARY_INDEXES) {
      await sql`CREATE INDEX IF NOT EXISTS ${sql.id(name)} ON ${t('identity_features')} ${definition}`.execute(
        conn,
      );
    }
    if (bulk) await sql`RESET maintenance_work_mem`.execute(conn);
  }
  // A table filled in one go has no statistics until autovacuum comes by; the run's joins need them now.
  // (Not after a pull that changed a few percent: sampling 1,000,000 rows again costs more than it tells.)
  if (changed > 1000 && changed > nodesBefore / 5) await sql`ANALYZE ${t('identity_features')}`.execute(conn);
  await sql`ANALYZE identity_changed`.execute(conn);
  return { read, changed };
}
