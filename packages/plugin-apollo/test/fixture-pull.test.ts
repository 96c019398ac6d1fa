import { fileURLToPath } from 'node:url';
import { createLocalObjectStore, practiceId, practitionerId, providerId } from '@provider-data/core';
import { runPlugin } from '@provider-data/core/testing';
import { expectPullOutcome, pluginConformanceSuite } from '@provider-data/core/vitest';
import { describe, expect, it } from 'vitest';
import { apolloPlugin } from '../src/index.js';

const FIXTURES = fileURLToPath(new URL('./fixtures', import.meta.url));
const store = createLocalObjectStore(FIXTURES);
const PREFIX = 'apollo/datapulls/20261120T053000Z/by_city/';

/** What the hand-written fixture pull must produce: each deviation of the format once. */
const expected = {
  files: 5,
  failedFiles: 3,
  records: { read: 16, quarantined: 4 },
  rows: { practitioner: 4, practice: 6, provider: 6 },
  quarantineByReason: {
    missing_field: 3,
    not_an_object: 1,
    invalid_value: 1,
    unknown_practice: 2,
    invalid_json: 1,
    truncated_file: 1,
    empty_file: 1,
  },
};

describe('the fixture pull', () => {
  it('loads and quarantines exactly what the README promises', async () => {
    const result = await runPlugin({ plugin: apolloPlugin, store });
    expectPullOutcome(result, expected);
    const { sink, summary } = result;

    // The same doctor in two city files: one practitioner, the union of affiliations.
    const ramesh = sink.practitioners.get(practitionerId('apollo', 'AD-000123'))!;
    expect(ramesh).toMatchObject({
      displayName: 'K. Ramesh Kumar',
      specialties: ['cardiology'],
      phone: '+919840012345',
      registrationNumber: '45678',
    });
    const rameshAt = [...sink.providers.values()].filter((p) => p.practitionerSourceId === 'AD-000123');
    expect(rameshAt.map((p) => p.practiceSourceId).sort()).toEqual([
      'AH-BLR-001',
      'AH-BLR-002',
      'AH-CHN-001',
    ]);
    expect(rameshAt.every((p) => p.designation === 'Senior Consultant')).toBe(true);

    // The same doctor twice in one file: the later entry wins.
    const priya = sink.practitioners.get(practitionerId('apollo', 'AD-000200'))!;
    expect(priya.displayName).toBe('Priya Menon');
    expect(priya.languages).toEqual(['en', 'ml', 'ta']);
    expect(sink.providers.get(providerId('apollo', 'AD-000200', 'AH-CHN-002'))!.consultationFeeInr).toBe(900);
    expect(summary.entities.practitioner.superseded).toBe(1);

    // A practice in no file of the pull: the provider is quarantined by the sink.
    const unknown = sink.quarantine.filter((q) => q.reason === 'unknown_practice');
    expect(unknown.map((q) => q.sourceId)).toEqual(['AD-000200@AH-XXX-999', 'AD-000200@AH-XXX-999']);

    // Missing or wrong-typed required fields: quarantined with position and reason.
    const byPosition = Object.fromEntries(
      sink.quarantine.filter((q) => q.objectKey.endsWith('Chennai.json')).map((q) => [q.position, q.reason]),
    );
    expect(byPosition).toMatchObject({
      'hospitals[2]': 'missing_field',
      'hospitals[3]': 'not_an_object',
      'doctors[2]': 'missing_field',
      'doctors[3]': 'invalid_value',
      'doctors[5]': 'missing_field',
    });

    // Broken files: quarantined, the complete records before the break loaded.
    expect(summary.files.failed.map((f) => [f.key.slice(PREFIX.length), f.reason])).toEqual([
      ['Kochi.json', 'invalid_json'],
      ['Navi_Mumbai.json', 'truncated_file'],
      ['Pune.json', 'empty_file'],
    ]);
    expect(sink.practices.has(practiceId('apollo', 'AH-NMB-001'))).toBe(true);
    expect(sink.practitioners.has(practitionerId('apollo', 'AD-000700'))).toBe(true);

    // Unknown fields are kept in raw; wrong-typed optional fields are read for their meaning.
    const greams = sink.practices.get(practiceId('apollo', 'AH-CHN-001'))!;
    expect(greams.raw).toMatchObject({ accreditation: 'JCI' });
    expect(greams).toMatchObject({
      city: 'Chennai',
      pincode: '600006',
      geoSource: 'source',
      enrichmentStatus: 'pending',
    });
    const cradle = sink.practices.get(practiceId('apollo', 'AH-CHN-002'))!;
    expect(cradle.phones).toEqual(['+914428293333']);
    expect(cradle.pincode).toBe('600034');
    expect(sink.practices.get(practiceId('apollo', 'AH-BLR-001'))!.city).toBe('Bengaluru');
    expect(sink.practitioners.get(practitionerId('apollo', 'AD-000500'))!.specialties).toEqual([]);
    expect(summary.unmappedSpecialties).toEqual({ 'Sleep Medicine': 1 });
  });
});

pluginConformanceSuite({
  name: 'apollo (fixtures)',
  plugin: apolloPlugin,
  pulls: async () => [{ label: 'fixture pull', store, expected }],
});
