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
export function availableTimes(
  schedule: readonly (Omit<ScheduleSlot, 'days'> & { days: readonly string[] })[],
): AvailableTime[] {
  return schedule.map((slot) => {
    const time: AvailableTime = {};
    // The sink stored core's Weekday codes, which are FHIR's days of week.
    if (slot.days.length > 0) time.daysOfWeek = [...slot.days] as AvailableTime['daysOfWeek'];
    if (slot.start === '00:00' && slot.end === '24:00') time.allDay = true;
    else {
      time.availableStartTime = fhirTime(slot.start);
      time.availableEndTime = fhirTime(slot.end);
    }
    return time;
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
  // Built by assignment in element order rather than with conditional
  // spreads: two thirds of an export's resources are roles, and the spreads
  // were half of their mapping time.
  const role = { resourceType: 'PractitionerRole', id: provider.id } as PractitionerRole;
  const fee = consultationFeeExtension(feeOf(provider.consultation_fee_inr), systems);
  if (fee) role.extension = [fee];
  role.identifier = [
    {
      use: 'usual',
      type: SOURCE_ID_TYPE,
      system: systems.sourceId(provider.health_system, 'provider'),
      value: `${provider.practitioner_source_id}@${provider.practice_source_id}`,
    },
  ];
  role.active = provider.active;
  role.practitioner = { reference: `Practitioner/${provider.practitioner_resource_id}` };
  const organization = operatorOrganizationId(
    provider.health_system,
    provider.practice_source_id,
    provider.practice_facility_type,
  );
  role.organization = { reference: `Organization/${organization}` };
  role.code = [
    provider.designation ? { coding: [DOCTOR], text: provider.designation } : { coding: [DOCTOR] },
  ];
  if (provider.specialties.length > 0) {
    role.specialty = provider.specialties.map((code) => specialtyConcept(code, systems));
  }
  role.location = [{ reference: `Location/${provider.practice_id}` }];
  if (provider.schedule.length > 0) role.availableTime = availableTimes(provider.schedule);
  return role;
}
