/**
 * Rows as an export reads them, for the mapping tests: the sink's canonical
 * test records (sink-postgres' test support) as the database returns them,
 * with this package's sample values; `overrides` win.
 */
import { practice, practitioner, provider } from '../../sink-postgres/src/test-support.js';
import type { PracticeRow, PractitionerRow, ProviderRow } from '../src/index.js';

export function practitionerRow(overrides: Partial<PractitionerRow> = {}): PractitionerRow {
  const p = practitioner(overrides.source_id ?? 'AD-000123', {
    healthSystem: overrides.health_system ?? 'apollo',
    displayName: 'K. Ramesh Kumar',
    prefixes: ['Dr.', 'Prof.'],
    qualifications: [
      { degree: 'MBBS', subject: null, institution: null },
      { degree: 'DM', subject: 'Cardiology', institution: 'AIIMS New Delhi' },
    ],
    languages: ['en', 'ta', 'hi'],
    registrationNumber: '45678',
  });
  return {
    id: p.id,
    health_system: p.healthSystem,
    source_id: p.sourceId,
    display_name: p.displayName,
    prefixes: p.prefixes,
    given_name: p.givenName,
    family_name: p.familyName,
    gender: p.gender,
    qualifications: p.qualifications,
    languages: p.languages,
    registration_council: p.registrationCouncil,
    registration_number: p.registrationNumber,
    phone: p.phone,
    email: p.email,
    active: p.active,
    updated_at: Date.parse('2026-11-20T06:00:00Z') / 1000,
    hpr_id: null,
    ...overrides,
  };
}

export function practiceRow(overrides: Partial<PracticeRow> = {}): PracticeRow {
  const p = practice(overrides.source_id ?? 'AH-CHN-001', {
    healthSystem: overrides.health_system ?? 'apollo',
    name: 'Apollo Hospitals, Greams Road',
    latitude: 13.0604,
    longitude: 80.2496,
  });
  return {
    id: p.id,
    health_system: p.healthSystem,
    source_id: p.sourceId,
    name: p.name,
    facility_type: p.facilityType,
    address_line: p.addressLine,
    locality: p.locality,
    city: p.city,
    state: p.state,
    pincode: p.pincode,
    phones: p.phones,
    email: p.email,
    latitude: p.latitude,
    longitude: p.longitude,
    active: p.active,
    ...overrides,
  };
}

export function providerRow(overrides: Partial<ProviderRow> = {}): ProviderRow {
  const p = provider(
    overrides.practitioner_source_id ?? 'AD-000123',
    overrides.practice_source_id ?? 'AH-CHN-001',
    {
      healthSystem: overrides.health_system ?? 'apollo',
      specialties: ['interventional-cardiology', 'cardiology'],
    },
  );
  return {
    id: p.id,
    health_system: p.healthSystem,
    practice_id: p.practiceId,
    practitioner_source_id: p.practitionerSourceId,
    practice_source_id: p.practiceSourceId,
    designation: p.designation,
    specialties: p.specialties,
    // numeric, as node-postgres returns it.
    consultation_fee_inr: String(p.consultationFeeInr),
    schedule: p.schedule,
    active: p.active,
    practitioner_resource_id: p.practitionerId,
    practice_facility_type: 'hospital',
    ...overrides,
  };
}
