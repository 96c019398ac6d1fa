import { randomBytes } from 'node:crypto';
import { createRegistry, processPull, type PullSummary } from '@provider-data/core';
import { createMemoryObjectStore } from '@provider-data/core/testing';
import { apolloPlugin } from '@provider-data/plugin-apollo';
import { generateApolloPull } from '@provider-data/plugin-apollo/testing';
import { fortisPlugin } from '@provider-data/plugin-fortis';
import { generateFortisPull } from '@provider-data/plugin-fortis/testing';
import {
  createDatabase,
  createPostgresPullStore,
  createPostgresSink,
  type DatabaseHandle,
  migrate,
  registerPull,
} from '@provider-data/sink-postgres';
import { sql } from 'kysely';

/** The databases the report is tested on: PGlite always, PostgreSQL when `PDM_TEST_DATABASE_URL` is set. */
export const targets = [
  { name: 'pglite', url: 'memory://' },
  { name: 'postgres', url: process.env.PDM_TEST_DATABASE_URL },
] as const;

/** A generated pull as the tests load it. */
export interface PullSpec {
  system: 'apollo' | 'fortis';
  seed: number;
  doctors: number;
  cities: number;
  dirt: number;
  timestamp: string;
}

/** A database with random schemas, and the pulls loaded into it. */
export interface ReportFixture {
  handle: DatabaseHandle;
  schemas: { schema: string; pullSchema: string };
  pulls: { pullId: string; summary: PullSummary; spec: PullSpec }[];
  /** Generates, registers and processes one more pull. */
  load(spec: PullSpec): Promise<{ pullId: string; summary: PullSummary }>;
  close(): Promise<void>;
}

/**
 * Opens `url`, migrates a pair of random schemas, and loads each pull the way
 * production does: the plugin's generator into an object store, a
 * `data_pulls` row, `processPull` into the PostgreSQL sink. `close` drops
 * the schemas.
 */
export async function openReportFixture(url: string, specs: readonly PullSpec[]): Promise<ReportFixture> {
  const handle = await createDatabase(url, { maxConnections: 4 });
  const suffix = randomBytes(4).toString('hex');
  const schemas = { schema: `rp_${suffix}`, pullSchema: `rpc_${suffix}` };
  await migrate(handle.db, schemas);
  const store = createMemoryObjectStore();
  const registry = createRegistry().register(apolloPlugin).register(fortisPlugin);
  const pulls: ReportFixture['pulls'] = [];
  async function load(spec: PullSpec) {
    const generate = spec.system === 'apollo' ? generateApolloPull : generateFortisPull;
    const { system, ...options } = spec;
    const generated = await generate({ ...options, target: { store } });
    const pull = await registerPull(
      handle.db,
      { healthSystem: system, pullTimestamp: generated.pullTimestamp, dataType: 'full' },
      schemas,
    );
    const result = await processPull({
      pullId: pull.pullId,
      registry,
      pullStore: createPostgresPullStore(handle.db, schemas),
      sink: createPostgresSink(handle.db, schemas),
      store,
    });
    pulls.push({ pullId: pull.pullId, summary: result.summary, spec });
    return { pullId: pull.pullId, summary: result.summary };
  }
  for (const spec of specs) await load(spec);
  return {
    handle,
    schemas,
    pulls,
    load,
    async close() {
      await sql`DROP SCHEMA IF EXISTS ${sql.id(schemas.schema)} CASCADE`.execute(handle.db);
      await sql`DROP SCHEMA IF EXISTS ${sql.id(schemas.pullSchema)} CASCADE`.execute(handle.db);
      await handle.close();
    },
  };
}

/** Two Apollo pulls a week apart (the second with other dirt, so records change) and one Fortis pull. */
export const DEMO_LIKE_PULLS: readonly PullSpec[] = [
  { system: 'apollo', seed: 11, doctors: 300, cities: 4, dirt: 0.05, timestamp: '20261120T053000Z' },
  { system: 'fortis', seed: 12, doctors: 300, cities: 4, dirt: 0.05, timestamp: '20261120T060000Z' },
  { system: 'apollo', seed: 11, doctors: 320, cities: 4, dirt: 0.08, timestamp: '20261127T053000Z' },
];
