/**
 * Migration `0006_identity`: the tables of the identity package (persons,
 * the link of each practitioner row to one, merges, features, the review
 * queue, overrides and runs). See {@link migrations}.
 */
import { type Migration, sql } from 'kysely';
import type { RawBuilder } from 'kysely';

/** `0006_identity`, with `t` naming a table of the canonical schema, qualified. */
export function identityMigration(t: (table: string) => RawBuilder<unknown>): Migration {
  return {
    async up(db) {
      // Persons and the link of each practitioner row to one (the identity
      // package writes them); a merged person keeps its row and points at
      // the person it became.
      await sql`CREATE TABLE ${t('persons')} (
          id uuid PRIMARY KEY,
          created_at timestamptz NOT NULL DEFAULT now(),
          updated_at timestamptz NOT NULL DEFAULT now(),
          merged_into uuid NULL REFERENCES ${t('persons')} (id)
        )`.execute(db);
      await sql`CREATE TABLE ${t('person_links')} (
          practitioner_id uuid PRIMARY KEY REFERENCES ${t('practitioners')} (id) ON DELETE CASCADE,
          person_id uuid NOT NULL REFERENCES ${t('persons')} (id),
          method text NOT NULL,
          match_probability double precision NULL,
          evidence jsonb NOT NULL,
          linked_at timestamptz NOT NULL DEFAULT now()
        )`.execute(db);
      await sql`CREATE INDEX ON ${t('person_links')} (person_id)`.execute(db);
      await sql`CREATE TABLE ${t('person_merges')} (
          person_id uuid PRIMARY KEY REFERENCES ${t('persons')} (id),
          merged_into uuid NOT NULL REFERENCES ${t('persons')} (id),
          reason text NOT NULL,
          merged_at timestamptz NOT NULL DEFAULT now()
        )`.execute(db);
      // What identity compares of each practitioner; `node` is a dense
      // integer so that a run holds pairs as numbers, not uuids.
      await sql`CREATE TABLE ${t('identity_features')} (
          practitioner_id uuid PRIMARY KEY REFERENCES ${t('practitioners')} (id) ON DELETE CASCADE,
          node integer GENERATED ALWAYS AS IDENTITY UNIQUE,
          feature_hash text NOT NULL,
          health_system text NOT NULL,
          registration_council text,
          registration_number text,
          hpr_id text,
          phone text,
          email text,
          name_key text NOT NULL,
          name_tokens text[] NOT NULL,
          name_initials text[] NOT NULL,
          gender text,
          specialties text[] NOT NULL,
          qualifications text[] NOT NULL,
          cities text[] NOT NULL,
          practice_start_year integer,
          block_keys text[] NOT NULL,
          updated_at timestamptz NOT NULL DEFAULT now()
        )`.execute(db);
      await sql`CREATE INDEX ON ${t('identity_features')} USING gin (block_keys)`.execute(db);
      await sql`CREATE INDEX ON ${t('identity_features')} (name_key)`.execute(db);
      await sql`CREATE INDEX ON ${t('identity_features')} (phone)`.execute(db);
      await sql`CREATE INDEX ON ${t('identity_features')} (email)`.execute(db);
      // Pairs in the uncertain band, for a person to decide; a decision
      // becomes an override.
      await sql`CREATE TABLE ${t('identity_review')} (
          practitioner_a uuid NOT NULL REFERENCES ${t('practitioners')} (id) ON DELETE CASCADE,
          practitioner_b uuid NOT NULL REFERENCES ${t('practitioners')} (id) ON DELETE CASCADE,
          match_probability double precision NOT NULL,
          reason text NOT NULL,
          evidence jsonb NOT NULL,
          created_at timestamptz NOT NULL DEFAULT now(),
          PRIMARY KEY (practitioner_a, practitioner_b),
          CHECK (practitioner_a < practitioner_b)
        )`.execute(db);
      await sql`CREATE TABLE ${t('identity_overrides')} (
          practitioner_a uuid NOT NULL REFERENCES ${t('practitioners')} (id) ON DELETE CASCADE,
          practitioner_b uuid NOT NULL REFERENCES ${t('practitioners')} (id) ON DELETE CASCADE,
          kind text NOT NULL CHECK (kind IN ('must_link', 'cannot_link')),
          note text,
          created_at timestamptz NOT NULL DEFAULT now(),
          PRIMARY KEY (practitioner_a, practitioner_b),
          CHECK (practitioner_a < practitioner_b)
        )`.execute(db);
      // The model each run used, so that an incremental run scores as the last full one did.
      await sql`CREATE TABLE ${t('identity_runs')} (
          id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
          mode text NOT NULL,
          pull_id uuid,
          parameters jsonb NOT NULL,
          stats jsonb NOT NULL,
          finished_at timestamptz NOT NULL DEFAULT now()
        )`.execute(db);
    },
  };
}
