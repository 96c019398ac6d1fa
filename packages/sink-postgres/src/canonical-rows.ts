import { hash } from 'node:crypto';
import type { Practice, Practitioner, Provider, QuarantineRecord } from '@provider-data/core';
import {
  copyBoolean,
  copyJson,
  copyNumber,
  copySortedJson,
  copyText,
  copyTextArray,
  copyTimestamp,
} from './copy-text.js';

/**
 * How one entity travels to PostgreSQL: its columns in COPY order and the
 * COPY text of its content. The content columns are also the columns the
 * merge writes; a line is {@link canonicalLine}.
 *
 * A record's content hash is the hash of its content text: every content
 * column but `raw`, encoded for COPY. The text is built once, for the hash
 * and for the line. A practice's `place_details` and `enrichment_evidence`
 * may come back from jsonb (a stored Places answer kept), so their keys are
 * sorted.
 */
export interface RowCodec<T> {
  /** Content columns, in COPY order, after the codec's leading columns; `raw` last. */
  columns: readonly string[];
  /** The COPY text of every content column but `raw`, tab-separated. */
  content(record: T): string;
}

/** The COPY line of a practitioner or practice: `pos`, the content text, `raw`, the hash. */
export function canonicalLine(position: number, content: string, raw: string, hash: string): string {
  return `${position}\t${content}\t${raw}\t${hash}\n`;
}

/**
 * The content hash the sink stores: SHA-1 (hex) of a record's content text.
 * Equal hashes mean equal stored content, so an unchanged record is not
 * rewritten.
 */
export function rowHash(content: string): string {
  return hash('sha1', content, 'hex');
}

/** Practitioner content columns. */
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

/** Practice content columns. */
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

/** Provider content columns. */
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

/** Staged practitioners: `pos, <content columns>, content_hash`. */
export const practitionerCodec: RowCodec<Practitioner> = {
  columns: PRACTITIONER_COLUMNS,
  content(p) {
    return `${copyText(p.id)}\t${copyText(p.healthSystem)}\t${copyText(p.sourceId)}\t${copyText(p.displayName)}\t${copyTextArray(p.prefixes)}\t${copyText(p.givenName)}\t${copyText(p.familyName)}\t${copyText(p.gender)}\t${copyTextArray(p.specialties)}\t${copyTextArray(p.specialtiesRaw)}\t${copyJson(p.qualifications ?? [])}\t${copyTextArray(p.languages)}\t${copyNumber(p.practiceStartYear)}\t${copyText(p.registrationCouncil)}\t${copyText(p.registrationNumber)}\t${copyText(p.phone)}\t${copyText(p.email)}\t${copyBoolean(p.active)}`;
  },
};

/** Staged practices: `pos, <content columns>, content_hash`. */
export const practiceCodec: RowCodec<Practice> = {
  columns: PRACTICE_COLUMNS,
  content(p) {
    return `${copyText(p.id)}\t${copyText(p.healthSystem)}\t${copyText(p.sourceId)}\t${copyText(p.name)}\t${copyText(p.facilityType)}\t${copyText(p.addressLine)}\t${copyText(p.locality)}\t${copyText(p.city)}\t${copyText(p.state)}\t${copyText(p.pincode)}\t${copyTextArray(p.phones)}\t${copyText(p.email)}\t${copyNumber(p.latitude)}\t${copyNumber(p.longitude)}\t${copyText(p.geoSource)}\t${copyText(p.googlePlaceId)}\t${copyText(p.enrichmentStatus)}\t${copyTimestamp(p.enrichedAt)}\t${copySortedJson(p.placeDetails)}\t${copySortedJson(p.enrichmentEvidence)}\t${copyBoolean(p.active)}`;
  },
};

/** A provider's content text: every provider column, COPY-encoded (providers have no `raw`). */
export function providerContent(p: Provider): string {
  return `${copyText(p.id)}\t${copyText(p.healthSystem)}\t${copyText(p.practitionerId)}\t${copyText(p.practiceId)}\t${copyText(p.practitionerSourceId)}\t${copyText(p.practiceSourceId)}\t${copyText(p.designation)}\t${copyText(p.department)}\t${copyTextArray(p.specialties)}\t${copyNumber(p.consultationFeeInr)}\t${copyJson(p.schedule ?? [])}\t${copyBoolean(p.active)}`;
}

/** Staged providers: `pos, pull_id, object_key, <content columns>, content_hash`. */
export function providerLine(position: number, pullId: string, objectKey: string, content: string): string {
  return `${position}\t${copyText(pullId)}\t${copyText(objectKey)}\t${content}\t${rowHash(content)}\n`;
}

/** The quarantine columns a file writes, in COPY order. */
export const QUARANTINE_COLUMNS = [
  'pull_id',
  'health_system',
  'object_key',
  'position',
  'entity',
  'source_id',
  'reason',
  'message',
  'raw',
  'record_type',
] as const;

/** A quarantine row as a COPY line. */
export function quarantineLine(q: QuarantineRecord): string {
  return `${copyText(q.pullId)}\t${copyText(q.healthSystem)}\t${copyText(q.objectKey)}\t${copyText(q.position)}\t${copyText(q.entity)}\t${copyText(q.sourceId)}\t${copyText(q.reason)}\t${copyText(q.message)}\t${copyText(q.raw)}\t${copyText(q.recordType ?? null)}\n`;
}
