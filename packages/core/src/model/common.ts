import { z } from 'zod';

/** FHIR R4 administrative gender. */
export const Gender = z.enum(['male', 'female', 'other', 'unknown']);
export type Gender = z.infer<typeof Gender>;

/** One degree of a practitioner: `MD (General Medicine) (AIIMS)`. */
export const Qualification = z.object({
  degree: z.string(),
  subject: z.string().nullable(),
  institution: z.string().nullable(),
});
export type Qualification = z.infer<typeof Qualification>;

/** A day code of a schedule slot. */
export const Weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
export type Weekday = z.infer<typeof Weekday>;

/** A weekly consultation slot in 24-hour local time: `{ days: ['mon'], start: '09:00', end: '13:00' }`. */
export const ScheduleSlot = z.object({
  days: z.array(Weekday),
  start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
  end: z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/),
});
export type ScheduleSlot = z.infer<typeof ScheduleSlot>;

/** The kind of site a practice is. */
export const FacilityType = z.enum(['hospital', 'clinic', 'diagnostic_centre', 'day_care', 'other']);
export type FacilityType = z.infer<typeof FacilityType>;

/** Where a practice's coordinates came from. */
export const GeoSource = z.enum(['source', 'google']);
export type GeoSource = z.infer<typeof GeoSource>;

/** The outcome of Places enrichment for a practice. */
export const EnrichmentStatus = z.enum(['pending', 'matched', 'no_match', 'failed', 'skipped']);
export type EnrichmentStatus = z.infer<typeof EnrichmentStatus>;

/** The three canonical entities, and `file` for a quarantined file. */
export const EntityKind = z.enum(['practitioner', 'practice', 'provider', 'file']);
export type EntityKind = z.infer<typeof EntityKind>;

/** E.164 phone number: `+919840012345`. */
export const E164 = z.string().regex(/^\+[1-9]\d{6,14}$/);
