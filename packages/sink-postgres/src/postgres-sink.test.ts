import { type CanonicalBatch, type DataPull, type FileLoadCounts, SinkError } from '@provider-data/core';
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

    it('sends no provider a rerun finds stored unchanged, and a later record of its id still replaces it', async () => {
      const pull = await newPull(db(), schemas.pullSchema);
      const base = {
        practitioners: [practitioner('D1'), practitioner('D2'), practitioner('D3')],
        practices: [practice('H1')],
      };
      const [p1, p2, p3] = [provider('D1', 'H1'), provider('D2', 'H1'), provider('D3', 'H1')];
      await load(pull, 'f.json', { ...base, providers: [p1, p2, p3] });
      await sink.finishPull(pull, { deactivate: true });
      const providerRows = () =>
        scoped()
          .selectFrom('providers')
          .select(['practitioner_source_id', 'designation', sql<string>`xmin::text`.as('xmin')])
          .orderBy('practitioner_source_id')
          .execute();
      const before = await providerRows();

      await sink.resetPull(pull);
      // D1 as stored, then changed later in the file: the change wins. D2 changed, then as stored
      // later: the stored version wins, though the probe finds it unchanged. D3 as stored.
      const counts = await load(
        pull,
        'f.json',
        { ...base, providers: [p1, { ...p2, designation: 'Consultant' }, p3] },
        { providers: [{ ...p1, designation: 'Head of Department' }, p2] },
      );
      expect(counts.provider).toEqual({ inserted: 0, updated: 1, unchanged: 2, superseded: 2 });
      const after = await providerRows();
      expect(after.map((r) => r.designation)).toEqual([
        'Head of Department',
        'Senior Consultant',
        'Senior Consultant',
      ]);
      // D2 and D3: the same row versions, never rewritten.
      expect(after.slice(1)).toEqual(before.slice(1));
      expect(await sink.finishPull(pull, { deactivate: true })).toMatchObject({
        deactivated: { practitioner: 0, practice: 0, provider: 0 },
      });
    });

    it("lists in a file's counts the providers an earlier file of the pull stored first, on a rerun too", async () => {
      const pull = await newPull(db(), schemas.pullSchema);
      const shared = provider('D1', 'H1');
      const a = { practitioners: [practitioner('D1')], practices: [practice('H1')], providers: [shared] };
      // b.json's first batch has nothing stored yet, so the rerun probe stops asking, and its merge finds
      // the shared provider; in the rerun the probe finds both.
      const b = [{ providers: [provider('D1', 'H2')], practices: [practice('H2')] }, { providers: [shared] }];
      expect((await load(pull, 'a.json', a)).sharedRows).toBeUndefined();
      const first = await load(pull, 'b.json', ...b);
      expect(first.provider).toEqual({ inserted: 1, updated: 0, unchanged: 1, superseded: 0 });
      const stored = await scoped()
        .selectFrom('providers')
        .select(['id', 'content_hash', 'active'])
        .where('id', '=', shared.id)
        .executeTakeFirstOrThrow();
      expect(first.sharedRows).toEqual({ provider: [[shared.id, stored.content_hash, true]] });
      await sink.finishPull(pull, { deactivate: true });

      await sink.resetPull(pull);
      expect((await load(pull, 'a.json', a)).sharedRows).toBeUndefined();
      const again = await load(pull, 'b.json', ...b);
      expect(again.provider).toEqual({ inserted: 0, updated: 0, unchanged: 2, superseded: 0 });
      expect(again.sharedRows).toEqual(first.sharedRows);
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

      // Deactivated by a full pull without it: updated_at moves too.
      const full = await newPull(db(), schemas.pullSchema);
      await load(full, 'f.json', {
        practitioners: [practitioner('D1', { specialties: ['interventional-cardiology'] })],
      });
      await sink.finishPull(full, { deactivate: true });
      const [, gone] = await practitionerRows();
      expect(gone?.active).toBe(false);
      expect(gone?.updated_at.getTime()).toBeGreaterThan(d2?.updated_at.getTime() ?? 0);
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
