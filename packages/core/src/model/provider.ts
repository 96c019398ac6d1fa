import { z } from 'zod';
import { ScheduleSlot } from './common.js';

/**
 * A practitioner at a practice (FHIR PractitionerRole). Carries both source
 * ids so that the sink can resolve the practice, which may come from another
 * file of the pull or from an earlier pull.
 *
 * ### Examples
 * ```ts
 * import { Provider, providerId } from '@provider-data/core';
 *
 * const id = providerId('apollo', 'AD-000123', 'AH-CHN-001');
 * Provider.shape.id.parse(id);
 * ```
 */
export const Provider = z.object({
  id: z.uuid(),
  healthSystem: z.string().min(1),
  practitionerId: z.uuid(),
  practiceId: z.uuid(),
  practitionerSourceId: z.string().min(1),
  practiceSourceId: z.string().min(1),
  designation: z.string().nullable(),
  department: z.string().nullable(),
  specialties: z.array(z.string()),
  consultationFeeInr: z.number().nonnegative().nullable(),
  schedule: z.array(ScheduleSlot),
  active: z.boolean(),
});
export type Provider = z.infer<typeof Provider>;
