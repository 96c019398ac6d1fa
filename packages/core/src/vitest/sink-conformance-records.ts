/**
 * The cases of {@link sinkConformanceSuite} about single records and
 * fields: a record the sink cannot encode, the changed columns it counts,
 * a stored Places answer it keeps, and every field of the canonical schemas.
 */
import { expect, it } from 'vitest';
import {
  fullyStoredRecords,
  testPractice,
  testPractitioner,
  testProvider,
} from '../testing/canonical-fixtures.js';
import {
  type Batch,
  byId,
  finish,
  loadFile,
  SCHEMAS,
  type SinkUnderTest,
} from './sink-conformance-support.js';

/** Declares the record and field cases; `current` is the case's fresh sink under test. */
export function recordCases(current: () => SinkUnderTest): void {
  it('quarantines a record it cannot encode as unencodable_record and commits the rest of the file', async () => {
    const sut = current();
    const pull = await sut.createPull('full');
    const deep = JSON.parse(`${'['.repeat(5000)}${']'.repeat(5000)}`);
    const result = await loadFile(sut.sink, pull, 'poison.json', {
      practitioners: [
        testPractitioner('D1', { raw: { doctorId: 'D1', extra: deep } }),
        testPractitioner('D2'),
        testPractitioner('D3', { raw: { doctorId: 'D3', big: 10n } }),
      ],
      practices: [testPractice('H1'), testPractice('H2', { placeDetails: { nested: deep } as never })],
      providers: [
        testProvider('D2', 'H1'),
        testProvider('D2', 'H1', { schedule: [{ days: ['mon'], start: '09:00', end: 10n } as never] }),
      ],
    });
    expect(result.entities.practitioner).toMatchObject({ read: 3, inserted: 1, quarantined: 2 });
    expect(result.entities.practice).toMatchObject({ read: 2, inserted: 1, quarantined: 1 });
    expect(result.entities.provider).toMatchObject({ read: 2, inserted: 1, quarantined: 1 });
    expect(result.quarantineByReason).toEqual({ unencodable_record: 4 });
    expect((await sut.sink.checkpoints(pull)).get('poison.json')).toEqual(result);
    const rows = await sut.readQuarantine();
    expect(rows.map(({ entity, sourceId, reason }) => ({ entity, sourceId, reason }))).toEqual([
      { entity: 'practitioner', sourceId: 'D1', reason: 'unencodable_record' },
      { entity: 'practitioner', sourceId: 'D3', reason: 'unencodable_record' },
      { entity: 'practice', sourceId: 'H2', reason: 'unencodable_record' },
      { entity: 'provider', sourceId: 'D2@H1', reason: 'unencodable_record' },
    ]);
    expect(rows[0]?.message).toBe(
      'the sink could not encode this practitioner: Maximum call stack size exceeded',
    );
    const stored = await sut.readCanonical();
    expect(stored.practitioners.map((row) => row.sourceId)).toEqual(['D2']);
    expect(stored.providers).toHaveLength(1);
  });

  it('counts which columns the updated rows changed, by column name, and stores them with the checkpoint', async () => {
    const sut = current();
    const unchanged: Batch = {
      practitioners: [testPractitioner('D2')],
      practices: [testPractice('H2')],
      providers: [testProvider('D2', 'H2')],
    };
    const load = async (parts: Batch) => {
      const pull = await sut.createPull('incremental');
      return { pull, result: await loadFile(sut.sink, pull, 'f.json', parts) };
    };
    const first = await load({
      practitioners: [testPractitioner('D1'), ...(unchanged.practitioners ?? [])],
      practices: [testPractice('H1'), ...(unchanged.practices ?? [])],
      providers: [testProvider('D1', 'H1'), ...(unchanged.providers ?? [])],
    });
    expect(first.result.changedFields).toBeUndefined();
    const second = await load({
      practitioners: [
        testPractitioner('D1', { phone: '+919840099999', specialties: ['interventional-cardiology'] }),
        ...(unchanged.practitioners ?? []),
      ],
      practices: [
        testPractice('H1', { name: 'Apollo Hospitals, Greams Road' }),
        ...(unchanged.practices ?? []),
      ],
      providers: [testProvider('D1', 'H1', { designation: 'Director' }), ...(unchanged.providers ?? [])],
    });
    expect(second.result.entities.practitioner).toMatchObject({ updated: 1, unchanged: 1 });
    expect(second.result.changedFields).toEqual({
      practitioner: { phone: 1, specialties: 1 },
      practice: { name: 1 },
      provider: { designation: 1 },
    });
    expect((await sut.sink.checkpoints(second.pull)).get('f.json')?.changedFields).toEqual(
      second.result.changedFields,
    );
    expect((await load(unchanged)).result.changedFields).toBeUndefined();
  });

  it('keeps a stored Places answer when a later pull did not look the practice up', async () => {
    const sut = current();
    // Keys out of order, and nested: a database may give them back in its own order.
    const evidence = {
      rule: 'matched',
      enricher: 'places',
      accepted: { placeId: 'ChIJ-apollo', name: 'Apollo Hospitals', distanceMeters: 120, score: 1 },
      rejected: [{ reason: 'city_mismatch', placeId: 'ChIJ-lucknow', name: 'Apollo Clinic', score: 0.5 }],
    };
    const matched = testPractice('H1', {
      enrichmentStatus: 'matched',
      googlePlaceId: 'ChIJ-apollo',
      latitude: 13.0604,
      longitude: 80.2496,
      geoSource: 'google',
      enrichedAt: new Date('2026-11-20T06:00:00.000Z'),
      placeDetails: {
        name: 'Apollo Hospitals',
        formattedAddress: '21 Greams Ln',
        phone: null,
        website: null,
      },
      enrichmentEvidence: evidence,
    });
    const first = await sut.createPull('incremental');
    await loadFile(sut.sink, first, 'f.json', {
      practices: [matched, testPractice('H2', { enrichmentStatus: 'no_match' })],
    });
    const before = byId((await sut.readCanonical()).practices, matched.id);

    const second = await sut.createPull('incremental');
    const skipped = await loadFile(sut.sink, second, 'f.json', {
      practices: [
        testPractice('H1', { enrichmentStatus: 'skipped' }),
        testPractice('H2', { enrichmentStatus: 'pending' }),
      ],
    });
    expect(skipped.entities.practice).toMatchObject({ inserted: 0, updated: 0, unchanged: 2 });
    const kept = await sut.readCanonical();
    expect(byId(kept.practices, matched.id)).toEqual({ ...before, lastSeenPullId: second.pullId });
    expect(byId(kept.practices, testPractice('H2').id)?.enrichmentStatus).toBe('no_match');

    // A changed name is an update, and the answer still stays; a new answer replaces the old one.
    const third = await sut.createPull('incremental');
    const renamed = await loadFile(sut.sink, third, 'f.json', {
      practices: [
        testPractice('H1', { name: 'Apollo Main' }),
        testPractice('H2', { enrichmentStatus: 'failed' }),
      ],
    });
    expect(renamed.entities.practice).toMatchObject({ inserted: 0, updated: 2, unchanged: 0 });
    const after = (await sut.readCanonical()).practices.sort((x, y) => x.sourceId.localeCompare(y.sourceId));
    expect(
      after.map((r) => [r.name, r.enrichmentStatus, r.googlePlaceId, r.enrichmentEvidence?.rule ?? null]),
    ).toEqual([
      ['Apollo Main', 'matched', 'ChIJ-apollo', 'matched'],
      ['Apollo Hospitals H2', 'failed', null, null],
    ]);
  });

  it('stores every field of the canonical schemas and reads it back as written', async () => {
    const sut = current();
    const pull = await sut.createPull('full');
    const records = fullyStoredRecords();
    await finish(sut.sink, pull, [
      await loadFile(sut.sink, pull, 'a.json', {
        practitioners: [records.practitioner],
        practices: [records.practice],
        providers: [records.provider],
      }),
    ]);
    const rows = await sut.readCanonical();
    const written = {
      practitioners: records.practitioner,
      practices: records.practice,
      providers: records.provider,
    };
    for (const table of ['practitioners', 'practices', 'providers'] as const) {
      const stored = byId<{ id: string }>(rows[table], written[table].id) as
        | Record<string, unknown>
        | undefined;
      expect(stored, table).toBeDefined();
      const record = written[table] as Record<string, unknown>;
      for (const field of Object.keys(SCHEMAS[table].shape)) {
        // A field new to the schema must be given a value by `fullyStoredRecords`, or this proves nothing.
        expect(record[field] ?? null, `fullyStoredRecords sets ${table}.${field}`).not.toBeNull();
        expect(stored?.[field], `${table}.${field}`).toEqual(record[field]);
      }
      expect(stored?.firstSeenPullId, table).toBe(pull.pullId);
      expect(stored?.contentHash, table).toMatch(/^[0-9a-f]{40}$/);
    }
  });
}
