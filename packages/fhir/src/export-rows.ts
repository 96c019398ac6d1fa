import type { Qualification, ScheduleSlot } from '@provider-data/core';

/**
 * The columns of the canonical tables that an export reads, as the database
 * returns them (snake_case). `raw` is never read whole: only the HPR id is
 * taken out of it, in SQL.
 */

/** A `practitioners` row, with the HPR id found in its source record. */
export interface PractitionerRow {
  id: string;
  health_system: string;
  source_id: string;
  display_name: string;
  prefixes: string[];
  given_name: string | null;
  family_name: string | null;
  gender: string;
  qualifications: Qualification[];
  languages: string[];
  registration_council: string | null;
  registration_number: string | null;
  phone: string | null;
  email: string | null;
  active: boolean;
  /** Seconds since the epoch: a number parses far faster than a timestamp, and only its order matters. */
  updated_at: number;
  hpr_id: string | null;
}

/** A `practices` row. */
export interface PracticeRow {
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
  active: boolean;
}

/** A `providers` row with what its PractitionerRole needs of its practitioner and practice. */
export interface ProviderRow {
  id: string;
  health_system: string;
  practice_id: string;
  practitioner_source_id: string;
  practice_source_id: string;
  designation: string | null;
  specialties: string[];
  /** numeric: text from node-postgres, a number or text from PGlite. */
  consultation_fee_inr: number | string | null;
  schedule: ScheduleSlot[];
  active: boolean;
  /** The id of the Practitioner resource: the person when identity linked it, else the practitioner row. */
  practitioner_resource_id: string;
  practice_facility_type: string;
}
