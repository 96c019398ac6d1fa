import type { DatabaseHandle, SchemaNames } from '@provider-data/sink-postgres';

type Db = DatabaseHandle['db'];

/** A `data_pulls` row as `pdm pull` shows it. */
export interface PullView {
  pullId: string;
  healthSystem: string;
  pullTimestamp: string;
  dataType: string;
  bucket: string | null;
  status: string;
  createdAt: Date | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  attempts: number;
  claimedBy: string | null;
  leaseExpiresAt: Date | null;
  lastError: { code: string; message: string } | null;
  stats: Record<string, unknown> | null;
}

/** One pull row with its processing state, or undefined. */
export async function findPull(db: Db, schemas: SchemaNames, pullId: string): Promise<PullView | undefined> {
  const row = await db
    .withSchema(schemas.pullSchema)
    .selectFrom('data_pulls')
    .selectAll()
    .where('pull_id', '=', pullId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    pullId: row.pull_id,
    healthSystem: row.health_system,
    pullTimestamp: row.pull_timestamp,
    dataType: row.data_type,
    bucket: row.bucket,
    status: row.status,
    createdAt: row.created_at ?? null,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    attempts: Number(row.attempts ?? 0),
    claimedBy: row.claimed_by,
    leaseExpiresAt: row.lease_expires_at,
    lastError: row.last_error,
    stats: row.stats,
  };
}

/** A pull's quarantine rows counted by reason, from the table (so also for a pull that has no summary yet). */
export async function quarantineCounts(
  db: Db,
  schemas: SchemaNames,
  pullId: string,
): Promise<Record<string, number>> {
  const rows = await db
    .withSchema(schemas.schema)
    .selectFrom('quarantine')
    // A row's reason now: the one the last replay gave it (`pdm replay`), else the pull's.
    .select((eb) => [eb.fn.coalesce('replay_reason', 'reason').as('reason'), eb.fn.countAll().as('count')])
    .where('pull_id', '=', pullId)
    .where('resolved_at', 'is', null)
    .groupBy((eb) => eb.fn.coalesce('replay_reason', 'reason'))
    .orderBy('reason')
    .execute();
  return Object.fromEntries(rows.map((row) => [row.reason, Number(row.count)]));
}

/** One quarantined record or file. */
export interface QuarantineView {
  id: number;
  objectKey: string;
  position: string | null;
  entity: string;
  sourceId: string | null;
  reason: string;
  message: string;
  raw: string | null;
}

/** A pull's quarantine rows in the order they were written, optionally of one reason. */
export async function listQuarantine(
  db: Db,
  schemas: SchemaNames,
  options: { pullId: string; reason?: string | undefined; limit: number },
): Promise<{ rows: QuarantineView[]; total: number }> {
  let query = db
    .withSchema(schemas.schema)
    .selectFrom('quarantine')
    .where('pull_id', '=', options.pullId)
    .where('resolved_at', 'is', null);
  const reason = options.reason;
  if (reason) query = query.where((eb) => eb(eb.fn.coalesce('replay_reason', 'reason'), '=', reason));
  const [rows, total] = await Promise.all([
    query
      .select(['id', 'object_key', 'position', 'entity', 'source_id', 'raw'])
      .select((eb) => [
        eb.fn.coalesce('replay_reason', 'reason').as('reason'),
        eb.fn.coalesce('replay_message', 'message').as('message'),
      ])
      .orderBy('id')
      .limit(options.limit)
      .execute(),
    query.select((eb) => eb.fn.countAll().as('count')).executeTakeFirst(),
  ]);
  return {
    total: Number(total?.count ?? 0),
    rows: rows.map((row) => ({
      id: Number(row.id),
      objectKey: row.object_key,
      position: row.position,
      entity: row.entity,
      sourceId: row.source_id,
      reason: row.reason,
      message: row.message,
      raw: row.raw,
    })),
  };
}

/** A few canonical rows of one health system, joined for people to read. */
export interface CanonicalSample {
  practitioners: {
    name: string;
    gender: string;
    specialties: string[];
    phone: string | null;
    sourceId: string;
  }[];
  practices: {
    name: string;
    facilityType: string;
    city: string | null;
    phones: string[];
    enrichment: string;
    sourceId: string;
  }[];
  providers: {
    practitioner: string;
    practice: string;
    city: string | null;
    designation: string | null;
    specialties: string[];
    feeInr: number | null;
  }[];
}

/** The first `limit` active practitioners, practices and providers of a health system, by source id. */
export async function canonicalSample(
  db: Db,
  schemas: SchemaNames,
  healthSystem: string,
  limit: number,
): Promise<CanonicalSample> {
  const q = () => db.withSchema(schemas.schema);
  const [practitioners, practices, providers] = await Promise.all([
    q()
      .selectFrom('practitioners')
      .select(['display_name', 'gender', 'specialties', 'phone', 'source_id'])
      .where('health_system', '=', healthSystem)
      .where('active', '=', true)
      .orderBy('source_id')
      .limit(limit)
      .execute(),
    q()
      .selectFrom('practices')
      .select(['name', 'facility_type', 'city', 'phones', 'enrichment_status', 'source_id'])
      .where('health_system', '=', healthSystem)
      .where('active', '=', true)
      .orderBy('source_id')
      .limit(limit)
      .execute(),
    q()
      .selectFrom('providers as pv')
      .innerJoin('practitioners as pr', 'pr.id', 'pv.practitioner_id')
      .innerJoin('practices as pc', 'pc.id', 'pv.practice_id')
      .select([
        'pr.display_name',
        'pc.name',
        'pc.city',
        'pv.designation',
        'pv.specialties',
        'pv.consultation_fee_inr',
        'pv.practitioner_source_id',
      ])
      .where('pv.health_system', '=', healthSystem)
      .where('pv.active', '=', true)
      .orderBy('pv.practitioner_source_id')
      .orderBy('pv.practice_source_id')
      .limit(limit)
      .execute(),
  ]);
  return {
    practitioners: practitioners.map((r) => ({
      name: r.display_name,
      gender: r.gender,
      specialties: r.specialties,
      phone: r.phone,
      sourceId: r.source_id,
    })),
    practices: practices.map((r) => ({
      name: r.name,
      facilityType: r.facility_type,
      city: r.city,
      phones: r.phones,
      enrichment: r.enrichment_status,
      sourceId: r.source_id,
    })),
    providers: providers.map((r) => ({
      practitioner: r.display_name,
      practice: r.name,
      city: r.city,
      designation: r.designation,
      specialties: r.specialties,
      feeInr: r.consultation_fee_inr === null ? null : Number(r.consultation_fee_inr),
    })),
  };
}

/** Rows per canonical table of one health system (active ones), for checks and the demo. */
export async function tableCounts(
  db: Db,
  schemas: SchemaNames,
  healthSystem: string,
): Promise<{ practitioner: number; practice: number; provider: number }> {
  const count = async (table: 'practitioners' | 'practices' | 'providers') => {
    const row = await db
      .withSchema(schemas.schema)
      .selectFrom(table)
      .select((eb) => eb.fn.countAll().as('count'))
      .where('health_system', '=', healthSystem)
      .executeTakeFirst();
    return Number(row?.count ?? 0);
  };
  const [practitioner, practice, provider] = await Promise.all([
    count('practitioners'),
    count('practices'),
    count('providers'),
  ]);
  return { practitioner, practice, provider };
}
