/** Rows as an export reads them, for the mapping tests; `overrides` win. */
import { practiceId, practitionerId, providerId } from '@provider-data/core';
import type { PracticeRow, PractitionerRow, ProviderRow } from '../src/index.js';

export function practitionerRow(overrides: Partial<PractitionerRow> = {}): PractitionerRow {
  const healthSystem = overrides.health_system ?? 'apollo';
  const sourceId = overrides.source_id ?? 'AD-000123';
  return {
    id: practitionerId(healthSystem, sourceId),
    health_system: healthSystem,
    source_id: sourceId,
    display_name: 'K. Ramesh Kumar',
    prefixes: ['Dr.', 'Prof.'],
    given_name: 'K. Ramesh',
    family_name: 'Kumar',
    gender: 'male',
    qualifications: [
      { degree: 'MBBS', subject: null, institution: null },
      { degree: 'DM', subject: 'Cardiology', institution: 'AIIMS New Delhi' },
    ],
    languages: ['en', 'ta', 'hi'],
    registration_council: 'Tamil Nadu Medical Council',
    registration_number: '45678',
    phone: '+919840012345',
    email: 'ramesh@example.org',
    active: true,
    updated_at: Date.parse('2026-11-20T06:00:00Z') / 1000,
    hpr_id: null,
    ...overrides,
  };
}

export function practiceRow(overrides: Partial<PracticeRow> = {}): PracticeRow {
  const healthSystem = overrides.health_system ?? 'apollo';
  const sourceId = overrides.source_id ?? 'AH-CHN-001';
  return {
    id: practiceId(healthSystem, sourceId),
    health_system: healthSystem,
    source_id: sourceId,
    name: 'Apollo Hospitals, Greams Road',
    facility_type: 'hospital',
    address_line: '21 Greams Lane',
    locality: 'Thousand Lights',
    city: 'Chennai',
    state: 'Tamil Nadu',
    pincode: '600006',
    phones: ['+914428293333', '+914428294444'],
    email: null,
    latitude: 13.0604,
    longitude: 80.2496,
    active: true,
    ...overrides,
  };
}

export function providerRow(overrides: Partial<ProviderRow> = {}): ProviderRow {
  const healthSystem = overrides.health_system ?? 'apollo';
  const doctor = overrides.practitioner_source_id ?? 'AD-000123';
  const hospital = overrides.practice_source_id ?? 'AH-CHN-001';
  return {
    id: providerId(healthSystem, doctor, hospital),
    health_system: healthSystem,
    practice_id: practiceId(healthSystem, hospital),
    practitioner_source_id: doctor,
    practice_source_id: hospital,
    designation: 'Senior Consultant',
    specialties: ['interventional-cardiology', 'cardiology'],
    consultation_fee_inr: '1200',
    schedule: [{ days: ['mon', 'tue'], start: '09:00', end: '13:00' }],
    active: true,
    practitioner_resource_id: practitionerId(healthSystem, doctor),
    practice_facility_type: 'hospital',
    ...overrides,
  };
}
