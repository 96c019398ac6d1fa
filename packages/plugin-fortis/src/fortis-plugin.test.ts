import path from 'node:path';
import { createLocalObjectStore, createRegistry, practiceId, providerId } from '@provider-data/core';
import { type ExpectedPullOutcome, createMemorySink, runPlugin } from '@provider-data/core/testing';
import { expectPullOutcome, pluginConformanceSuite } from '@provider-data/core/vitest';
import { describe, expect, it } from 'vitest';
import { fortisPlugin } from './index.js';

const fixtures = createLocalObjectStore(path.resolve(import.meta.dirname, '../test/fixtures'));

/** Quarantine rows of single lines; the others are of providers and of files. */
const lineReasons = { missing_field: 2, invalid_value: 1, invalid_json: 1, not_an_object: 1 };

/** What the hand-written fixture pull must load; every figure is explained in test/fixtures/README.md. */
const fixtureOutcome: ExpectedPullOutcome = {
  files: 6,
  failedFiles: 2,
  records: { read: 16, quarantined: 5 },
  rows: { practitioner: 6, practice: 4, provider: 7 },
  quarantineByReason: { ...lineReasons, unknown_practice: 2, truncated_file: 2 },
};

describe('Fortis plugin over the fixture pull', () => {
  it('loads or quarantines every line with the outcome the spec asks for', async () => {
    const result = await runPlugin({ plugin: fortisPlugin, store: fixtures });
    expectPullOutcome(result, fixtureOutcome);
    const { sink, summary } = result;

    // A visiting consultant: one practitioner, the union of both cities' affiliations.
    const visiting = [...sink.providers.values()].filter((p) => p.practitionerSourceId === 'FD-10001');
    expect(visiting.map((p) => p.practiceSourceId).sort()).toEqual(['FH-DEL-OKH', 'FH-GGN', 'FH-GGN-HRT']);

    // INACTIVE: the affiliation is inactive; the practitioner is still listed.
    expect(sink.providers.get(providerId('fortis', 'FD-10002', 'FH-GGN'))?.active).toBe(false);
    expect([...sink.practitioners.values()].find((p) => p.sourceId === 'FD-10002')?.active).toBe(true);

    // Facility codes in no facilities file: quarantined providers that name the doctor and the code.
    const unknown = sink.quarantine.filter((q) => q.reason === 'unknown_practice').map((q) => q.sourceId);
    expect(unknown.sort()).toEqual(['FD-10003@FH-ZZZ', 'FD-30001@FH-MOH']);

    // Bad lines: quarantined with their line number, reason and text.
    const gurgaonDoctors = sink.quarantine
      .filter((q) => q.objectKey.endsWith('gurgaon/doctors.ndjson') && q.entity !== 'provider')
      .map((q) => [q.position, q.entity, q.reason]);
    expect(gurgaonDoctors).toEqual([
      ['line 5', 'practitioner', 'invalid_json'],
      ['line 6', 'practitioner', 'not_an_object'],
      ['line 7', 'practitioner', 'missing_field'],
      ['line 8', 'practitioner', 'invalid_value'],
    ]);
    expect(sink.quarantine.find((q) => q.position === 'line 5')?.raw).toContain('"FD-10004"');

    // Cut-off files: their complete lines are loaded, the file is recorded as failed.
    expect(summary.files.failed.map((f) => [f.key.split('/by_city/')[1], f.reason])).toEqual([
      ['mohali/doctors.ndjson.gz', 'truncated_file'],
      ['new-delhi/doctors.ndjson', 'truncated_file'],
    ]);
    expect([...sink.practitioners.values()].map((p) => p.sourceId)).toContain('FD-30001');
    expect([...sink.practitioners.values()].map((p) => p.sourceId)).toContain('FD-20001');

    // Unknown extra fields are kept in raw.
    const heart = sink.practices.get(practiceId('fortis', 'FH-GGN-HRT'));
    expect(heart?.raw).toMatchObject({ bed_count: 120, tele_consult: 'Y' });

    // Fields it could not use and wordings without a code are counted.
    expect(summary.unusableFields).toEqual({ 'doctor.experience_years': 1 });
    expect(summary.unmappedSpecialties).toEqual({ 'Sports Medicine': 1 });
  });

  it('deactivates nothing after a full pull with a failed file', async () => {
    const sink = createMemorySink();
    await runPlugin({ plugin: fortisPlugin, store: fixtures, sink });
    const { summary } = await runPlugin({
      plugin: fortisPlugin,
      store: fixtures,
      sink,
      pull: { pullId: '00000000-0000-4000-8000-000000000002' },
    });
    expect(summary.deactivated).toEqual({ practitioner: 0, practice: 0, provider: 0 });
  });

  it('validates its config', () => {
    expect(() => createRegistry().register(fortisPlugin, { maxLineBytes: 10 })).toThrow(/maxLineBytes/);
    expect(() => createRegistry().register(fortisPlugin, { maxLinebytes: 1 << 20 } as never)).toThrow(
      /invalid config/,
    );
    expect(() => createRegistry().register(fortisPlugin, { maxLineBytes: 1 << 20 })).not.toThrow();
  });
});

pluginConformanceSuite({
  name: 'fortis (fixtures)',
  plugin: fortisPlugin,
  pulls: async () => [
    { label: 'hand-written fixture pull', store: fixtures, pull: {}, expected: fixtureOutcome },
  ],
});
