import { SinkError } from '@provider-data/core';
import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import { identityMigration } from './migrations-identity.js';
import { redactedMessage } from './redact.js';
import { withSchemaIntrospection } from './schema-introspection.js';
import { type SchemaNames, qualified, schemaNames } from './schema-names.js';

/** Options of {@link migrate}. */
export interface MigrateOptions extends Partial<SchemaNames> {}

/** What {@link migrate} applied. */
export interface MigrateResult {
  /** Names of the migrations applied by this call; empty when the database was current. */
  applied: string[];
}

/**
 * The fill factor of the three canonical tables (migration
 * `0009_canonical_fillfactor`): the share of each page that inserts fill.
 * A next pull marks nearly every row of a file seen in one statement, so the
 * new versions of all the rows of a page must fit beside the old ones for
 * every update to be HOT: half of each page is left free. At 85 only about
 * one row in five found room (measured in BENCHMARKS.md).
 */
export const CANONICAL_FILLFACTOR = 50;

/** The migrations of this package, in order, for the given schema names. */
export function migrations(names: SchemaNames): Record<string, Migration> {
  const { schema, pullSchema } = names;
  const t = (table: string) => qualified(schema, table);
  const pulls = qualified(pullSchema, 'data_pulls');
  return {
    '0001_data_pulls': {
      async up(db) {
        await sql`CREATE SCHEMA IF NOT EXISTS ${sql.id(pullSchema)}`.execute(db);
        // The connector owns this table; create it only when it is missing.
        await sql`CREATE TABLE IF NOT EXISTS ${pulls} (
          pull_id uuid PRIMARY KEY,
          health_system text NOT NULL,
          pull_timestamp text NOT NULL,
          data_type text NOT NULL,
          bucket text,
          status text NOT NULL DEFAULT 'pending',
          created_at timestamptz NOT NULL DEFAULT now()
        )`.execute(db);
        // This project's own columns; the connector never has to fill them.
        await sql`ALTER TABLE ${pulls}
          ADD COLUMN IF NOT EXISTS claimed_by text,
          ADD COLUMN IF NOT EXISTS lease_expires_at timestamptz,
          ADD COLUMN IF NOT EXISTS attempts integer NOT NULL DEFAULT 0,
          ADD COLUMN IF NOT EXISTS started_at timestamptz,
          ADD COLUMN IF NOT EXISTS finished_at timestamptz,
          ADD COLUMN IF NOT EXISTS last_error jsonb,
          ADD COLUMN IF NOT EXISTS stats jsonb`.execute(db);
        await sql`CREATE TABLE ${t('file_checkpoints')} (
          pull_id uuid NOT NULL,
          object_key text NOT NULL,
          result jsonb NOT NULL,
          finished_at timestamptz NOT NULL DEFAULT now(),
          PRIMARY KEY (pull_id, object_key)
        )`.execute(db);
      },
    },
    '0002_canonical_tables': {
      async up(db) {
        await sql`CREATE TABLE ${t('practitioners')} (
          id uuid PRIMARY KEY,
          health_system text NOT NULL,
          source_id text NOT NULL,
          display_name text NOT NULL,
          prefixes text[] NOT NULL DEFAULT '{}',
          given_name text,
          family_name text,
          gender text NOT NULL,
          specialties text[] NOT NULL DEFAULT '{}',
          specialties_raw text[] NOT NULL DEFAULT '{}',
          qualifications jsonb NOT NULL DEFAULT '[]',
          languages text[] NOT NULL DEFAULT '{}',
          practice_start_year integer,
          registration_council text,
          registration_number text,
          phone text,
          email text,
          active boolean NOT NULL DEFAULT true,
          first_seen_pull_id uuid NOT NULL,
          last_seen_pull_id uuid NOT NULL,
          content_hash text NOT NULL,
          raw jsonb,
          created_at timestamptz NOT NULL DEFAULT now(),
          updated_at timestamptz NOT NULL DEFAULT now(),
          UNIQUE (health_system, source_id)
        )`.execute(db);
        await sql`CREATE TABLE ${t('practices')} (
          id uuid PRIMARY KEY,
          health_system text NOT NULL,
          source_id text NOT NULL,
          name text NOT NULL,
          facility_type text NOT NULL,
          address_line text,
          locality text,
          city text,
          state text,
          pincode text,
          phones text[] NOT NULL DEFAULT '{}',
          email text,
          latitude double precision,
          longitude double precision,
          geo_source text,
          google_place_id text,
          enrichment_status text NOT NULL DEFAULT 'pending',
          enriched_at timestamptz,
          place_details jsonb,
          active boolean NOT NULL DEFAULT true,
          first_seen_pull_id uuid NOT NULL,
          last_seen_pull_id uuid NOT NULL,
          content_hash text NOT NULL,
          raw jsonb,
          created_at timestamptz NOT NULL DEFAULT now(),
          updated_at timestamptz NOT NULL DEFAULT now(),
          UNIQUE (health_system, source_id)
        )`.execute(db);
        await sql`CREATE TABLE ${t('providers')} (
          id uuid PRIMARY KEY,
          health_system text NOT NULL,
          practitioner_id uuid NOT NULL REFERENCES ${t('practitioners')} (id),
          practice_id uuid NOT NULL REFERENCES ${t('practices')} (id),
          practitioner_source_id text NOT NULL,
          practice_source_id text NOT NULL,
          designation text,
          department text,
          specialties text[] NOT NULL DEFAULT '{}',
          consultation_fee_inr numeric,
          schedule jsonb NOT NULL DEFAULT '[]',
          active boolean NOT NULL DEFAULT true,
          first_seen_pull_id uuid NOT NULL,
          last_seen_pull_id uuid NOT NULL,
          content_hash text NOT NULL,
          created_at timestamptz NOT NULL DEFAULT now(),
          updated_at timestamptz NOT NULL DEFAULT now()
        )`.execute(db);
        // No index on last_seen_pull_id: it changes on every pull, and an
        // indexed column would turn each of those updates from HOT into a full one.
        for (const table of ['practitioners', 'practices', 'providers']) {
          await sql`CREATE INDEX ${sql.id(`${table}_health_system_active_idx`)}
            ON ${t(table)} (health_system, active)`.execute(db);
        }
        await sql`CREATE INDEX providers_practitioner_id_idx ON ${t('providers')} (practitioner_id)`.execute(
          db,
        );
        await sql`CREATE INDEX providers_practice_id_idx ON ${t('providers')} (practice_id)`.execute(db);
        await sql`CREATE TABLE ${t('quarantine')} (
          id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
          pull_id uuid NOT NULL,
          health_system text NOT NULL,
          object_key text NOT NULL,
          position text,
          entity text NOT NULL,
          source_id text,
          reason text NOT NULL,
          message text NOT NULL,
          raw text,
          created_at timestamptz NOT NULL DEFAULT now()
        )`.execute(db);
        await sql`CREATE INDEX quarantine_pull_id_idx ON ${t('quarantine')} (pull_id)`.execute(db);
        // A pull's providers wait here until the pull finishes: their practice
        // may come from a later file of the pull, or from no file at all.
        await sql`CREATE TABLE ${t('pending_providers')} (
          seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
          pull_id uuid NOT NULL,
          object_key text NOT NULL,
          id uuid NOT NULL,
          health_system text NOT NULL,
          practitioner_id uuid NOT NULL,
          practice_id uuid NOT NULL,
          practitioner_source_id text NOT NULL,
          practice_source_id text NOT NULL,
          designation text,
          department text,
          specialties text[] NOT NULL DEFAULT '{}',
          consultation_fee_inr numeric,
          schedule jsonb NOT NULL DEFAULT '[]',
          active boolean NOT NULL DEFAULT true,
          content_hash text NOT NULL
        )`.execute(db);
        await sql`CREATE INDEX pending_providers_pull_id_idx ON ${t('pending_providers')} (pull_id)`.execute(
          db,
        );
        await sql`CREATE TABLE ${t('enrichment_cache')} (
          namespace text NOT NULL,
          key text NOT NULL,
          value jsonb,
          fetched_at timestamptz NOT NULL,
          PRIMARY KEY (namespace, key)
        )`.execute(db);
      },
    },
    '0003_pull_files': {
      async up(db) {
        // The file queue of pulls shared by several workers; a file is done
        // when its checkpoint exists.
        await sql`CREATE TABLE ${t('pull_files')} (
          pull_id uuid NOT NULL,
          object_key text NOT NULL,
          size bigint NOT NULL DEFAULT 0,
          claimed_by text,
          lease_expires_at timestamptz,
          claims integer NOT NULL DEFAULT 0,
          PRIMARY KEY (pull_id, object_key)
        )`.execute(db);
        // What finishing a pull did, so that finishing it again answers the same.
        await sql`CREATE TABLE ${t('pull_finishes')} (
          pull_id uuid PRIMARY KEY,
          result jsonb NOT NULL,
          finished_at timestamptz NOT NULL DEFAULT now()
        )`.execute(db);
      },
    },
    '0004_practice_enrichment_evidence': {
      async up(db) {
        // Why enrichment decided what it did (the candidates weighed, the rule
        // that decided), for a reviewer to query; null until a practice is looked up.
        await sql`ALTER TABLE ${t('practices')} ADD COLUMN enrichment_evidence jsonb`.execute(db);
      },
    },
    '0005_quarantine_replay': {
      async up(db) {
        // What a replay needs of a quarantine row (the record's type, for the
        // transformer) and what it leaves on it: resolved (loaded, or its file
        // re-read) when and by which replay; or still failing, with the reason
        // the plugin gives now beside the reason it had.
        await sql`ALTER TABLE ${t('quarantine')}
          ADD COLUMN record_type text,
          ADD COLUMN resolved_at timestamptz,
          ADD COLUMN resolved_by uuid,
          ADD COLUMN replay_reason text,
          ADD COLUMN replay_message text,
          ADD COLUMN replayed_by uuid,
          ADD COLUMN replayed_at timestamptz`.execute(db);
        // One row per replay of a pull: its options, its outcome and its counts.
        await sql`CREATE TABLE ${t('quarantine_replays')} (
          replay_id uuid PRIMARY KEY,
          pull_id uuid NOT NULL,
          reason_filter text,
          files boolean NOT NULL DEFAULT false,
          worker_id text NOT NULL,
          status text NOT NULL DEFAULT 'running',
          counts jsonb,
          error jsonb,
          started_at timestamptz NOT NULL DEFAULT now(),
          finished_at timestamptz
        )`.execute(db);
        await sql`CREATE INDEX ${sql.id('quarantine_replays_pull_id_idx')}
          ON ${t('quarantine_replays')} (pull_id)`.execute(db);
      },
    },
    '0006_identity': identityMigration(t),
    '0007_last_seen_file': {
      async up(db) {
        // Which file of its last pull a row was last written from (the key
        // under the pull's prefix, the same in every pull): a pull whose file
        // is byte-identical to that one marks the file's rows seen instead of
        // reading it. It joins the (health_system, active) index rather than
        // adding one, a write less for every row; it rarely changes, so
        // updates stay HOT.
        // The ETag a shared pull's worker needs to find a file's fingerprint.
        await sql`ALTER TABLE ${t('pull_files')} ADD COLUMN etag text`.execute(db);
        for (const table of ['practitioners', 'practices', 'providers']) {
          await sql`ALTER TABLE ${t(table)} ADD COLUMN last_seen_file text`.execute(db);
          const index = sql.id(names.schema, `${table}_health_system_active_idx`);
          await sql`DROP INDEX ${index}`.execute(db);
          await sql`CREATE INDEX ${sql.id(`${table}_health_system_active_idx`)}
            ON ${t(table)} (health_system, active, last_seen_file)`.execute(db);
        }
      },
    },
    '0008_identity_features_without_gin': {
      async up(db) {
        // Identity finds an incremental run's neighbours by one scan of the
        // keys instead (3.3 s at 1,000,000 practitioners, against 2.8 s
        // through the index): the GIN index of every row's blocking keys
        // cost about 40 s of each full run's 1,000,000 rows to build, and
        // every changed row's keys to maintain.
        await sql`DROP INDEX IF EXISTS ${sql.id(names.schema, 'identity_features_block_keys_idx')}`.execute(
          db,
        );
      },
    },
    '0009_canonical_fillfactor': {
      async up(db) {
        // Every pull moves each row's `last_seen_pull_id`, a column in no index:
        // with room left on the page the new row version stays there (a HOT
        // update: no entry in any index, less WAL), and the next pull's page
        // pruning frees the old one. Pages written from now on keep the room;
        // existing pages get it only when the table is rewritten.
        for (const table of ['practitioners', 'practices', 'providers']) {
          await sql`ALTER TABLE ${t(table)} SET (fillfactor = ${sql.lit(CANONICAL_FILLFACTOR)})`.execute(db);
        }
      },
    },
    '0010_pending_providers_by_pull_and_id': {
      async up(db) {
        // A file's commit deletes the pull's pending providers that it
        // resolves, by id among the pull's (supersedePendingStatement): each
        // id one descent of this index, where the pull_id index alone made
        // the statement a hash join over every practitioner of the table.
        // It serves lookups by pull_id as well, which replaces that index.
        await sql`CREATE INDEX pending_providers_pull_id_id_idx
          ON ${t('pending_providers')} (pull_id, id)`.execute(db);
        await sql`DROP INDEX ${sql.id(names.schema, 'pending_providers_pull_id_idx')}`.execute(db);
      },
    },
  };
}

class InCodeMigrationProvider implements MigrationProvider {
  constructor(private readonly names: SchemaNames) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations(this.names);
  }
}

/**
 * Creates or updates this package's tables. Safe to run on every start: a
 * current database is left as it is. An existing connector-owned
 * `data_pulls` table keeps its rows and gains this project's columns.
 *
 * ### Examples
 * ```ts
 * import { createDatabase, migrate } from '@provider-data/sink-postgres';
 *
 * const { db, close } = await createDatabase('memory://');
 * const { applied } = await migrate(db, { schema: 'provider_data', pullSchema: 'provider_connector' });
 * console.log(applied); // ['0001_data_pulls', '0002_canonical_tables']
 * await close();
 * ```
 */
export async function migrate<DB>(db: Kysely<DB>, options: MigrateOptions = {}): Promise<MigrateResult> {
  const names = schemaNames(options);
  await sql`CREATE SCHEMA IF NOT EXISTS ${sql.id(names.schema)}`.execute(db);
  const migrator = new Migrator({
    db: withSchemaIntrospection(db, names.schema),
    provider: new InCodeMigrationProvider(names),
    migrationTableSchema: names.schema,
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) {
    const failed = results.find((r) => r.status === 'Error')?.migrationName;
    throw new SinkError(`migration ${failed ?? ''} failed: ${redactedMessage(error)}`.replace('  ', ' '), {
      cause: error,
    });
  }
  return { applied: results.filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
