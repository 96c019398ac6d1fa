import type { SchemaNames } from '@provider-data/sink-postgres';

/** Options of {@link collectReport} and {@link buildReport}. Give a pull, a health system, or both. */
export interface ReportOptions extends Partial<SchemaNames> {
  /** Report on this pull: its summary, and the records it last saw. */
  pullId?: string;
  /** Without `pullId`: report on this health system's active records and its latest processed pull. */
  healthSystem?: string;
  /** A practice further than this from its city's centre has coordinates out of reach. Default 50 km. */
  cityReachKm?: number;
  /** Most practices drawn on the map; more are sampled in SQL. Default 4000. */
  mapPoints?: number;
  /** Sample records shown per quarantine reason. Default 3. */
  samplesPerReason?: number;
  /** Unmapped specialty wordings listed, most frequent first. Default 20. */
  topUnmapped?: number;
  /** Pulls of the system in the trend, newest last. Default 30. */
  trendPulls?: number;
  /** The time the report says it was made. Default now. */
  now?: Date;
}

/** {@link ReportOptions} with every default filled in. */
export interface ResolvedReportOptions {
  schema: string;
  pullSchema: string;
  cityReachKm: number;
  mapPoints: number;
  samplesPerReason: number;
  topUnmapped: number;
  trendPulls: number;
  now: Date;
}
