import type { ColumnType, Generated, JSONColumnType } from 'kysely';

/** A timestamp column: read as a `Date`, written as a `Date` or ISO text. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A timestamp column with a database default. */
type TimestampDefault = ColumnType<Date, Date | string | undefined, Date | string>;
/** A count or number that pg returns as a string and PGlite as a number. */
type NumberLike = ColumnType<number | string, number, number>;

/** `provider_connector.data_pulls`: the spec's columns plus this project's own. */
export interface DataPullsTable {
  pull_id: string;
  health_system: string;
  pull_timestamp: string;
  data_type: string;
  bucket: string | null;
  status: ColumnType<string, string | undefined, string>;
  created_at: TimestampDefault;
  claimed_by: string | null;
  lease_expires_at: Timestamp | null;
  attempts: ColumnType<number, number | undefined, number>;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
  last_error: JSONColumnType<{ code: string; message: string }> | null;
  stats: JSONColumnType<Record<string, unknown>> | null;
}

/** Columns every canonical table shares: lineage, hash, timestamps. */
interface LineageColumns {
  active: boolean;
  first_seen_pull_id: string;
  last_seen_pull_id: string;
  /** The file of the last pull the row was written from, under the pull's prefix; null when the pull's finish wrote it. */
  last_seen_file: ColumnType<string | null, string | null | undefined, string | null>;
  content_hash: string;
  created_at: TimestampDefault;
  updated_at: TimestampDefault;
}

/** `provider_data.practitioners`. */
export interface PractitionersTable extends LineageColumns {
  id: string;
  health_system: string;
  source_id: string;
  display_name: string;
  prefixes: string[];
  given_name: string | null;
  family_name: string | null;
  gender: string;
  specialties: string[];
  specialties_raw: string[];
  qualifications: JSONColumnType<{ degree: string; subject: string | null; institution: string | null }[]>;
  languages: string[];
  practice_start_year: number | null;
  registration_council: string | null;
  registration_number: string | null;
  phone: string | null;
  email: string | null;
  raw: unknown;
}

/** `provider_data.practices`. */
export interface PracticesTable extends LineageColumns {
  id: string;
  health_system: string;
  source_id: string;
  name: string;
  facility_type: string;
  address_line: string | null;
  locality: string | null;
  city: string | null;
  state: string | null;
  pincode: string | null;
  phones: string[];
  email: string | null;
  latitude: number | null;
  longitude: number | null;
  geo_source: string | null;
  google_place_id: string | null;
  enrichment_status: string;
  enriched_at: Timestamp | null;
  place_details: JSONColumnType<Record<string, string | null>> | null;
  enrichment_evidence: JSONColumnType<Record<string, unknown>> | null;
  raw: unknown;
}

/** `provider_data.providers`: a practitioner at a practice. */
export interface ProvidersTable extends LineageColumns {
  id: string;
  health_system: string;
  practitioner_id: string;
  practice_id: string;
  practitioner_source_id: string;
  practice_source_id: string;
  designation: string | null;
  department: string | null;
  specialties: string[];
  consultation_fee_inr: NumberLike | null;
  schedule: JSONColumnType<{ days: string[]; start: string; end: string }[]>;
}

/** `provider_data.pending_providers`: a pull's providers until the pull finishes. */
export interface PendingProvidersTable
  extends Omit<
    ProvidersTable,
    'first_seen_pull_id' | 'last_seen_pull_id' | 'last_seen_file' | 'created_at' | 'updated_at'
  > {
  seq: Generated<NumberLike>;
  pull_id: string;
  object_key: string;
}

/** `provider_data.quarantine`: one row per rejected record or unreadable file. */
export interface QuarantineTable {
  id: Generated<NumberLike>;
  pull_id: string;
  health_system: string;
  object_key: string;
  position: string | null;
  entity: string;
  source_id: string | null;
  reason: string;
  message: string;
  raw: string | null;
  created_at: TimestampDefault;
  /** Migration 0005: the record's type in its source's terms, for a replay. */
  record_type: Generated<string | null>;
  resolved_at: Generated<Date | null>;
  resolved_by: Generated<string | null>;
  replay_reason: Generated<string | null>;
  replay_message: Generated<string | null>;
  replayed_by: Generated<string | null>;
  replayed_at: Generated<Date | null>;
}

/** `provider_data.quarantine_replays` (migration 0005): one row per replay of a pull's quarantine. */
export interface QuarantineReplaysTable {
  replay_id: string;
  pull_id: string;
  reason_filter: string | null;
  files: Generated<boolean>;
  worker_id: string;
  status: Generated<string>;
  counts: unknown | null;
  error: unknown | null;
  started_at: TimestampDefault;
  finished_at: Date | null;
}

/** `provider_data.file_checkpoints`: the result of every committed file of a pull. */
export interface FileCheckpointsTable {
  pull_id: string;
  object_key: string;
  result: JSONColumnType<Record<string, unknown>>;
  finished_at: TimestampDefault;
}

/** `provider_data.pull_files`: the file queue of a pull shared by several workers. */
export interface PullFilesTable {
  pull_id: string;
  object_key: string;
  size: NumberLike;
  /** The object store's tag of the file's bytes, when the listing gave one. */
  etag: ColumnType<string | null, string | null | undefined, string | null>;
  claimed_by: string | null;
  lease_expires_at: Date | null;
  /** How many times the file was handed out. */
  claims: ColumnType<number, number | undefined, number>;
}

/** `provider_data.pull_finishes`: what finishing a pull did. */
export interface PullFinishesTable {
  pull_id: string;
  result: JSONColumnType<Record<string, unknown>>;
  finished_at: TimestampDefault;
}

/** `provider_data.enrichment_cache`: answers of outside services, by namespace and key. */
export interface EnrichmentCacheTable {
  namespace: string;
  key: string;
  value: ColumnType<unknown, string | null, string | null>;
  fetched_at: Timestamp;
}

/**
 * The tables of this package, by unqualified name. Their schemas are
 * configurable, so queries name them through `db.withSchema(schema)`.
 */
export interface Database {
  data_pulls: DataPullsTable;
  practitioners: PractitionersTable;
  practices: PracticesTable;
  providers: ProvidersTable;
  pending_providers: PendingProvidersTable;
  quarantine: QuarantineTable;
  file_checkpoints: FileCheckpointsTable;
  enrichment_cache: EnrichmentCacheTable;
  pull_files: PullFilesTable;
  pull_finishes: PullFinishesTable;
  quarantine_replays: QuarantineReplaysTable;
}
