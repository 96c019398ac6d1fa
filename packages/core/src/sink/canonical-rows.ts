import { hash } from 'node:crypto';
import type { Practice } from '../model/practice.js';
import type { Practitioner } from '../model/practitioner.js';
import type { Provider } from '../model/provider.js';
import type { CanonicalEntity } from '../pipeline/summary.js';
import {
  copyBoolean,
  copyJson,
  copyNumber,
  copySortedJson,
  copyText,
  copyTextArray,
  copyTimestamp,
} from './row-text.js';

/**
 * How a canonical record becomes a row: its columns (the canonical model's
 * fields in snake_case), in order, and the row text of its content (every
 * column but `raw`, encoded as PostgreSQL's COPY text, tab-separated). The
 * content hash that every sink stores is the SHA-1 of that text
 * ({@link contentHash}), so all sinks decide "unchanged" alike, and the
 * PostgreSQL sink sends the same text it hashed.
 *
 * A practice's `place_details` and `enrichment_evidence` may come back from
 * jsonb (a stored Places answer kept), so their keys are sorted.
 *
 * ### Examples
 * ```ts
 * import { practitionerCodec, rowHash, type Practitioner } from '@provider-data/core';
 *
 * declare const practitioner: Practitioner;
 * const content = practitionerCodec.content(practitioner);
 * console.log(practitionerCodec.columns.length, rowHash(content));
 * ```
 */
export interface RowCodec<T> {
  /** Content columns in row order; `raw` last when the entity has one (it is not part of the content text). */
  readonly columns: readonly string[];
  /** The row text of every content column but `raw`, tab-separated. */
  content(record: T): string;
}

/** Practitioner columns, in row order. */
export const PRACTITIONER_COLUMNS = [
  'id',
  'health_system',
  'source_id',
  'display_name',
  'prefixes',
  'given_name',
  'family_name',
  'gender',
  'specialties',
  'specialties_raw',
  'qualifications',
  'languages',
  'practice_start_year',
  'registration_council',
  'registration_number',
  'phone',
  'email',
  'active',
  'raw',
] as const;

/** Practice columns, in row order. */
export const PRACTICE_COLUMNS = [
  'id',
  'health_system',
  'source_id',
  'name',
  'facility_type',
  'address_line',
  'locality',
  'city',
  'state',
  'pincode',
  'phones',
  'email',
  'latitude',
  'longitude',
  'geo_source',
  'google_place_id',
  'enrichment_status',
  'enriched_at',
  'place_details',
  'enrichment_evidence',
  'active',
  'raw',
] as const;

/** Provider columns, in row order (providers have no `raw`). */
export const PROVIDER_COLUMNS = [
  'id',
  'health_system',
  'practitioner_id',
  'practice_id',
  'practitioner_source_id',
  'practice_source_id',
  'designation',
  'department',
  'specialties',
  'consultation_fee_inr',
  'schedule',
  'active',
] as const;

/** The row of a practitioner; see {@link RowCodec}. */
export const practitionerCodec: RowCodec<Practitioner> = {
  columns: PRACTITIONER_COLUMNS,
  content(p) {
    return `${copyText(p.id)}\t${copyText(p.healthSystem)}\t${copyText(p.sourceId)}\t${copyText(p.displayName)}\t${copyTextArray(p.prefixes)}\t${copyText(p.givenName)}\t${copyText(p.familyName)}\t${copyText(p.gender)}\t${copyTextArray(p.specialties)}\t${copyTextArray(p.specialtiesRaw)}\t${copyJson(p.qualifications ?? [])}\t${copyTextArray(p.languages)}\t${copyNumber(p.practiceStartYear)}\t${copyText(p.registrationCouncil)}\t${copyText(p.registrationNumber)}\t${copyText(p.phone)}\t${copyText(p.email)}\t${copyBoolean(p.active)}`;
  },
};

/** The row of a practice; see {@link RowCodec}. */
export const practiceCodec: RowCodec<Practice> = {
  columns: PRACTICE_COLUMNS,
  content(p) {
    return `${copyText(p.id)}\t${copyText(p.healthSystem)}\t${copyText(p.sourceId)}\t${copyText(p.name)}\t${copyText(p.facilityType)}\t${copyText(p.addressLine)}\t${copyText(p.locality)}\t${copyText(p.city)}\t${copyText(p.state)}\t${copyText(p.pincode)}\t${copyTextArray(p.phones)}\t${copyText(p.email)}\t${copyNumber(p.latitude)}\t${copyNumber(p.longitude)}\t${copyText(p.geoSource)}\t${copyText(p.googlePlaceId)}\t${copyText(p.enrichmentStatus)}\t${copyTimestamp(p.enrichedAt)}\t${copySortedJson(p.placeDetails)}\t${copySortedJson(p.enrichmentEvidence)}\t${copyBoolean(p.active)}`;
  },
};

/** The row of a provider; see {@link RowCodec}. */
export const providerCodec: RowCodec<Provider> = {
  columns: PROVIDER_COLUMNS,
  content(p) {
    return `${copyText(p.id)}\t${copyText(p.healthSystem)}\t${copyText(p.practitionerId)}\t${copyText(p.practiceId)}\t${copyText(p.practitionerSourceId)}\t${copyText(p.practiceSourceId)}\t${copyText(p.designation)}\t${copyText(p.department)}\t${copyTextArray(p.specialties)}\t${copyNumber(p.consultationFeeInr)}\t${copyJson(p.schedule ?? [])}\t${copyBoolean(p.active)}`;
  },
};

/**
 * The content hash of a row text: SHA-1, hex. Equal hashes mean equal stored
 * content, so a sink does not rewrite an unchanged record.
 *
 * ### Examples
 * ```ts
 * import { providerCodec, rowHash, type Provider } from '@provider-data/core';
 *
 * declare const provider: Provider;
 * rowHash(providerCodec.content(provider)).length; // 40
 * ```
 */
export function rowHash(content: string): string {
  // One-shot hashing: no Hash object per record.
  return hash('sha1', content, 'hex');
}

/** The codec of each canonical entity. */
export const ROW_CODECS: {
  readonly practitioner: RowCodec<Practitioner>;
  readonly practice: RowCodec<Practice>;
  readonly provider: RowCodec<Provider>;
} = { practitioner: practitionerCodec, practice: practiceCodec, provider: providerCodec };

/** The canonical record type of each entity. */
export interface CanonicalRecordOf {
  practitioner: Practitioner;
  practice: Practice;
  provider: Provider;
}

/**
 * The content hash every sink stores for a canonical record: {@link rowHash}
 * of its row text ({@link RowCodec.content}), i.e. of every column but `raw`
 * and lineage. Two records with equal hashes say the same thing. Throws when
 * a value has no row text (e.g. a jsonb field with no JSON form): the sink
 * quarantines that record as `unencodable_record`.
 *
 * ### Examples
 * ```ts
 * import { contentHash, type Practitioner } from '@provider-data/core';
 *
 * declare const practitioner: Practitioner;
 * contentHash('practitioner', practitioner) === contentHash('practitioner', { ...practitioner, raw: {} }); // true
 * ```
 */
export function contentHash<E extends CanonicalEntity>(entity: E, record: CanonicalRecordOf[E]): string {
  const codec = ROW_CODECS[entity] as RowCodec<CanonicalRecordOf[E]>;
  return rowHash(codec.content(record));
}
