import type { CanonicalEntity, EntityCounts } from '@provider-data/core';

/** A pull as the report names it. */
export interface ReportPull {
  pullId: string;
  healthSystem: string;
  pullTimestamp: string;
  dataType: string;
  status: string;
  finishedAt: string | null;
}

/**
 * What the report describes. `pull`: the records a pull last saw and that
 * pull's own summary; `system`: a health system's active records and its
 * latest processed pull's summary.
 */
export interface ReportScope {
  kind: 'pull' | 'system';
  healthSystem: string;
  /** The pull whose summary, quarantine and changes are shown; null for a system with no processed pull. */
  pull: ReportPull | null;
  /** The processed pull of the same system before `pull`, which its changes are against. */
  previousPull: ReportPull | null;
  /** Processed pulls of the system after `pull` (pull scope only): its rows seen again are theirs now. */
  laterPulls: number;
}

/** Rows of each canonical table in scope. */
export type EntityTotals = Record<CanonicalEntity, number>;

/** Completeness and validity of one field. `valid` is null for a field without a validity rule. */
export interface FieldQuality {
  entity: CanonicalEntity;
  /** The column (or `coordinates`, `registration`), as in the canonical tables. */
  field: string;
  rows: number;
  present: number;
  valid: number | null;
  /** What `valid` means, for the reader. */
  rule: string | null;
}

/** Where the practices' coordinates are. */
export interface CoordinateQuality {
  /** Practices with both latitude and longitude. */
  present: number;
  insideIndia: number;
  /** Inside India and within {@link ReportOptions.cityReachKm} of their city's centre. */
  nearCity: number;
  /** Inside India, in a city whose centre the report does not know: not judged for distance. */
  cityUnknown: number;
  reachKm: number;
}

/** How the specialty wordings of the practitioners in scope map to canonical codes. */
export interface SpecialtyWordings {
  distinct: number;
  distinctMapped: number;
  /** Wordings counted once per practitioner that has them. */
  occurrences: number;
  occurrencesMapped: number;
  topUnmapped: { wording: string; count: number }[];
}

/** One quarantined record or file, cut for reading. */
export interface QuarantineSample {
  objectKey: string;
  position: string | null;
  entity: string;
  sourceId: string | null;
  message: string;
  /** The raw text, at most {@link RAW_SAMPLE_CHARS} characters. */
  raw: string | null;
}

/** The pull's quarantine by reason and file, with samples per reason. */
export interface QuarantineReport {
  total: number;
  byReason: { reason: string; count: number; samples: QuarantineSample[] }[];
  byFile: { objectKey: string; count: number; reasons: Record<string, number> }[];
}

/** What the pull did to each entity, from its stored summary. */
export interface EntityChange extends EntityCounts {
  entity: CanonicalEntity;
  deactivated: number;
}

/** The pull's changes against the state before it. */
export interface ChangesReport {
  entities: EntityChange[];
  /** Per entity, the columns its updated rows changed, most first; null when the summary does not count them. */
  changedFields: { entity: CanonicalEntity; field: string; count: number }[] | null;
}

/** Enrichment of the practices in scope. */
export interface EnrichmentReport {
  byStatus: { status: string; count: number }[];
  /** The pull's own enrichment counts (calls, matches, cache hits…), from its summary. */
  pullCounts: Record<string, number>;
  /** Decisions by the rule recorded in the practices' evidence column, when the table has one. */
  evidence: { column: string; byRule: { rule: string; count: number }[] } | null;
}

/** Links of the practitioners in scope to persons, when the identity tables exist. */
export interface IdentityReport {
  linked: number;
  unlinked: number;
  byMethod: { method: string; count: number }[];
  persons: number;
  /** Persons with practitioners of more than one health system. */
  crossSystemPersons: number;
  /** Persons that hold more than one practitioner row. */
  multiPractitionerPersons: number;
}

/** One practice on the map. */
export interface MapPoint {
  lat: number;
  lng: number;
  status: string;
}

/** The practices on the map: all of them, or a sample taken in SQL. */
export interface MapReport {
  withCoordinates: number;
  points: MapPoint[];
}

/** One pull of the system, for the trend. */
export interface TrendPoint {
  pullId: string;
  pullTimestamp: string;
  status: string;
  read: number | null;
  loaded: number | null;
  quarantined: number | null;
}

/** Everything the report page shows, gathered from the database by {@link collectReport}. */
export interface ReportData {
  generatedAt: string;
  scope: ReportScope;
  totals: EntityTotals;
  fields: FieldQuality[];
  coordinates: CoordinateQuality;
  specialties: SpecialtyWordings;
  /** Null when there is no pull to report on. */
  quarantine: QuarantineReport | null;
  changes: ChangesReport | null;
  enrichment: EnrichmentReport;
  identity: IdentityReport | null;
  map: MapReport;
  trend: TrendPoint[];
}

/** Raw text of a quarantine sample is cut to this many characters. */
export const RAW_SAMPLE_CHARS = 600;
