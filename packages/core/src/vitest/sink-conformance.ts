import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { Practice } from '../model/practice.js';
import { Practitioner } from '../model/practitioner.js';
import { Provider } from '../model/provider.js';
import type { QuarantineRecord } from '../model/quarantine.js';
import { finishPullRun } from '../pipeline/pull-plan.js';
import { summarizePull } from '../pipeline/summarize.js';
import {
  type CanonicalEntity,
  entityReconciles,
  type FileResult,
  type PullSummary,
} from '../pipeline/summary.js';
import type { DataPull } from '../pull/data-pull.js';
import { committedFileResult } from '../sink/load-counts.js';
import type { CanonicalBatch, Sink } from '../sink/sink.js';
import {
  fullyStoredRecords,
  testFileResult,
  testPractice,
  testPractitioner,
  testProvider,
  testQuarantineRow,
} from '../testing/canonical-fixtures.js';

/** A row as a sink stored it: the canonical record and the lineage the sink keeps. */
export type StoredCanonical<T> = T & {
  contentHash: string;
  firstSeenPullId: string;
  lastSeenPullId: string;
  /** When the row's content or `active` last changed, when the sink keeps it. */
  updatedAt?: Date;
};

/** Every canonical row a sink holds, active or not, read back as canonical records. */
export interface CanonicalRows {
  practitioners: StoredCanonical<Practitioner>[];
  practices: StoredCanonical<Practice>[];
  providers: StoredCanonical<Provider>[];
}

/**
 * One sink under test, fresh for each case: its own empty tables. The read
 * helpers read what the sink stored by its own means (SQL for a database
 * sink), not through the sink.
 */
export interface SinkUnderTest {
  sink: Sink;
  /** A new pull of the fixtures' health system (`TEST_HEALTH_SYSTEM`) that the sink may write, e.g. a registered `data_pulls` row. */
  createPull(dataType: 'full' | 'incremental'): Promise<DataPull>;
  /**
   * Every canonical row stored, each as the canonical record (every field of
   * its zod schema under its own name and type) plus its lineage. Read
   * generically (every column, by name), so that a field the sink does not
   * store reads as missing.
   */
  readCanonical(): Promise<CanonicalRows>;
  /** Every quarantine row stored. */
  readQuarantine(): Promise<QuarantineRecord[]>;
  /** Frees what `create` made (schemas, connections). */
  close(): Promise<void>;
}

/** Options of {@link sinkConformanceSuite}. */
export interface SinkConformanceOptions {
  /** Shown in the suite's name. */
  name: string;
  /** Called once before the first case: opens what the cases share (a database). */
  setup?(): Promise<void>;
  /** Makes a fresh sink under test; called before each case. */
  create(): Promise<SinkUnderTest>;
  /** Called once after the last case: closes what the cases shared. */
  teardown?(): Promise<void>;
  /** Skip the suite (a database that is not configured). */
  skip?: boolean;
}

type Batch = Partial<CanonicalBatch>;

const ENTITIES: readonly CanonicalEntity[] = ['practitioner', 'practice', 'provider'];

/**
 * The result the pipeline would pass to `commit` for a file of `batch`:
 * every record read, the quarantine rows counted by entity and reason.
 */
function resultOf(key: string, batch: CanonicalBatch, status: FileResult['status']): FileResult {
  const result = testFileResult(key, { status });
  result.entities.practitioner.read = batch.practitioners.length;
  result.entities.practice.read = batch.practices.length;
  result.entities.provider.read = batch.providers.length;
  for (const row of batch.quarantine) {
    result.quarantineByReason[row.reason] = (result.quarantineByReason[row.reason] ?? 0) + 1;
    if (row.entity !== 'file') {
      result.entities[row.entity].read++;
      result.entities[row.entity].quarantined++;
    }
  }
  const raw = batch.practitioners.length + batch.quarantine.length;
  result.records = { read: raw, loaded: batch.practitioners.length, quarantined: batch.quarantine.length };
  if (status === 'failed') result.error = { reason: 'truncated', message: 'the file ends part way' };
  return result;
}

function full(batch: Batch): CanonicalBatch {
  return {
    practitioners: batch.practitioners ?? [],
    practices: batch.practices ?? [],
    providers: batch.providers ?? [],
    quarantine: batch.quarantine ?? [],
  };
}

/** Writes one file as the pipeline does (one batch, then the commit) and returns its checkpoint. */
async function loadFile(
  sink: Sink,
  pull: DataPull,
  key: string,
  batch: Batch,
  status: FileResult['status'] = 'loaded',
): Promise<FileResult> {
  const whole = full(batch);
  const writer = await sink.openFile(pull, { key, size: 0 });
  await writer.write(whole);
  const counts = await writer.commit(resultOf(key, whole, status));
  return committedFileResult(resultOf(key, whole, status), counts);
}

/** Finishes a pull as the pipeline does (the one deactivation rule) and sums its summary. */
async function finish(sink: Sink, pull: DataPull, results: FileResult[]): Promise<PullSummary> {
  const finished = await finishPullRun(sink, pull, results, undefined);
  return summarizePull({
    pull,
    files: results.length,
    processed: results.length,
    resumed: 0,
    results,
    finish: finished,
    enrichment: {},
    started: Date.now(),
  });
}

const byId = <T extends { id: string }>(rows: readonly T[], id: string): T | undefined =>
  rows.find((row) => row.id === id);

const SCHEMAS = {
  practitioners: Practitioner,
  practices: Practice,
  providers: Provider,
} as const satisfies Record<keyof CanonicalRows, z.ZodObject>;

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

    it('quarantines a record it cannot encode as unencodable_record and commits the rest of the file', async () => {
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
      const after = (await sut.readCanonical()).practices.sort((x, y) =>
        x.sourceId.localeCompare(y.sourceId),
      );
      expect(
        after.map((r) => [r.name, r.enrichmentStatus, r.googlePlaceId, r.enrichmentEvidence?.rule ?? null]),
      ).toEqual([
        ['Apollo Main', 'matched', 'ChIJ-apollo', 'matched'],
        ['Apollo Hospitals H2', 'failed', null, null],
      ]);
    });

    it('stores every field of the canonical schemas and reads it back as written', async () => {
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
  });
}
