// Poison records and unreadable encodings, through the real sink (PostgreSQL,
// or PGlite when PDM_TEST_DATABASE_URL is not set): a valid Fortis doctor and
// a valid Apollo doctor with an extra field nested 5,000 arrays deep (the
// 10.6 KB line that made JSON.stringify overflow the stack in the sink and
// failed every rerun), and a UTF-16 file of each format. Each costs itself
// only, with a reason of its own; the pull ends processed and reconciles.
import { randomUUID } from 'node:crypto';
import {
  createRegistry,
  type ObjectStore,
  processPull,
  type PullSummary,
  type RecordLimits,
} from '@provider-data/core';
import { createMemoryObjectStore } from '@provider-data/core/testing';
import { apolloPlugin } from '@provider-data/plugin-apollo';
import { generateApolloPull, SAMPLE_APOLLO_DOCTOR } from '@provider-data/plugin-apollo/testing';
import { fortisPlugin } from '@provider-data/plugin-fortis';
import { generateFortisPull, SAMPLE_FORTIS_DOCTOR } from '@provider-data/plugin-fortis/testing';
import {
  createDatabase,
  createPostgresPullStore,
  createPostgresSink,
  type DatabaseHandle,
  registerPull,
} from '@provider-data/sink-postgres';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordFigure } from './figures.js';
import {
  DATABASE_URL,
  FAULT_SEED,
  freshSchemas,
  reconcileProblems,
  type SchemaPair,
} from './support/harness.js';

const DEEP = `${'['.repeat(5000)}${']'.repeat(5000)}`;
const FORTIS_DOCTOR = { ...SAMPLE_FORTIS_DOCTOR, doctor_code: 'FD-DEEP-1', facility_codes: 'FH-NOWHERE' };
const APOLLO_DOCTOR = {
  ...SAMPLE_APOLLO_DOCTOR,
  doctorId: 'AD-DEEP-1',
  practiceLocations: [{ hospitalId: 'AH-NOWHERE', fee: '₹ 1,200' }],
};
/** A record's JSON with the deep field added: JSON.stringify cannot write it. */
const withDeepField = (record: object) => `${JSON.stringify(record).slice(0, -1)},"extra":${DEEP}}`;
const utf16 = (text: string) => Buffer.from(`\uFEFF${text}`, 'utf16le');

const figures: Record<string, unknown> = {};

describe('poison records and unreadable encodings, through the real sink', () => {
  let handle: DatabaseHandle;
  let schemas: SchemaPair | undefined;
  const registry = createRegistry().register(apolloPlugin).register(fortisPlugin);
  const pulls: Record<
    'fortis' | 'apollo',
    {
      store: ObjectStore;
      expected: { read: number; quarantined: number };
      reasons: Record<string, number>;
      files: number;
      failed: number;
      deepLine: string;
      timestamp: string;
    }
  > = {} as never;

  beforeAll(async () => {
    handle = await createDatabase(DATABASE_URL ?? 'memory://', { applicationName: 'pdm-fault-poison' });
    const fortisStore = createMemoryObjectStore();
    const fortis = await generateFortisPull({
      seed: FAULT_SEED,
      doctors: 300,
      cities: 3,
      dirt: 0.05,
      target: { store: fortisStore },
    });
    const fortisPrefix = `fortis/datapulls/${fortis.pullTimestamp}/by_city/`;
    const fortisDeep = withDeepField(FORTIS_DOCTOR);
    fortisStore.put(`${fortisPrefix}poison/doctors.ndjson`, `${fortisDeep}\n`);
    fortisStore.put(
      `${fortisPrefix}encoded/doctors.ndjson`,
      utf16(`${JSON.stringify({ ...FORTIS_DOCTOR, doctor_code: 'FD-UTF16-1' })}\n`),
    );
    const apolloStore = createMemoryObjectStore();
    const apollo = await generateApolloPull({
      seed: FAULT_SEED,
      doctors: 300,
      cities: 3,
      dirt: 0.05,
      target: { store: apolloStore },
    });
    const apolloPrefix = `apollo/datapulls/${apollo.pullTimestamp}/by_city/`;
    const apolloDeep = withDeepField(APOLLO_DOCTOR);
    apolloStore.put(`${apolloPrefix}Poison.json`, `{"hospitals":[],"doctors":[${apolloDeep}]}`);
    apolloStore.put(
      `${apolloPrefix}Encoded.json`,
      utf16(JSON.stringify({ hospitals: [], doctors: [{ ...APOLLO_DOCTOR, doctorId: 'AD-UTF16-1' }] })),
    );
    for (const [system, generated, store, deepLine] of [
      ['fortis', fortis, fortisStore, fortisDeep],
      ['apollo', apollo, apolloStore, apolloDeep],
    ] as const) {
      const { expected } = generated;
      pulls[system] = {
        store,
        // One record more read, and quarantined; two files more, one of them failed.
        expected: { read: expected.records.read + 1, quarantined: expected.records.quarantined + 1 },
        reasons: expected.quarantineByReason,
        files: expected.files + 2,
        failed: expected.failedFiles + 1,
        deepLine,
        timestamp: generated.pullTimestamp,
      };
    }
    expect(fortisDeep.length).toBeGreaterThan(10_000);
  }, 120_000);

  afterAll(async () => {
    await schemas?.drop();
    await handle?.close();
    if (Object.keys(figures).length > 0)
      await recordFigure('poison', { database: DATABASE_URL ? 'postgres' : 'pglite', ...figures });
  });

  async function run(
    system: 'fortis' | 'apollo',
    recordLimits?: Partial<RecordLimits>,
  ): Promise<{ summary: PullSummary; pullId: string }> {
    schemas ??= await freshSchemas(handle.db, 'poison');
    const pullId = randomUUID();
    const pullTimestamp = pulls[system].timestamp;
    await registerPull(handle.db, { pullId, healthSystem: system, pullTimestamp, dataType: 'full' }, schemas);
    const options = {
      pullId,
      registry,
      pullStore: createPostgresPullStore(handle.db, schemas),
      sink: createPostgresSink(handle.db, schemas),
      store: pulls[system].store,
      recordLimits,
    };
    const result = await processPull(options);
    expect(result.status).toBe('processed');
    // Every rerun used to fail the same way; one now ends as the first run did.
    const rerun = await processPull({ ...options, reprocess: true });
    expect(rerun.status).toBe('processed');
    expect(rerun.summary.records).toEqual(result.summary.records);
    expect(rerun.summary.quarantineByReason).toEqual(result.summary.quarantineByReason);
    return { summary: result.summary, pullId };
  }

  const quarantine = async (pullId: string, reason: string) =>
    (
      await sql<{
        entity: string;
        position: string | null;
        source_id: string | null;
        message: string;
        raw: string | null;
        object_key: string;
      }>`
        SELECT entity, position, source_id, message, raw, object_key FROM ${sql.table(`${schemas!.schema}.quarantine`)}
         WHERE pull_id = ${pullId}::uuid AND reason = ${reason} ORDER BY id`.execute(handle.db)
    ).rows;

  for (const system of ['fortis', 'apollo'] as const) {
    it(`${system}: the deep field is quarantined as record_too_deep, the UTF-16 file fails as unsupported_encoding, the pull ends processed`, async () => {
      const { summary, pullId } = await run(system);
      const pull = pulls[system];
      expect(reconcileProblems(summary)).toEqual([]);
      expect(summary.records).toMatchObject(pull.expected);
      expect(summary.files.total).toBe(pull.files);
      expect(summary.files.failed).toHaveLength(pull.failed);
      expect(summary.quarantineByReason).toEqual({
        ...pull.reasons,
        record_too_deep: 1,
        unsupported_encoding: 1,
      });
      const [deep] = await quarantine(pullId, 'record_too_deep');
      expect(deep).toMatchObject({
        entity: 'practitioner',
        message: 'field "extra" nests arrays or objects deeper than 64 levels',
        raw: pull.deepLine,
      });
      const [encoded] = await quarantine(pullId, 'unsupported_encoding');
      expect(encoded?.entity).toBe('file');
      expect(encoded?.message).toContain('the file is UTF-16LE (by its byte-order mark); only UTF-8 is read');
      figures[system] = {
        deepLineBytes: pull.deepLine.length,
        recordsRead: summary.records.read,
        quarantined: summary.records.quarantined,
        recordTooDeep: 1,
        unsupportedEncoding: encoded?.object_key,
        reconciled: summary.reconciled,
      };
    });

    it(`${system}: with the depth bound lifted, the sink itself quarantines the record it cannot encode (unencodable_record), and the pull ends processed`, async () => {
      const { summary, pullId } = await run(system, { maxDepth: 10_000 });
      expect(reconcileProblems(summary)).toEqual([]);
      expect(summary.quarantineByReason.unencodable_record).toBe(1);
      expect(summary.quarantineByReason.record_too_deep).toBeUndefined();
      const [row] = await quarantine(pullId, 'unencodable_record');
      expect(row).toMatchObject({
        entity: 'practitioner',
        source_id: system === 'fortis' ? 'FD-DEEP-1' : 'AD-DEEP-1',
        message: 'the sink could not encode this practitioner: Maximum call stack size exceeded',
      });
      (figures[system] as Record<string, unknown>).unencodableWithBoundLifted = 1;
    });
  }
});
