import { z } from 'zod';
import { Gender, Qualification } from './common.js';

/**
 * A person who practises: one per (health system, source id). The sink adds
 * lineage (`first_seen_pull_id`, `last_seen_pull_id`), `content_hash` and
 * `updated_at`.
 *
 * ### Examples
 * ```ts
 * import { Practitioner } from '@provider-data/core';
 *
 * const result = Practitioner.safeParse({});
 * if (!result.success) console.log(result.error.issues[0]?.path);
 * ```
 */
export const Practitioner = z.object({
  id: z.uuid(),
  healthSystem: z.string().min(1),
  sourceId: z.string().min(1),
  displayName: z.string().min(1),
  prefixes: z.array(z.string()),
  givenName: z.string().nullable(),
  familyName: z.string().nullable(),
  gender: Gender,
  /** Canonical specialty codes, most specific first. */
  specialties: z.array(z.string()),
  /** The source's own wording, kept. */
  specialtiesRaw: z.array(z.string()),
  qualifications: z.array(Qualification),
  /** ISO 639-1 codes. */
  languages: z.array(z.string()),
  practiceStartYear: z.number().int().nullable(),
  registrationCouncil: z.string().nullable(),
  registrationNumber: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  active: z.boolean(),
  /** The source record it was built from. */
  raw: z.unknown(),
});
export type Practitioner = z.infer<typeof Practitioner>;
