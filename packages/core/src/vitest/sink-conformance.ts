import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { entityReconciles } from '../pipeline/summary.js';
import {
  testPractice,
  testPractitioner,
  testProvider,
  testQuarantineRow,
} from '../testing/canonical-fixtures.js';
import { recordCases } from './sink-conformance-records.js';
import {
  type Batch,
  byId,
  type CanonicalRows,
  ENTITIES,
  finish,
  full,
  loadFile,
  resultOf,
  type SinkConformanceOptions,
  type SinkUnderTest,
} from './sink-conformance-support.js';

export type {
  CanonicalRows,
  SinkConformanceOptions,
  SinkUnderTest,
  StoredCanonical,
} from './sink-conformance-support.js';

/**
 * The suite every {@link Sink} runs on itself, so that all sinks keep the
 * contract alike: a file's counts reconcile with what was written, a rerun
 * changes nothing, a full pull deactivates what it did not contain (and
 * only a full pull with no failed file does), a pull resumes after a file
 * failed with nothing of that file kept, providers resolve against
 * practices of earlier and later files, and every field of the canonical
 * schemas is stored and read back as written. It writes through the sink's
 * own API as the pipeline does, and reads back with the factory's helpers.
 * Call it at the top level of a test file.
 *
 * ### Examples
 * ```ts
 * import { createMemorySink, TEST_HEALTH_SYSTEM } from '@provider-data/core/testing';
 * import { sinkConformanceSuite } from '@provider-data/core/vitest';
 * import { randomUUID } from 'node:crypto';
 *
 * sinkConformanceSuite({
 *   name: 'memory',
 *   async create() {
 *     const sink = createMemorySink();
 *     return {
 *       sink,
 *       createPull: async (dataType) => ({
 *         pullId: randomUUID(), healthSystem: TEST_HEALTH_SYSTEM, pullTimestamp: '20261120T053000Z',
 *         dataType, bucket: null, status: 'processing',
 *       }),
 *       readCanonical: async () => structuredClone({
 *         practitioners: [...sink.practitioners.values()],
 *         practices: [...sink.practices.values()],
 *         providers: [...sink.providers.values()],
 *       }),
 *       readQuarantine: async () => structuredClone(sink.quarantine),
 *       close: async () => {},
 *     };
 *   },
 * });
 * ```
 */
export function sinkConformanceSuite(options: SinkConformanceOptions): void {
  describe.skipIf(options.skip ?? false)(`${options.name} sink conformance`, () => {
    let sut: SinkUnderTest;
    beforeAll(async () => {
      await options.setup?.();
    });
    beforeEach(async () => {
      sut = await options.create();
    });
    afterEach(async () => {
      await sut?.close();
    });
    afterAll(async () => {
      await options.teardown?.();
    });

    it('counts what a file wrote so that it reconciles, and stores the checkpoint with those counts', async () => {
      const pull = await sut.createPull('full');
      const batch: Batch = {
        practitioners: [
          testPractitioner('D1'),
          testPractitioner('D2'),
          testPractitioner('D1', { phone: null }),
        ],
        practices: [testPractice('H1'), testPractice('H2')],
        providers: [testProvider('D1', 'H1'), testProvider('D2', 'H2')],
        quarantine: [testQuarantineRow(pull, 'a.json')],
      };
      const result = await loadFile(sut.sink, pull, 'a.json', batch);
      expect(result.entities.practitioner).toMatchObject({ inserted: 2, superseded: 1 });
      expect(result.entities.practice).toMatchObject({ inserted: 2 });
      for (const entity of ['practitioner', 'practice'] as const) {
        expect(entityReconciles(result.entities[entity]), entity).toBe(true);
      }
      const checkpoints = await sut.sink.checkpoints(pull);
      expect([...checkpoints.keys()]).toEqual(['a.json']);
      expect(checkpoints.get('a.json')).toEqual(result);

      const summary = await finish(sut.sink, pull, [result]);
      expect(summary.entities.provider).toMatchObject({ read: 2, inserted: 2 });
      expect(summary.reconciled).toBe(true);
      const rows = await sut.readCanonical();
      expect(rows.practitioners).toHaveLength(2);
      // The later of two entries with one source id wins.
      expect(byId(rows.practitioners, testPractitioner('D1').id)?.phone).toBeNull();
      const quarantine = (await sut.readQuarantine()).filter((q) => q.pullId === pull.pullId);
      expect(quarantine).toHaveLength(Object.values(summary.quarantineByReason).reduce((a, b) => a + b, 0));
    });

    it('rewrites nothing on a rerun: the same pull reset and loaded again, and a new pull of the same content', async () => {
      const batch: Batch = {
        practitioners: [testPractitioner('D1'), testPractitioner('D2')],
        practices: [testPractice('H1')],
        providers: [testProvider('D1', 'H1'), testProvider('D2', 'H1')],
      };
      const first = await sut.createPull('full');
      await finish(sut.sink, first, [await loadFile(sut.sink, first, 'a.json', batch)]);
      const before = await sut.readCanonical();

      await sut.sink.resetPull(first);
      expect((await sut.sink.checkpoints(first)).size).toBe(0);
      const again = await finish(sut.sink, first, [await loadFile(sut.sink, first, 'a.json', batch)]);
      for (const entity of ENTITIES) {
        expect(again.entities[entity], entity).toMatchObject({
          inserted: 0,
          updated: 0,
          unchanged: 2 - Number(entity === 'practice'),
        });
      }
      expect(await sut.readCanonical()).toEqual(before);

      const second = await sut.createPull('full');
      const rerun = await finish(sut.sink, second, [await loadFile(sut.sink, second, 'a.json', batch)]);
      for (const entity of ENTITIES) {
        expect(rerun.entities[entity].inserted + rerun.entities[entity].updated, entity).toBe(0);
      }
      expect(rerun.deactivated).toEqual({ practitioner: 0, practice: 0, provider: 0 });
      const after = await sut.readCanonical();
      for (const table of ['practitioners', 'practices', 'providers'] as const) {
        const lineage = (rows: CanonicalRows) =>
          rows[table]
            .map((row) => ({ ...row, lastSeenPullId: undefined }))
            .sort((a, b) => a.id.localeCompare(b.id));
        expect(lineage(after), table).toEqual(lineage(before));
        for (const row of after[table]) {
          expect(row.lastSeenPullId, table).toBe(second.pullId);
          expect(row.firstSeenPullId, table).toBe(first.pullId);
        }
      }
    });

    it('deactivates on a full pull with every file loaded what the pull did not contain, and never otherwise', async () => {
      const first = await sut.createPull('full');
      await finish(sut.sink, first, [
        await loadFile(sut.sink, first, 'a.json', {
          practitioners: [testPractitioner('D1'), testPractitioner('D2')],
          practices: [testPractice('H1'), testPractice('H2')],
          providers: [testProvider('D1', 'H1'), testProvider('D2', 'H2')],
        }),
      ]);
      const only: Batch = {
        practitioners: [testPractitioner('D1')],
        practices: [testPractice('H1')],
        providers: [testProvider('D1', 'H1')],
      };
      const incremental = await sut.createPull('incremental');
      const partial = await finish(sut.sink, incremental, [
        await loadFile(sut.sink, incremental, 'a.json', only),
      ]);
      expect(partial.deactivated).toEqual({ practitioner: 0, practice: 0, provider: 0 });
      const broken = await sut.createPull('full');
      const failed = await finish(sut.sink, broken, [
        await loadFile(sut.sink, broken, 'a.json', only, 'failed'),
      ]);
      expect(failed.deactivated).toEqual({ practitioner: 0, practice: 0, provider: 0 });
      expect((await sut.readCanonical()).practitioners.every((row) => row.active)).toBe(true);

      const fullPull = await sut.createPull('full');
      const summary = await finish(sut.sink, fullPull, [await loadFile(sut.sink, fullPull, 'a.json', only)]);
      expect(summary.deactivated).toEqual({ practitioner: 1, practice: 1, provider: 1 });
      const rows = await sut.readCanonical();
      expect(byId(rows.practitioners, testPractitioner('D2').id)?.active).toBe(false);
      expect(byId(rows.practices, testPractice('H2').id)?.active).toBe(false);
      expect(byId(rows.providers, testProvider('D2', 'H2').id)?.active).toBe(false);
      expect(byId(rows.practitioners, testPractitioner('D1').id)?.active).toBe(true);

      // Seen again: active again, and counted as an update.
      const back = await sut.createPull('incremental');
      const again = await loadFile(sut.sink, back, 'a.json', { practitioners: [testPractitioner('D2')] });
      expect(again.entities.practitioner).toMatchObject({ inserted: 0, updated: 1, unchanged: 0 });
      expect(byId((await sut.readCanonical()).practitioners, testPractitioner('D2').id)?.active).toBe(true);
    });

    it('keeps the stored checkpoint of a file when a commit is opened with checkpoint: false', async () => {
      const pull = await sut.createPull('full');
      const first = await loadFile(sut.sink, pull, 'a.json', { practitioners: [testPractitioner('D1')] });
      // A replay writes to a file the pull already finished, without a checkpoint of its own.
      const later = full({ practitioners: [testPractitioner('D1'), testPractitioner('D2')] });
      const writer = await sut.sink.openFile(pull, { key: 'a.json', size: 0 }, { checkpoint: false });
      await writer.write(later);
      await writer.commit(resultOf('a.json', later, 'loaded'));
      expect(await sut.sink.checkpoints(pull)).toEqual(new Map([['a.json', first]]));
      expect((await sut.readCanonical()).practitioners.map((row) => row.sourceId).sort()).toEqual([
        'D1',
        'D2',
      ]);
    });

    it('resumes after a file failed: nothing of the failed file is kept, and the rerun ends as one clean run', async () => {
      const pull = await sut.createPull('full');
      const a: Batch = { practitioners: [testPractitioner('D1')], practices: [testPractice('H1')] };
      const b: Batch = {
        practitioners: [testPractitioner('D2')],
        providers: [testProvider('D1', 'H1'), testProvider('D2', 'H1')],
        quarantine: [testQuarantineRow(pull, 'b.json')],
      };
      const first = await loadFile(sut.sink, pull, 'a.json', a);
      // The run breaks in file b (infrastructure): the pipeline aborts its writer.
      const writer = await sut.sink.openFile(pull, { key: 'b.json', size: 0 });
      await writer.write(full(b));
      await writer.abort();
      expect([...(await sut.sink.checkpoints(pull)).keys()]).toEqual(['a.json']);
      expect((await sut.sink.checkpoints(pull)).get('a.json')).toEqual(first);
      expect((await sut.readCanonical()).practitioners.map((row) => row.sourceId)).toEqual(['D1']);
      expect((await sut.readQuarantine()).filter((q) => q.pullId === pull.pullId)).toEqual([]);

      // The rerun skips the checkpointed file.
      const checkpoints = await sut.sink.checkpoints(pull);
      const second = await loadFile(sut.sink, pull, 'b.json', b);
      const summary = await finish(sut.sink, pull, [...checkpoints.values(), second]);
      expect(summary.reconciled).toBe(true);
      expect(summary.entities.practitioner).toMatchObject({ read: 3, inserted: 2, quarantined: 1 });
      expect(summary.entities.provider).toMatchObject({ read: 2, inserted: 2 });
      const rows = await sut.readCanonical();
      expect(rows.practitioners.map((row) => row.sourceId).sort()).toEqual(['D1', 'D2']);
      expect(rows.providers).toHaveLength(2);
      expect((await sut.readQuarantine()).filter((q) => q.pullId === pull.pullId)).toHaveLength(1);
    });

    it('resolves providers across files, and quarantines one whose practice is in no file and not stored', async () => {
      const pull = await sut.createPull('incremental');
      const results = [
        // D1 works at H1 (listed in this file) and at H2 (listed only in the next file).
        await loadFile(sut.sink, pull, 'a.json', {
          practitioners: [testPractitioner('D1')],
          practices: [testPractice('H1')],
          providers: [testProvider('D1', 'H1'), testProvider('D1', 'H2')],
        }),
        // D2's practice H1 came in the previous file; H9 is nowhere.
        await loadFile(sut.sink, pull, 'b.json', {
          practitioners: [testPractitioner('D2')],
          practices: [testPractice('H2')],
          providers: [testProvider('D2', 'H1'), testProvider('D2', 'H9')],
        }),
      ];
      const summary = await finish(sut.sink, pull, results);
      expect(summary.entities.provider).toMatchObject({ read: 4, inserted: 3, quarantined: 1 });
      expect(summary.quarantineByReason).toEqual({ unknown_practice: 1 });
      expect(summary.reconciled).toBe(true);
      const rows = await sut.readCanonical();
      expect(rows.providers.map((row) => row.id).sort()).toEqual(
        [testProvider('D1', 'H1'), testProvider('D1', 'H2'), testProvider('D2', 'H1')]
          .map((p) => p.id)
          .sort(),
      );
      const unknown = (await sut.readQuarantine()).filter((q) => q.pullId === pull.pullId);
      expect(unknown.map((q) => [q.entity, q.reason, q.sourceId])).toEqual([
        ['provider', 'unknown_practice', 'D2@H9'],
      ]);
    });

    it("lets a later file's merged provider supersede what an earlier file left pending", async () => {
      const pull = await sut.createPull('incremental');
      // D1@H1 is merged at the first commit; D2@H2 waits (H2 is not stored yet).
      const a = await loadFile(sut.sink, pull, 'a.json', {
        practitioners: [testPractitioner('D1'), testPractitioner('D2')],
        practices: [testPractice('H1')],
        providers: [testProvider('D1', 'H1'), testProvider('D2', 'H2', { designation: 'first' })],
      });
      expect(a.entities.provider).toMatchObject({ inserted: 1, superseded: 0 });
      // The second file brings H2 and D2@H2 again: merged, and the pending entry replaced.
      const b = await loadFile(sut.sink, pull, 'b.json', {
        practices: [testPractice('H2')],
        providers: [testProvider('D2', 'H2', { designation: 'second' })],
      });
      expect(b.entities.provider).toMatchObject({ inserted: 1, superseded: 1 });
      const summary = await finish(sut.sink, pull, [a, b]);
      expect(summary.entities.provider).toMatchObject({
        read: 3,
        inserted: 2,
        superseded: 1,
        quarantined: 0,
      });
      expect(summary.reconciled).toBe(true);
      const designations = (await sut.readCanonical()).providers.map((row) => row.designation).sort();
      expect(designations).toEqual(['Senior Consultant', 'second']);
    });
    recordCases(() => sut);
  });
}
