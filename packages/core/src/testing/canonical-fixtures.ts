/**
 * Small canonical records with stable ids, for testing sinks and whatever
 * reads what a sink stored: every field set, so that a sink that drops one
 * shows it (see {@link sinkConformanceSuite}).
 */
import { emptyEntities, type FileResult } from '../pipeline/summary.js';
import { practiceId, practitionerId, providerId } from '../model/ids.js';
import type { Practice } from '../model/practice.js';
import type { Practitioner } from '../model/practitioner.js';
import type { Provider } from '../model/provider.js';
import type { QuarantineRecord } from '../model/quarantine.js';
import type { DataPull } from '../pull/data-pull.js';

/**
 * The health system of the canonical fixtures. Named after a real chain so
 * that the fixtures read like its records; no plugin is involved.
 */
export const TEST_HEALTH_SYSTEM = 'apollo';

/**
 * A valid practitioner of {@link TEST_HEALTH_SYSTEM} with every field set;
 * `overrides` win (give `healthSystem` to move it, and its id, to another).
 *
 * ### Examples
 * ```ts
 * import { testPractitioner } from '@provider-data/core/testing';
 *
 * const withoutPhone = testPractitioner('D1', { phone: null });
 * ```
 */
export function testPractitioner(sourceId: string, overrides: Partial<Practitioner> = {}): Practitioner {
  const healthSystem = overrides.healthSystem ?? TEST_HEALTH_SYSTEM;
  return {
    id: practitionerId(healthSystem, sourceId),
    healthSystem,
    sourceId,
    displayName: `K. Ramesh Kumar ${sourceId}`,
    prefixes: ['Dr.'],
    givenName: 'K. Ramesh',
    familyName: 'Kumar',
    gender: 'male',
    specialties: ['cardiology'],
    specialtiesRaw: ['Cardiologist'],
    qualifications: [{ degree: 'DM', subject: 'Cardiology', institution: null }],
    languages: ['en', 'ta'],
    practiceStartYear: 2003,
    registrationCouncil: 'Tamil Nadu Medical Council',
    registrationNumber: '12345',
    phone: '+919840012345',
    email: 'ramesh@example.org',
    active: true,
    raw: { doctorId: sourceId, name: `Dr. K. Ramesh Kumar ${sourceId}` },
    ...overrides,
  };
}

/**
 * A valid practice of {@link TEST_HEALTH_SYSTEM}, not enriched; `overrides` win.
 *
 * ### Examples
 * ```ts
 * import { testPractice } from '@provider-data/core/testing';
 *
 * const renamed = testPractice('H1', { name: 'Apollo Hospitals, Greams Road' });
 * ```
 */
export function testPractice(sourceId: string, overrides: Partial<Practice> = {}): Practice {
  const healthSystem = overrides.healthSystem ?? TEST_HEALTH_SYSTEM;
  return {
    id: practiceId(healthSystem, sourceId),
    healthSystem,
    sourceId,
    name: `Apollo Hospitals ${sourceId}`,
    facilityType: 'hospital',
    addressLine: '21 Greams Lane',
    locality: 'Thousand Lights',
    city: 'Chennai',
    state: 'Tamil Nadu',
    pincode: '600006',
    phones: ['+914428293333', '+914428294444'],
    email: null,
    latitude: null,
    longitude: null,
    geoSource: null,
    googlePlaceId: null,
    enrichmentStatus: 'skipped',
    enrichedAt: null,
    placeDetails: null,
    enrichmentEvidence: null,
    active: true,
    raw: { hospitalId: sourceId },
    ...overrides,
  };
}

/**
 * A valid provider: `practitionerSourceId` at `practiceSourceId`, with ids
 * that match {@link testPractitioner} and {@link testPractice} of those source ids.
 *
 * ### Examples
 * ```ts
 * import { testProvider } from '@provider-data/core/testing';
 *
 * const link = testProvider('D1', 'H1', { consultationFeeInr: 800 });
 * ```
 */
export function testProvider(
  practitionerSourceId: string,
  practiceSourceId: string,
  overrides: Partial<Provider> = {},
): Provider {
  const healthSystem = overrides.healthSystem ?? TEST_HEALTH_SYSTEM;
  return {
    id: providerId(healthSystem, practitionerSourceId, practiceSourceId),
    healthSystem,
    practitionerId: practitionerId(healthSystem, practitionerSourceId),
    practiceId: practiceId(healthSystem, practiceSourceId),
    practitionerSourceId,
    practiceSourceId,
    designation: 'Senior Consultant',
    department: 'Cardiac Sciences',
    specialties: ['cardiology'],
    consultationFeeInr: 1200,
    schedule: [{ days: ['mon', 'tue'], start: '09:00', end: '13:00' }],
    active: true,
    ...overrides,
  };
}

/**
 * A quarantine row of `pull` in `objectKey` (a practitioner missing its id).
 *
 * ### Examples
 * ```ts
 * import type { DataPull } from '@provider-data/core';
 * import { testQuarantineRow } from '@provider-data/core/testing';
 *
 * declare const pull: DataPull;
 * const row = testQuarantineRow(pull, 'apollo/Chennai.json', { reason: 'invalid_field' });
 * ```
 */
export function testQuarantineRow(
  pull: DataPull,
  objectKey: string,
  overrides: Partial<QuarantineRecord> = {},
): QuarantineRecord {
  return {
    pullId: pull.pullId,
    healthSystem: pull.healthSystem,
    objectKey,
    position: '3',
    entity: 'practitioner',
    sourceId: null,
    reason: 'missing_field',
    message: 'doctorId is required',
    raw: '{"name":"Dr. A"}',
    ...overrides,
  };
}

/**
 * A file result as the pipeline passes it to a sink's `commit`: loaded,
 * nothing counted; `overrides` win.
 *
 * ### Examples
 * ```ts
 * import { testFileResult } from '@provider-data/core/testing';
 *
 * const failed = testFileResult('apollo/Pune.json', { status: 'failed' });
 * ```
 */
export function testFileResult(key: string, overrides: Partial<FileResult> = {}): FileResult {
  return {
    key,
    status: 'loaded',
    records: { read: 0, loaded: 0, quarantined: 0 },
    entities: emptyEntities(),
    quarantineByReason: {},
    unmappedSpecialties: {},
    unusableFields: {},
    durationMs: 1,
    ...overrides,
  };
}

/**
 * One practitioner, practice and provider (of each other) in which every
 * field of the canonical schema holds a value that is neither null nor a
 * default: the practice is enriched, with place details, evidence and its
 * coordinates. What a test that a sink stores every field writes and reads
 * back.
 *
 * ### Examples
 * ```ts
 * import { fullyStoredRecords } from '@provider-data/core/testing';
 *
 * const { practitioner, practice, provider } = fullyStoredRecords('D9', 'H9');
 * console.log(provider.practitionerId === practitioner.id, provider.practiceId === practice.id); // true true
 * ```
 */
export function fullyStoredRecords(
  practitionerSourceId = 'D-full',
  practiceSourceId = 'H-full',
): { practitioner: Practitioner; practice: Practice; provider: Provider } {
  return {
    practitioner: testPractitioner(practitionerSourceId),
    practice: testPractice(practiceSourceId, {
      email: 'greams@example.org',
      latitude: 13.0604,
      longitude: 80.2496,
      geoSource: 'google',
      googlePlaceId: 'ChIJ-greams',
      enrichmentStatus: 'matched',
      enrichedAt: new Date('2026-11-20T05:30:00.000Z'),
      placeDetails: {
        name: 'Apollo Hospitals, Greams Road',
        formattedAddress: '21 Greams Lane, Chennai 600006',
        phone: '+914428293333',
        website: 'https://example.org/greams',
      },
      enrichmentEvidence: { enricher: 'places', rule: 'matched', distanceMeters: 40 },
    }),
    provider: testProvider(practitionerSourceId, practiceSourceId),
  };
}
