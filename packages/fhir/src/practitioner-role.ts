import type { ScheduleSlot } from '@provider-data/core';
import { consultationFeeExtension } from './consultation-fee.js';
import type { ProviderRow } from './export-rows.js';
import type { AvailableTime, PractitionerRole } from './fhir-resources.js';
import { SOURCE_ID_TYPE } from './fhir-systems.js';
import { type MappingContext, operatorOrganizationId } from './mapping-context.js';
import { specialtyConcept } from './specialty-code-system.js';

const DOCTOR = {
  system: 'http://terminology.hl7.org/CodeSystem/practitioner-role',
  code: 'doctor',
  display: 'Doctor',
};

/** `09:00` → `09:00:00`; `24:00`, which FHIR's `time` cannot hold, → `23:59:59`. */
function fhirTime(time: string): string {
  return time === '24:00' ? '23:59:59' : `${time}:00`;
}

/** A weekly schedule as `availableTime`: one entry per slot; a 00:00–24:00 slot is `allDay`. */
export function availableTimes(schedule: readonly ScheduleSlot[]): AvailableTime[] {
  return schedule.map((slot) => {
    const days = slot.days.length > 0 ? { daysOfWeek: [...slot.days] } : {};
    if (slot.start === '00:00' && slot.end === '24:00') return { ...days, allDay: true };
    return { ...days, availableStartTime: fhirTime(slot.start), availableEndTime: fhirTime(slot.end) };
  });
}

/** numeric comes back as text from node-postgres. */
function feeOf(value: number | string | null): number | null {
  if (value === null) return null;
  const fee = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(fee) ? fee : null;
}

/**
 * The PractitionerRole of a provider (a practitioner at a practice): the
 * Practitioner (the person when identity linked it), the practice's
 * Location and its operating Organization, the role `doctor` with the
 * designation as text, the specialties at this practice coded in the
 * project's specialty CodeSystem, the schedule as `availableTime`, and the fee as the
 * consultation-fee extension. `active` follows the row.
 *
 * ### Examples
 * ```ts
 * import { mappingContext, practitionerRole, type ProviderRow } from '@provider-data/fhir';
 *
 * declare const provider: ProviderRow;
 * practitionerRole(provider, mappingContext()).location; // [{ reference: 'Location/…' }]
 * ```
 */
export function practitionerRole(provider: ProviderRow, context: MappingContext): PractitionerRole {
  const { systems } = context;
  const fee = consultationFeeExtension(feeOf(provider.consultation_fee_inr), systems);
  const codes = provider.specialties;
  const availableTime = availableTimes(provider.schedule);
  const organization = operatorOrganizationId(
    provider.health_system,
    provider.practice_source_id,
    provider.practice_facility_type,
  );
  return {
    resourceType: 'PractitionerRole',
    id: provider.id,
    ...(fee ? { extension: [fee] } : {}),
    identifier: [
      {
        use: 'usual',
        type: SOURCE_ID_TYPE,
        system: systems.sourceId(provider.health_system, 'provider'),
        value: `${provider.practitioner_source_id}@${provider.practice_source_id}`,
      },
    ],
    active: provider.active,
    practitioner: { reference: `Practitioner/${provider.practitioner_resource_id}` },
    organization: { reference: `Organization/${organization}` },
    code: [{ coding: [DOCTOR], ...(provider.designation ? { text: provider.designation } : {}) }],
    ...(codes.length > 0 ? { specialty: codes.map((code) => specialtyConcept(code, systems)) } : {}),
    location: [{ reference: `Location/${provider.practice_id}` }],
    ...(availableTime.length > 0 ? { availableTime } : {}),
  };
}
