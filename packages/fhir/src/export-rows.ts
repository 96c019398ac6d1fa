import type { PracticesTable, PractitionersTable, ProvidersTable } from '@provider-data/sink-postgres';
import type { Selectable } from 'kysely';

/**
 * The columns of the canonical tables that an export reads, as the database
 * returns them (snake_case), typed from the sink's table definitions. `raw`
 * is never read whole: only the HPR id is taken out of it, in SQL.
 */

/** A `practitioners` row, with the HPR id found in its source record. */
export type PractitionerRow = Pick<
  Selectable<PractitionersTable>,
  | 'id'
  | 'health_system'
  | 'source_id'
  | 'display_name'
  | 'prefixes'
  | 'given_name'
  | 'family_name'
  | 'gender'
  | 'qualifications'
  | 'languages'
  | 'registration_council'
  | 'registration_number'
  | 'phone'
  | 'email'
  | 'active'
> & {
  /** Seconds since the epoch: a number parses far faster than a timestamp, and only its order matters. */
  updated_at: number;
  hpr_id: string | null;
};

/** A `practices` row. */
export type PracticeRow = Pick<
  Selectable<PracticesTable>,
  | 'id'
  | 'health_system'
  | 'source_id'
  | 'name'
  | 'facility_type'
  | 'address_line'
  | 'locality'
  | 'city'
  | 'state'
  | 'pincode'
  | 'phones'
  | 'email'
  | 'latitude'
  | 'longitude'
  | 'active'
>;

/** A `providers` row with its Practitioner's resource id and its practice's type. */
export type ProviderRow = Pick<
  Selectable<ProvidersTable>,
  | 'id'
  | 'health_system'
  | 'practice_id'
  | 'practitioner_source_id'
  | 'practice_source_id'
  | 'designation'
  | 'specialties'
  | 'consultation_fee_inr'
  | 'schedule'
  | 'active'
> & {
  /** The id of the Practitioner resource: the person when identity linked it, else the practitioner row. */
  practitioner_resource_id: string;
  practice_facility_type: string;
};
