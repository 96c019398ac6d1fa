import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  createRegistry,
  type HealthSystemPlugin,
  type PullSummary,
  processPull,
  replayPull,
} from '@provider-data/core';
import { type S3TestServer, startS3TestServer } from '@provider-data/core/testing';
import { fortisPlugin } from '@provider-data/plugin-fortis';
import { generateFortisPull } from '@provider-data/plugin-fortis/testing';
import {
  createDatabase,
  createPostgresPullStore,
  createPostgresReplayStore,
  createPostgresSink,
  type DatabaseHandle,
  migrate,
  registerPull,
} from '@provider-data/sink-postgres';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from './databases.js';

type Rule = (doctor: Record<string, unknown>) => { reason: string; message: string } | undefined;

/** Fortis as one version of its plugin was: doctors that `rule` names are quarantined whole. */
function fortisVersion(rule: Rule): typeof fortisPlugin {
  return {
    ...fortisPlugin,
    create(config) {
      const roles = fortisPlugin.create(config);
      return {
        source: roles.source,
        transformer: {
          transform(record, context) {
            const value = record.value as Record<string, unknown>;
            const issue = record.type === 'doctor' ? rule(value) : undefined;
            if (!issue) return roles.transformer.transform(record, context);
            return { issues: [{ entity: 'practitioner', sourceId: String(value.doctor_code), ...issue }] };
          },
        },
      };
    },
  };
}

const hasSpacedPhone = (d: Record<string, unknown>) => typeof d.mobile === 'string' && d.mobile.includes(' ');
const hasSpecialtyList = (d: Record<string, unknown>) =>
  typeof d.specialties === 'string' && d.specialties.includes('|');

/** The broken version: no `a|b` specialty lists, no phones with spaces. */
const brokenFortis = fortisVersion((d) => {
  if (hasSpecialtyList(d))
    return { reason: 'specialty_list', message: 'a list of specialties is not supported' };
  if (hasSpacedPhone(d)) return { reason: 'spaced_phone', message: 'a phone with spaces is not supported' };
  return undefined;
});
/** The fixed version: specialty lists read; phones with spaces still refused, under a new reason. */
const fixedFortis = fortisVersion((d) =>
  hasSpacedPhone(d) ? { reason: 'phone_format', message: 'phones with spaces are refused' } : undefined,
);

const TIMESTAMP = '20261120T053000Z';

describe.each(TEST_DATABASES)('replaying quarantined records on %s, files from S3', (_name, databaseUrl) => {
  let handle: DatabaseHandle;
  let s3: S3TestServer;
  let dir: string;
  let keys: string[];
  let names: { schema: string; pullSchema: string };
  const extraSchemas: string[] = [];

  beforeAll(async () => {
    if (!databaseUrl) return;
    handle = await createDatabase(databaseUrl);
    s3 = await startS3TestServer();
    dir = await mkdtemp(path.join(tmpdir(), 'pdm-replay-'));
    const generated = await generateFortisPull({
      seed: 20,
      doctors: 80,
      cities: 3,
      gzip: 'none',
      timestamp: TIMESTAMP,
      target: { dir },
    });
    keys = generated.keys;
    for (const key of keys) await s3.putFile(key, path.join(dir, ...key.split('/')));
  });
  afterAll(async () => {
    await s3?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
    await handle?.close();
  });
  beforeEach(async () => {
    if (!databaseUrl) return;
    names = await freshSchemas();
  });
  afterEach(async () => {
    if (!databaseUrl) return;
    for (const schema of [names.schema, names.pullSchema, ...extraSchemas.splice(0)])
      await sql`DROP SCHEMA IF EXISTS ${sql.id(schema)} CASCADE`.execute(handle.db);
  });

  async function freshSchemas() {
    const suffix = randomBytes(4).toString('hex');
    const schemas = { schema: `rp_${suffix}`, pullSchema: `rpc_${suffix}` };
    await migrate(handle.db, schemas);
    return schemas;
  }

  function parts(schemas = names) {
    return {
      pullStore: createPostgresPullStore(handle.db, schemas),
      sink: createPostgresSink(handle.db, schemas),
      replayStore: createPostgresReplayStore(handle.db, schemas),
      store: s3.store(),
    };
  }

  async function loadWith(plugin: HealthSystemPlugin, schemas = names) {
    const pull = await registerPull(
      handle.db,
      { healthSystem: 'fortis', pullTimestamp: TIMESTAMP, dataType: 'full' },
      schemas,
    );
    const result = await processPull({
      pullId: pull.pullId,
      registry: createRegistry().register(plugin),
      ...parts(schemas),
    });
    return { pull, summary: result.summary };
  }

  const replay = (pullId: string, options: { reason?: string; files?: boolean } = {}) =>
    replayPull({ pullId, registry: createRegistry().register(fixedFortis), ...parts(), ...options });

  /** Every canonical row as a clean load would make it: ids, content, active. */
  async function canonicalRows(schemas = names) {
    const scoped = handle.db.withSchema(schemas.schema);
    const pick = async (table: 'practitioners' | 'practices' | 'providers') =>
      (await scoped.selectFrom(table).select(['id', 'content_hash', 'active']).orderBy('id').execute()).map(
        (r) => `${r.id} ${r.content_hash} ${r.active}`,
      );
    return {
      practitioners: await pick('practitioners'),
      practices: await pick('practices'),
      providers: await pick('providers'),
    };
  }

  async function quarantineRows(pullId: string) {
    return handle.db
      .withSchema(names.schema)
      .selectFrom('quarantine')
      .select([
        'id',
        'source_id',
        'reason',
        'replay_reason',
        'resolved_at',
        'resolved_by',
        'replayed_by',
        'entity',
        'object_key',
      ])
      .where('pull_id', '=', pullId)
      .orderBy('id')
      .execute();
  }

  async function storedSummary(pullId: string): Promise<PullSummary & { status: string }> {
    const row = await handle.db
      .withSchema(names.pullSchema)
      .selectFrom('data_pulls')
      .select(['status', 'stats'])
      .where('pull_id', '=', pullId)
      .executeTakeFirstOrThrow();
    const stats = (typeof row.stats === 'string' ? JSON.parse(row.stats) : row.stats) as PullSummary;
    return { ...stats, status: row.status };
  }

  it.skipIf(!databaseUrl)(
    'loads what the fixed plugin passes with the ids of a clean load, keeps the rest with the new reason, and a second replay changes nothing',
    async () => {
      const { pull, summary: loaded } = await loadWith(brokenFortis);
      const byReason = loaded.quarantineByReason;
      expect(byReason.specialty_list).toBeGreaterThan(0);
      expect(byReason.spaced_phone).toBeGreaterThan(0);
      expect(loaded.reconciled).toBe(true);

      const first = await replay(pull.pullId);
      const spaced = (await quarantineRows(pull.pullId)).filter((r) => r.replay_reason === 'phone_format');
      // The records with a spaced phone fail again (some had a specialty list too, and said so first).
      expect(first.counts.rows.quarantined).toBe(spaced.length);
      expect(first.counts.quarantineByReason).toEqual({ phone_format: spaced.length });
      expect(first.counts.records).toEqual({
        replayed: byReason.specialty_list! + byReason.spaced_phone!,
        loaded: first.counts.rows.resolved,
        quarantined: spaced.length,
      });
      expect(first.counts.rows.resolved).toBeGreaterThan(0);

      // What a clean load with the plugin as it is now gives, in schemas of its own.
      const clean = await freshSchemas();
      extraSchemas.push(clean.schema, clean.pullSchema);
      const cleanLoad = await loadWith(fixedFortis, clean);
      expect(await canonicalRows()).toEqual(await canonicalRows(clean));
      const lineage = await handle.db
        .withSchema(names.schema)
        .selectFrom('practitioners')
        .select(['last_seen_pull_id', 'first_seen_pull_id'])
        .distinct()
        .execute();
      expect(lineage).toEqual([{ last_seen_pull_id: pull.pullId, first_seen_pull_id: pull.pullId }]);

      // Resolved rows say when and by which replay; kept ones keep their first reason beside the new.
      const rows = await quarantineRows(pull.pullId);
      const resolved = rows.filter((r) => r.resolved_at !== null);
      expect(resolved).toHaveLength(first.counts.rows.resolved);
      expect(resolved.every((r) => r.resolved_by === first.replayId)).toBe(true);
      const kept = rows.filter((r) => r.resolved_at === null);
      expect(kept.map((r) => r.replay_reason)).toEqual(kept.map(() => 'phone_format'));
      expect(new Set(kept.map((r) => r.reason))).toEqual(new Set(['specialty_list', 'spaced_phone']));

      // The summary gained the replay and still reconciles, to the counts of the clean load.
      const summary = await storedSummary(pull.pullId);
      expect(summary.status).toBe('processed');
      expect(summary.reconciled).toBe(true);
      expect(summary.records).toEqual(cleanLoad.summary.records);
      expect(summary.records.read).toBe(summary.records.loaded + summary.records.quarantined);
      expect(summary.quarantineByReason).toEqual(cleanLoad.summary.quarantineByReason);
      for (const entity of ['practitioner', 'practice', 'provider'] as const) {
        const c = summary.entities[entity];
        expect(c.read).toBe(c.inserted + c.updated + c.unchanged + c.superseded + c.quarantined);
        expect(c.quarantined).toBe(cleanLoad.summary.entities[entity].quarantined);
      }
      expect(summary.replays?.map((r) => r.replayId)).toEqual([first.replayId]);
      const { status: _status, ...stored } = summary;
      expect(first.summary).toEqual(stored);

      // A second replay: the same rows fail with the same reason, nothing is written.
      const before = await canonicalRows();
      const updatedAt = await handle.db
        .withSchema(names.schema)
        .selectFrom('practitioners')
        .select(['id', 'updated_at'])
        .orderBy('id')
        .execute();
      const second = await replay(pull.pullId);
      expect(second.counts.rows).toEqual({
        resolved: 0,
        quarantined: spaced.length,
        reread: 0,
        notReplayable: 0,
      });
      expect(second.counts.entities.practitioner.written).toBe(0);
      expect(await canonicalRows()).toEqual(before);
      expect(
        await handle.db
          .withSchema(names.schema)
          .selectFrom('practitioners')
          .select(['id', 'updated_at'])
          .orderBy('id')
          .execute(),
      ).toEqual(updatedAt);
      const again = await storedSummary(pull.pullId);
      expect({ ...again, replays: undefined, status: undefined }).toEqual({
        ...summary,
        replays: undefined,
        status: undefined,
      });
      expect(again.replays).toHaveLength(2);
    },
  );

  it.skipIf(!databaseUrl)('takes only the rows of the reason asked for', async () => {
    const { pull, summary: loaded } = await loadWith(brokenFortis);
    const result = await replay(pull.pullId, { reason: 'spaced_phone' });
    expect(result.counts.records.replayed).toBe(loaded.quarantineByReason.spaced_phone);
    expect(result.counts.rows.resolved).toBe(0);
    const rows = await quarantineRows(pull.pullId);
    for (const row of rows) {
      if (row.reason === 'spaced_phone') expect(row.replay_reason).toBe('phone_format');
      else expect(row.replayed_by).toBeNull();
    }
    // The new reason is matched too: a replay asked for phone_format takes the same rows.
    const again = await replay(pull.pullId, { reason: 'phone_format' });
    expect(again.counts.records.replayed).toBe(loaded.quarantineByReason.spaced_phone);
    expect((await storedSummary(pull.pullId)).reconciled).toBe(true);
  });

  it.skipIf(!databaseUrl)(
    're-reads a file that was cut off when the pull ran only with files, to the counts of a clean load',
    async () => {
      const key = keys.find((k) => k.endsWith('doctors.ndjson')) as string;
      const whole = await readFile(path.join(dir, ...key.split('/')), 'utf8');
      // The delivery was still being copied: the file ends part way through a line.
      await s3.put(key, whole.slice(0, Math.floor(whole.length / 2)));
      try {
        const { pull, summary: loaded } = await loadWith(fixedFortis);
        expect(loaded.files.failed.map((f) => [f.key, f.reason])).toEqual([[key, 'truncated_file']]);
        await s3.put(key, whole);

        const records = await replay(pull.pullId);
        expect(records.counts.filesReread).toEqual([]);
        expect((await storedSummary(pull.pullId)).files.failed).toHaveLength(1);

        const open = (await quarantineRows(pull.pullId)).filter((r) => r.object_key === key);
        const files = await replay(pull.pullId, { files: true });
        expect(files.counts.filesReread).toEqual([{ key, status: 'loaded' }]);
        const summary = await storedSummary(pull.pullId);
        expect(summary.files.failed).toEqual([]);
        expect(summary.reconciled).toBe(true);
        const fileRow = (await quarantineRows(pull.pullId)).find((r) => r.entity === 'file');
        expect(fileRow).toMatchObject({ reason: 'truncated_file', resolved_by: files.replayId });
        // The file row and the rows of its records: closed, the re-read's own rows say what fails now.
        expect(files.counts.rows.reread).toBe(open.length);

        const clean = await freshSchemas();
        extraSchemas.push(clean.schema, clean.pullSchema);
        const cleanLoad = await loadWith(fixedFortis, clean);
        expect(await canonicalRows()).toEqual(await canonicalRows(clean));
        expect(summary.records).toEqual(cleanLoad.summary.records);
        expect(summary.quarantineByReason).toEqual(cleanLoad.summary.quarantineByReason);
      } finally {
        await s3.put(key, whole);
      }
    },
  );

  it.skipIf(!databaseUrl)(
    'leaves what a newer pull stored as it stored it, and still resolves the rows',
    async () => {
      const { pull: older } = await loadWith(brokenFortis);
      const later = '20261127T053000Z';
      const generated = await generateFortisPull({
        seed: 20,
        doctors: 80,
        cities: 3,
        gzip: 'none',
        timestamp: later,
        target: { dir },
      });
      for (const key of generated.keys) await s3.putFile(key, path.join(dir, ...key.split('/')));
      const newer = await registerPull(
        handle.db,
        { healthSystem: 'fortis', pullTimestamp: later, dataType: 'full' },
        names,
      );
      await processPull({
        pullId: newer.pullId,
        registry: createRegistry().register(fixedFortis),
        ...parts(),
      });
      const before = await canonicalRows();

      const result = await replay(older.pullId);
      expect(result.counts.rows.resolved).toBeGreaterThan(0);
      expect(result.counts.keptNewer).toBeGreaterThan(0);
      expect(result.counts.entities.practitioner.written).toBe(0);
      expect(await canonicalRows()).toEqual(before);
      const lastSeen = await handle.db
        .withSchema(names.schema)
        .selectFrom('practitioners')
        .select('last_seen_pull_id')
        .distinct()
        .execute();
      expect(lastSeen).toEqual([{ last_seen_pull_id: newer.pullId }]);
      expect((await storedSummary(older.pullId)).reconciled).toBe(true);
    },
  );

  it.skipIf(!databaseUrl)('refuses a pull that is not processed, and one being processed', async () => {
    const pull = await registerPull(
      handle.db,
      { healthSystem: 'fortis', pullTimestamp: TIMESTAMP, dataType: 'full' },
      names,
    );
    await expect(replay(pull.pullId)).rejects.toMatchObject({ code: 'pull_not_processed' });
    const { pull: done } = await loadWith(brokenFortis);
    const { pullStore } = parts();
    const claim = await pullStore.claim(done.pullId, { workerId: 'other', leaseMs: 60_000, reprocess: true });
    await expect(replay(done.pullId)).rejects.toMatchObject({ code: 'pull_not_processed' });
    await pullStore.release(claim);
  });
});
