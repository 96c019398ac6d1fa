import {
  type CanonicalBatch,
  type DataPull,
  type FileLoadCounts,
  type FinishPullResult,
  type Sink,
  SinkError,
} from '@provider-data/core';
import { createMemorySink, type MemorySink } from '@provider-data/core/testing';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPostgresSink, type PostgresSink } from './postgres-sink.js';
import {
  fileResult,
  freshSchemas,
  newPull,
  openTestDatabase,
  practice,
  practitioner,
  provider,
  quarantined,
  type TestDatabase,
  type TestSchemas,
  targets,
} from './test-support.js';

const postgresUrl = process.env.PDM_TEST_DATABASE_URL;

const batch = (parts: Partial<CanonicalBatch>): CanonicalBatch => ({
  practitioners: [],
  practices: [],
  providers: [],
  quarantine: [],
  ...parts,
});

/**
 * Two files of one pull: the first stages D1@H1 (both stored: merged at its
 * commit) and D2@H2 (H2 unknown: parked); the second brings H2 and D2@H2
 * again, which is merged and replaces the parked entry. Every sink counts it
 * the same way.
 */
async function supersedeScenario(
  load: (key: string, parts: Partial<CanonicalBatch>) => Promise<FileLoadCounts>,
  finish: () => Promise<FinishPullResult>,
): Promise<void> {
  const first = await load('a.json', {
    practitioners: [practitioner('D1'), practitioner('D2')],
    practices: [practice('H1')],
    providers: [provider('D1', 'H1'), provider('D2', 'H2', { designation: 'first' })],
  });
  expect(first.provider).toEqual({ inserted: 1, updated: 0, unchanged: 0, superseded: 0 });
  const second = await load('b.json', {
    practices: [practice('H2')],
    providers: [provider('D2', 'H2', { designation: 'second' })],
  });
  // One staged entry merged, one earlier pending entry replaced: both accounted for.
  expect(second.provider).toEqual({ inserted: 1, updated: 0, unchanged: 0, superseded: 1 });
  expect((await finish()).providers).toEqual({
    inserted: 0,
    updated: 0,
    unchanged: 0,
    superseded: 0,
    quarantined: 0,
  });
}

/**
 * Two pulls: the second changes D1's phone and specialties, H1's name and
 * the D1@H1 provider's designation, and brings D2, H2 and D2@H2 unchanged.
 * Every sink names the changed columns alike, counts only updated rows, and
 * a load that changes nothing reports no changed fields.
 */
async function changedFieldsScenario(
  load: (pull: 'first' | 'second' | 'third', parts: Partial<CanonicalBatch>) => Promise<FileLoadCounts>,
): Promise<void> {
  const unchanged = {
    practitioners: [practitioner('D2')],
    practices: [practice('H2')],
    providers: [provider('D2', 'H2')],
  };
  const first = await load('first', {
    practitioners: [practitioner('D1'), ...unchanged.practitioners],
    practices: [practice('H1'), ...unchanged.practices],
    providers: [provider('D1', 'H1'), ...unchanged.providers],
  });
  expect(first.changedFields).toBeUndefined();
  const second = await load('second', {
    practitioners: [
      practitioner('D1', { phone: '+919840099999', specialties: ['interventional-cardiology'] }),
      ...unchanged.practitioners,
    ],
    practices: [practice('H1', { name: 'Apollo Hospitals, Greams Road' }), ...unchanged.practices],
    providers: [provider('D1', 'H1', { designation: 'Director' }), ...unchanged.providers],
  });
  expect(second.practitioner).toMatchObject({ updated: 1, unchanged: 1 });
  expect(second.changedFields).toEqual({
    practitioner: { phone: 1, specialties: 1 },
    practice: { name: 1 },
    provider: { designation: 1 },
  });
  const third = await load('third', unchanged);
  expect(third.changedFields).toBeUndefined();
}

/**
 * A file of records that cannot be encoded (a `raw` nested 5,000 arrays deep,
 * a BigInt in `raw` and in a schedule, a practice's Places answer nested too
 * deep): each is left out and quarantined as `unencodable_record`, the rest
 * of the file commits, and the counts say so. Every sink does the same.
 */
async function unencodableScenario(
  pull: DataPull,
  sink: Sink,
  quarantine: () => Promise<{ entity: string; sourceId: string | null; reason: string; message: string }[]>,
): Promise<void> {
  const deep = JSON.parse(`${'['.repeat(5000)}${']'.repeat(5000)}`);
  const writer = await sink.openFile(pull, { key: 'poison.json', size: 0 });
  await writer.write(
    batch({
      practitioners: [
        practitioner('D1', { raw: { doctorId: 'D1', extra: deep } }),
        practitioner('D2'),
        practitioner('D3', { raw: { doctorId: 'D3', big: 10n } }),
      ],
      practices: [practice('H1'), practice('H2', { placeDetails: { nested: deep } as never })],
      providers: [
        provider('D2', 'H1'),
        provider('D2', 'H1', { schedule: [{ days: ['mon'], start: '09:00', end: 10n } as never] }),
      ],
    }),
  );
  const counts = await writer.commit(fileResult('poison.json'));
  expect(counts).toEqual({
    practitioner: { inserted: 1, updated: 0, unchanged: 0, superseded: 0, unencodable: 2 },
    practice: { inserted: 1, updated: 0, unchanged: 0, superseded: 0, unencodable: 1 },
    provider: { inserted: 1, updated: 0, unchanged: 0, superseded: 0, unencodable: 1 },
  });
  const rows = await quarantine();
  expect(rows.map(({ entity, sourceId, reason }) => ({ entity, sourceId, reason }))).toEqual([
    { entity: 'practitioner', sourceId: 'D1', reason: 'unencodable_record' },
    { entity: 'practitioner', sourceId: 'D3', reason: 'unencodable_record' },
    { entity: 'practice', sourceId: 'H2', reason: 'unencodable_record' },
    { entity: 'provider', sourceId: 'D2@H1', reason: 'unencodable_record' },
  ]);
  expect(rows[0]?.message).toBe(
    'the sink could not encode this practitioner: Maximum call stack size exceeded',
  );
  const stored = (await sink.checkpoints(pull)).get('poison.json')!;
  expect(stored.quarantineByReason).toEqual({ unencodable_record: 4 });
  expect(stored.entities.practitioner).toMatchObject({ inserted: 1, quarantined: 2 });
}

for (const target of targets) {
  describe.skipIf(target.skip)(`postgres sink on ${target.name}`, () => {
    let database: TestDatabase;
    let schemas: TestSchemas;
    let sink: PostgresSink;
    const db = () => database.handle.db;
    const scoped = () => db().withSchema(schemas.schema);

    async function load(
      pull: DataPull,
      key: string,
      ...batches: Partial<CanonicalBatch>[]
    ): Promise<FileLoadCounts> {
      const writer = await sink.openFile(pull, { key, size: 0 });
      for (const b of batches) await writer.write(batch(b));
      return writer.commit(fileResult(key));
    }

    const practitionerRows = () =>
      scoped()
        .selectFrom('practitioners')
        .selectAll()
        .select(sql<string>`xmin::text`.as('xmin'))
        .orderBy('source_id')
        .execute();
    const count = async (
      table: 'practitioners' | 'practices' | 'providers' | 'quarantine' | 'pending_providers',
    ) =>
      Number(
        (await scoped().selectFrom(table).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n,
      );

    beforeAll(async () => {
      database = await openTestDatabase(target.name, postgresUrl);
    });
    afterAll(async () => {
      await database?.handle.close();
    });
    beforeEach(async () => {
      schemas = await freshSchemas(db());
      sink = createPostgresSink(db(), { ...schemas, batchSize: 2 });
    });
    afterEach(async () => {
      await schemas.drop();
    });

    it('commits a file: rows, lineage, quarantine and a checkpoint with its load counts', async () => {
      const pull = await newPull(db(), schemas.pullSchema);
      const counts = await load(
        pull,
        'apollo/Chennai.json',
        { practitioners: [practitioner('D1'), practitioner('D2')], practices: [practice('H1')] },
        { practitioners: [practitioner('D3')], quarantine: [quarantined(pull, 'apollo/Chennai.json')] },
      );
      expect(counts).toEqual({
        practitioner: { inserted: 3, updated: 0, unchanged: 0, superseded: 0 },
        practice: { inserted: 1, updated: 0, unchanged: 0, superseded: 0 },
        provider: { inserted: 0, updated: 0, unchanged: 0, superseded: 0 },
      });
      const rows = await practitionerRows();
      expect(rows.map((r) => r.source_id)).toEqual(['D1', 'D2', 'D3']);
      expect(rows[0]).toMatchObject({
        id: practitioner('D1').id,
        display_name: 'K. Ramesh Kumar D1',
        prefixes: ['Dr.'],
        qualifications: [{ degree: 'DM', subject: 'Cardiology', institution: null }],
        languages: ['en', 'ta'],
        practice_start_year: 2003,
        active: true,
        first_seen_pull_id: pull.pullId,
        last_seen_pull_id: pull.pullId,
        raw: { doctorId: 'D1', name: 'Dr. K. Ramesh Kumar D1' },
      });
      const [h1] = await scoped().selectFrom('practices').selectAll().execute();
      expect(h1).toMatchObject({ phones: ['+914428293333', '+914428294444'], enrichment_status: 'skipped' });
      expect(await count('quarantine')).toBe(1);
      const checkpoints = await sink.checkpoints(pull);
      expect([...checkpoints.keys()]).toEqual(['apollo/Chennai.json']);
      expect(checkpoints.get('apollo/Chennai.json')?.entities.practitioner).toMatchObject({ inserted: 3 });
    });

    it('keeps the later of two records with the same source id in a file', async () => {
      const pull = await newPull(db(), schemas.pullSchema);
      const file = [
        { practitioners: [practitioner('D1', { displayName: 'first' }), practitioner('D2')] },
        {
          practitioners: [
            practitioner('D1', { displayName: 'second' }),
            practitioner('D1', { displayName: 'third' }),
          ],
        },
      ];
      const counts = await load(pull, 'f.json', ...file);
      expect(counts.practitioner).toEqual({ inserted: 2, updated: 0, unchanged: 0, superseded: 2 });
      const rows = await practitionerRows();
      expect(rows.map((r) => r.display_name)).toEqual(['third', 'K. Ramesh Kumar D2']);
      // Rerun: the stored 'third' is unchanged, although 'first' and 'second' differ from it.
      await sink.resetPull(pull);
      const again = await load(pull, 'f.json', ...file);
      expect(again.practitioner).toEqual({ inserted: 0, updated: 0, unchanged: 2, superseded: 2 });
      expect(await practitionerRows()).toEqual(rows);
      // The same pull with the order reversed: now 'first' is the latest and replaces 'third'.
      await sink.resetPull(pull);
      const reversed = file.map((b) => ({ practitioners: [...b.practitioners].reverse() })).reverse();
      const again2 = await load(pull, 'f.json', ...reversed);
      expect(again2.practitioner).toEqual({ inserted: 0, updated: 1, unchanged: 1, superseded: 2 });
      expect((await practitionerRows()).map((r) => r.display_name)).toEqual(['first', 'K. Ramesh Kumar D2']);
    });

    it('rewrites nothing when a pull is reset and loaded again', async () => {
      const pull = await newPull(db(), schemas.pullSchema);
      const file = {
        practitioners: [practitioner('D1'), practitioner('D2')],
        practices: [practice('H1')],
        providers: [provider('D1', 'H1'), provider('D2', 'H1')],
      };
      await load(pull, 'f.json', file);
      await sink.finishPull(pull, { deactivate: true });
      const before = await practitionerRows();
      const providersBefore = await scoped().selectFrom('providers').selectAll().orderBy('id').execute();

      await sink.resetPull(pull);
      expect(await sink.checkpoints(pull)).toEqual(new Map());
      const counts = await load(pull, 'f.json', file);
      expect(counts).toEqual({
        practitioner: { inserted: 0, updated: 0, unchanged: 2, superseded: 0 },
        practice: { inserted: 0, updated: 0, unchanged: 1, superseded: 0 },
        provider: { inserted: 0, updated: 0, unchanged: 2, superseded: 0 },
      });
      const finish = await sink.finishPull(pull, { deactivate: true });
      expect(finish).toEqual({
        providers: { inserted: 0, updated: 0, unchanged: 0, superseded: 0, quarantined: 0 },
        deactivated: { practitioner: 0, practice: 0, provider: 0 },
      });
      // Finishing the pull again (its finisher died before recording it) answers the same and writes nothing.
      expect(await sink.finishPull(pull, { deactivate: true })).toEqual(finish);
      // Same row versions (xmin): not even a lock or a WAL record was written for them.
      expect(await practitionerRows()).toEqual(before);
      expect(await scoped().selectFrom('providers').selectAll().orderBy('id').execute()).toEqual(
        providersBefore,
      );
    });

    it('moves updated_at only for changed content; a new pull moves last_seen_pull_id', async () => {
      const first = await newPull(db(), schemas.pullSchema);
      await load(first, 'f.json', { practitioners: [practitioner('D1'), practitioner('D2')] });
      const before = await practitionerRows();
      const second = await newPull(db(), schemas.pullSchema);
      const counts = await load(second, 'f.json', {
        practitioners: [
          practitioner('D1', { specialties: ['interventional-cardiology'] }),
          practitioner('D2'),
        ],
      });
      expect(counts.practitioner).toEqual({ inserted: 0, updated: 1, unchanged: 1, superseded: 0 });
      const [d1, d2] = await practitionerRows();
      expect(d1?.specialties).toEqual(['interventional-cardiology']);
      expect(d1?.updated_at.getTime()).toBeGreaterThan(before[0]?.updated_at.getTime() ?? 0);
      expect(d2?.updated_at).toEqual(before[1]?.updated_at);
      expect([d1?.first_seen_pull_id, d1?.last_seen_pull_id]).toEqual([first.pullId, second.pullId]);
      expect([d2?.first_seen_pull_id, d2?.last_seen_pull_id]).toEqual([first.pullId, second.pullId]);
    });

    it('counts which columns the updated rows changed, and stores them with the checkpoint', async () => {
      const pulls = new Map<string, DataPull>();
      await changedFieldsScenario(async (step, parts) => {
        const pull = await newPull(db(), schemas.pullSchema);
        pulls.set(step, pull);
        return load(pull, 'f.json', parts);
      });
      const checkpoint = (await sink.checkpoints(pulls.get('second')!)).get('f.json');
      expect(checkpoint?.changedFields?.practitioner).toEqual({ phone: 1, specialties: 1 });
    });

    it('leaves nothing of an aborted file', async () => {
      const pull = await newPull(db(), schemas.pullSchema);
      const writer = await sink.openFile(pull, { key: 'f.json', size: 0 });
      await writer.write(
        batch({
          practitioners: [practitioner('D1')],
          practices: [practice('H1')],
          providers: [provider('D1', 'H1')],
          quarantine: [quarantined(pull, 'f.json')],
        }),
      );
      await writer.abort();
      for (const table of [
        'practitioners',
        'practices',
        'providers',
        'quarantine',
        'pending_providers',
      ] as const) {
        expect(await count(table)).toBe(0);
      }
      expect((await sink.checkpoints(pull)).size).toBe(0);
      await expect(writer.commit(fileResult('f.json'))).rejects.toBeInstanceOf(SinkError);
    });

    it('merges providers whose practice is stored at the commit, and holds the rest until the pull finishes', async () => {
      const earlier = await newPull(db(), schemas.pullSchema);
      await load(earlier, 'hospitals.json', { practices: [practice('H-OLD')] });
      await sink.finishPull(earlier, { deactivate: false });

      const pull = await newPull(db(), schemas.pullSchema, { dataType: 'incremental' });
      const doctors = await load(pull, 'doctors.json', {
        practitioners: [practitioner('D1'), practitioner('D2')],
        providers: [
          provider('D1', 'H-NEW', { designation: 'Consultant' }),
          provider('D1', 'H-NEW'),
          provider('D2', 'H-OLD'),
          provider('D2', 'H-NOWHERE'),
          provider('D-NOWHERE', 'H-OLD'),
        ],
      });
      // D2 at H-OLD (stored by the earlier pull) is merged now; the other four wait.
      expect(doctors.provider).toEqual({ inserted: 1, updated: 0, unchanged: 0, superseded: 0 });
      expect(await count('providers')).toBe(1);
      expect(await count('pending_providers')).toBe(4);
      await load(pull, 'hospitals.json', { practices: [practice('H-NEW')] });

      const finish = await sink.finishPull(pull, { deactivate: false });
      expect(finish.providers).toEqual({
        inserted: 1,
        updated: 0,
        unchanged: 0,
        superseded: 1,
        quarantined: 2,
      });
      const providers = await scoped()
        .selectFrom('providers')
        .selectAll()
        .orderBy('practice_source_id')
        .execute();
      expect(providers.map((p) => [p.practitioner_source_id, p.practice_source_id, p.designation])).toEqual([
        ['D1', 'H-NEW', 'Senior Consultant'],
        ['D2', 'H-OLD', 'Senior Consultant'],
      ]);
      expect(providers[0]).toMatchObject({
        practitioner_id: practitioner('D1').id,
        practice_id: practice('H-NEW').id,
        schedule: [{ days: ['mon', 'tue'], start: '09:00', end: '13:00' }],
        last_seen_pull_id: pull.pullId,
      });
      expect(Number(providers[0]?.consultation_fee_inr)).toBe(1200);
      const quarantine = await scoped()
        .selectFrom('quarantine')
        .selectAll()
        .where('pull_id', '=', pull.pullId)
        .orderBy('source_id')
        .execute();
      expect(quarantine.map((q) => [q.entity, q.source_id, q.reason, q.object_key, q.message])).toEqual([
        [
          'provider',
          'D-NOWHERE@H-OLD',
          'unknown_practice',
          'doctors.json',
          'practitioner D-NOWHERE is in no file of the pull and not stored',
        ],
        [
          'provider',
          'D2@H-NOWHERE',
          'unknown_practice',
          'doctors.json',
          'practice H-NOWHERE is in no file of the pull and not stored',
        ],
      ]);
      expect(JSON.parse(quarantine[1]?.raw ?? '{}')).toMatchObject({ practiceSourceId: 'H-NOWHERE' });
      expect(await count('pending_providers')).toBe(0);
    });

    it("lets a later file's merged provider supersede what an earlier file left pending", async () => {
      const pull = await newPull(db(), schemas.pullSchema);
      await supersedeScenario(
        async (key, parts) => {
          const counts = await load(pull, key, parts);
          if (key === 'a.json') expect(await count('pending_providers')).toBe(1);
          return counts;
        },
        () => sink.finishPull(pull, { deactivate: false }),
      );
      expect(await count('pending_providers')).toBe(0);
      const providers = await scoped()
        .selectFrom('providers')
        .select('designation')
        .orderBy('designation')
        .execute();
      expect(providers).toEqual([{ designation: 'Senior Consultant' }, { designation: 'second' }]);
    });

    it('deactivates what a full pull did not contain, and nothing when told not to', async () => {
      const first = await newPull(db(), schemas.pullSchema);
      await load(first, 'f.json', {
        practitioners: [practitioner('D1'), practitioner('D2')],
        practices: [practice('H1'), practice('H2')],
        providers: [provider('D1', 'H1'), provider('D2', 'H2')],
      });
      await sink.finishPull(first, { deactivate: true });

      const partial = await newPull(db(), schemas.pullSchema);
      await load(partial, 'f.json', {
        practitioners: [practitioner('D1')],
        practices: [practice('H1')],
        providers: [provider('D1', 'H1')],
      });
      const kept = await sink.finishPull(partial, { deactivate: false });
      expect(kept.deactivated).toEqual({ practitioner: 0, practice: 0, provider: 0 });
      expect((await practitionerRows()).map((r) => r.active)).toEqual([true, true]);

      const full = await newPull(db(), schemas.pullSchema);
      await load(full, 'f.json', {
        practitioners: [practitioner('D1')],
        practices: [practice('H1')],
        providers: [provider('D1', 'H1')],
      });
      const before = await practitionerRows();
      const finish = await sink.finishPull(full, { deactivate: true });
      expect(finish.deactivated).toEqual({ practitioner: 1, practice: 1, provider: 1 });
      const after = await practitionerRows();
      expect(after.map((r) => [r.source_id, r.active])).toEqual([
        ['D1', true],
        ['D2', false],
      ]);
      expect(after[1]?.updated_at.getTime()).toBeGreaterThan(before[1]?.updated_at.getTime() ?? 0);
      const providers = await scoped()
        .selectFrom('providers')
        .select(['practice_source_id', 'active'])
        .execute();
      expect(providers.sort((a, b) => a.practice_source_id.localeCompare(b.practice_source_id))).toEqual([
        { practice_source_id: 'H1', active: true },
        { practice_source_id: 'H2', active: false },
      ]);

      // Seen again: active again, and counted as an update.
      const back = await newPull(db(), schemas.pullSchema);
      const counts = await load(back, 'f.json', { practitioners: [practitioner('D2')] });
      expect(counts.practitioner).toEqual({ inserted: 0, updated: 1, unchanged: 0, superseded: 0 });
      expect((await practitionerRows()).map((r) => r.active)).toEqual([true, true]);
    });

    it('stores hostile text verbatim, with NUL as U+FFFD, and never runs it', async () => {
      const pull = await newPull(db(), schemas.pullSchema);
      const hostile = `O'Brien "Dr" \\ \t tab \n line \r ; DROP TABLE practitioners; -- $1 \\N {a,b} 🩺👩🏽‍⚕️`;
      const long = 'N'.repeat(10_000);
      const nul = 'before\u0000after';
      await load(pull, 'f.json', {
        practitioners: [
          practitioner('D1', {
            displayName: hostile,
            prefixes: ['"quoted"', 'back\\slash', 'com,ma', '{brace}', 'NULL', nul],
            raw: {
              name: hostile,
              nul,
              'key\u0000': [nul, '\\u0000 literal'],
              nested: { deep: '\ud800 lone' },
            },
          }),
          practitioner("'; DROP TABLE practitioners; --", { displayName: long, email: nul }),
        ],
        quarantine: [
          quarantined(pull, 'f.json', { raw: `{"name": "${nul}", "x": '; DROP TABLE quarantine; --}` }),
        ],
      });
      const rows = await practitionerRows();
      expect(rows).toHaveLength(2);
      const [dropper, d1] = rows;
      expect(dropper?.source_id).toBe("'; DROP TABLE practitioners; --");
      expect(dropper?.display_name).toBe(long);
      expect(dropper?.email).toBe('before\uFFFDafter');
      expect(d1?.display_name).toBe(hostile);
      expect(d1?.prefixes).toEqual([
        '"quoted"',
        'back\\slash',
        'com,ma',
        '{brace}',
        'NULL',
        'before\uFFFDafter',
      ]);
      expect(d1?.raw).toEqual({
        name: hostile,
        nul: 'before\uFFFDafter',
        'key\uFFFD': ['before\uFFFDafter', '\\u0000 literal'],
        nested: { deep: '\uFFFD lone' },
      });
      const [q] = await scoped().selectFrom('quarantine').select('raw').execute();
      expect(q?.raw).toBe(`{"name": "before\uFFFDafter", "x": '; DROP TABLE quarantine; --}`);
      // A rerun hashes the same text the same way: nothing changes.
      await sink.resetPull(pull);
      const again = await load(pull, 'f.json', {
        practitioners: [practitioner("'; DROP TABLE practitioners; --", { displayName: long, email: nul })],
      });
      expect(again.practitioner.unchanged).toBe(1);
    });

    it('quarantines a record it cannot encode as unencodable_record and commits the rest of the file', async () => {
      const pull = await newPull(db(), schemas.pullSchema);
      await unencodableScenario(pull, sink, () =>
        scoped()
          .selectFrom('quarantine')
          .select(['entity', 'source_id as sourceId', 'reason', 'message'])
          .orderBy('id')
          .execute(),
      );
      expect((await practitionerRows()).map((r) => r.source_id)).toEqual(['D2']);
      expect(await count('providers')).toBe(1);
    });

    it('keeps a stored Places answer when a later pull did not look the practice up', async () => {
      const enrichedAt = new Date('2026-11-20T06:00:00.000Z');
      // Keys out of order, and nested: jsonb gives them back in its own order.
      const evidence = {
        rule: 'matched',
        enricher: 'places',
        accepted: { placeId: 'ChIJ-apollo', name: 'Apollo Hospitals', distanceMeters: 120, score: 1 },
        rejected: [{ reason: 'city_mismatch', placeId: 'ChIJ-lucknow', name: 'Apollo Clinic', score: 0.5 }],
      };
      const matched = practice('H1', {
        enrichmentStatus: 'matched',
        googlePlaceId: 'ChIJ-apollo',
        latitude: 13.0604,
        longitude: 80.2496,
        geoSource: 'google',
        enrichedAt,
        placeDetails: {
          name: 'Apollo Hospitals',
          formattedAddress: '21 Greams Ln',
          phone: null,
          website: null,
        },
        enrichmentEvidence: evidence,
      });
      const first = await newPull(db(), schemas.pullSchema);
      await load(first, 'f.json', { practices: [matched, practice('H2', { enrichmentStatus: 'no_match' })] });
      const [before] = await scoped()
        .selectFrom('practices')
        .selectAll()
        .where('source_id', '=', 'H1')
        .execute();

      const second = await newPull(db(), schemas.pullSchema);
      const counts = await load(second, 'f.json', {
        practices: [
          practice('H1', { enrichmentStatus: 'skipped' }),
          practice('H2', { enrichmentStatus: 'pending' }),
        ],
      });
      expect(counts.practice).toEqual({ inserted: 0, updated: 0, unchanged: 2, superseded: 0 });
      const rows = await scoped().selectFrom('practices').selectAll().orderBy('source_id').execute();
      expect(rows[0]).toMatchObject({
        enrichment_status: 'matched',
        google_place_id: 'ChIJ-apollo',
        latitude: 13.0604,
        longitude: 80.2496,
        geo_source: 'google',
        enriched_at: enrichedAt,
        place_details: {
          name: 'Apollo Hospitals',
          formattedAddress: '21 Greams Ln',
          phone: null,
          website: null,
        },
        enrichment_evidence: evidence,
        updated_at: before?.updated_at,
        last_seen_pull_id: second.pullId,
      });
      expect(rows[1]?.enrichment_status).toBe('no_match');

      // A changed name is an update; the answer still stays. A new answer replaces it.
      const third = await newPull(db(), schemas.pullSchema);
      const renamed = await load(third, 'f.json', {
        practices: [practice('H1', { name: 'Apollo Main' }), practice('H2', { enrichmentStatus: 'failed' })],
      });
      expect(renamed.practice).toEqual({ inserted: 0, updated: 2, unchanged: 0, superseded: 0 });
      const after = await scoped().selectFrom('practices').selectAll().orderBy('source_id').execute();
      expect(
        after.map((r) => [
          r.name,
          r.enrichment_status,
          r.google_place_id,
          r.enrichment_evidence?.rule ?? null,
        ]),
      ).toEqual([
        ['Apollo Main', 'matched', 'ChIJ-apollo', 'matched'],
        ['Apollo Hospitals H2', 'failed', null, null],
      ]);
    });

    it.skipIf(target.name !== 'postgres')(
      'loses the whole file when its connection drops, and a rerun loads it',
      async () => {
        const pull = await newPull(db(), schemas.pullSchema);
        const file = {
          practitioners: [practitioner('D1'), practitioner('D2')],
          practices: [practice('H1')],
          providers: [provider('D1', 'H1')],
          quarantine: [quarantined(pull, 'f.json')],
        };
        const writer = await sink.openFile(pull, { key: 'f.json', size: 0 });
        await writer.write(batch(file));
        const pid = await writer.backendPid();
        expect(pid).toBeTypeOf('number');
        await sql`SELECT pg_terminate_backend(${pid}::int)`.execute(db());
        const error = await writer.commit(fileResult('f.json')).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(SinkError);
        expect(String((error as Error).message)).not.toContain(postgresUrl ?? '\u0000');
        for (const table of ['practitioners', 'practices', 'quarantine', 'pending_providers'] as const) {
          expect(await count(table)).toBe(0);
        }
        expect((await sink.checkpoints(pull)).size).toBe(0);

        const counts = await load(pull, 'f.json', file);
        expect(counts.practitioner.inserted).toBe(2);
        expect(counts.provider?.inserted).toBe(1);
        expect(await count('quarantine')).toBe(1);
        expect(await count('providers')).toBe(1);
      },
    );
  });
}

// The in-memory sink that plugin tests run on counts providers as this sink does.
describe('the memory sink, on the same provider scenarios', () => {
  const pull = { pullId: '00000000-0000-4000-8000-000000000001', healthSystem: 'apollo' } as DataPull;

  async function load(sink: MemorySink, key: string, parts: Partial<CanonicalBatch>) {
    const writer = await sink.openFile(pull, { key, size: 0 });
    await writer.write(batch(parts));
    return writer.commit(fileResult(key));
  }

  it('quarantines a record it cannot encode as unencodable_record and commits the rest of the file', async () => {
    const sink = createMemorySink();
    await unencodableScenario(pull, sink, async () => sink.quarantine);
    expect([...sink.practitioners.keys()]).toHaveLength(1);
  });

  it('merges known providers at the commit and lets a later file supersede a pending one', async () => {
    const sink = createMemorySink();
    await supersedeScenario(
      (key, parts) => load(sink, key, parts),
      () => sink.finishPull(pull, { deactivate: false }),
    );
    expect([...sink.providers.values()].map((p) => p.designation).sort()).toEqual([
      'Senior Consultant',
      'second',
    ]);
  });

  it('counts which columns the updated rows changed', async () => {
    const sink = createMemorySink();
    const ids = { first: 'a', second: 'b', third: 'c' };
    await changedFieldsScenario(async (step, parts) => {
      const pullId = `00000000-0000-4000-8000-00000000000${ids[step]}`;
      const writer = await sink.openFile({ ...pull, pullId }, { key: 'f.json', size: 0 });
      await writer.write(batch(parts));
      return writer.commit(fileResult('f.json'));
    });
  });

  it('keeps a stored Places answer and its evidence when a later pull did not look the practice up', async () => {
    const sink = createMemorySink();
    const evidence = { enricher: 'places', rule: 'matched', rejected: [] };
    const matched = practice('H1', {
      enrichmentStatus: 'matched',
      googlePlaceId: 'ChIJ-apollo',
      enrichedAt: new Date('2026-11-20T06:00:00.000Z'),
      enrichmentEvidence: evidence,
    });
    await load(sink, 'a.json', { practices: [matched] });
    const counts = await load(sink, 'b.json', {
      practices: [practice('H1', { enrichmentStatus: 'skipped' })],
    });

    expect(counts.practice).toMatchObject({ updated: 0, unchanged: 1 });
    expect(sink.practices.get(matched.id)).toMatchObject({
      enrichmentStatus: 'matched',
      googlePlaceId: 'ChIJ-apollo',
      enrichmentEvidence: evidence,
    });
  });
});
