/**
 * The plans of a file's merge statements (practitioners, providers, and the
 * deletion of the pending providers it resolves) on tables that have never
 * been analyzed, as in the first files of every first load: their work must
 * grow with the file, not with the file squared or the table. Read from
 * `EXPLAIN (ANALYZE, BUFFERS)` of the very statements the sink runs: the
 * indexes they take, the tables they read whole, the buffers they touch,
 * which count the same on any machine.
 */
import { type DataPull, PRACTITIONER_COLUMNS } from '@provider-data/core';
import { type Kysely, sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from './database-types.js';
import {
  comparedColumns,
  createStageStatement,
  LOOKUP_JOINS,
  latestPerKey,
  seenInFile,
  upsertStatement,
} from './merge-statements.js';
import {
  mergeFileProvidersStatement,
  STAGED_PROVIDER_COLUMNS,
  supersedePendingStatement,
} from './provider-merge.js';
import { qualified } from './schema-names.js';
import {
  freshSchemas,
  newPull,
  openTestDatabase,
  type TestDatabase,
  type TestSchemas,
  targets,
} from './test-support.js';

/** Staged practitioners of the one file. */
const ROWS = 2000;
const STAGE = 'pdm_plan_practitioners';
/** Stored practices: a benchmark pull of 40 cities has 160. */
const PRACTICES = 200;

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  'Shared Hit Blocks': number;
  'Shared Read Blocks': number;
  Plans?: PlanNode[];
}

/** The plan of `statement`, run: `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)`. */
async function explained(trx: Kysely<Database>, statement: ReturnType<typeof sql>): Promise<PlanNode> {
  const result = await sql<{
    'QUERY PLAN': [{ Plan: PlanNode }] | string;
  }>`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${statement}`.execute(trx);
  const text = result.rows[0]!['QUERY PLAN'];
  return (typeof text === 'string' ? JSON.parse(text) : text)[0].Plan as PlanNode;
}

const touched = (plan: PlanNode) => plan['Shared Hit Blocks'] + plan['Shared Read Blocks'];

const seqScansOf = (node: PlanNode): string[] => [
  ...(node['Node Type'] === 'Seq Scan' && node['Relation Name'] ? [node['Relation Name']] : []),
  ...(node.Plans ?? []).flatMap(seqScansOf),
];

const indexesOf = (node: PlanNode): string[] => [
  ...(node['Index Name'] ? [node['Index Name']] : []),
  ...(node.Plans ?? []).flatMap(indexesOf),
];

for (const target of targets) {
  describe.skipIf(target.skip)(`a file's merge plans on ${target.name}`, () => {
    let database: TestDatabase;
    let db: Kysely<Database>;
    let schemas: TestSchemas;

    beforeAll(async () => {
      database = await openTestDatabase(target.name, process.env.PDM_TEST_DATABASE_URL);
      db = database.handle.db;
    });
    beforeEach(async () => {
      schemas = await freshSchemas(db);
    });
    afterEach(async () => {
      await schemas?.drop();
    });
    afterAll(async () => {
      await database?.handle.close();
    });

    it('merges a first file into a never-analyzed table by primary key, in work linear in its rows', async () => {
      const pull = await newPull(db, schemas.pullSchema);
      const practitioners = qualified(schemas.schema, 'practitioners');
      const columns = PRACTITIONER_COLUMNS;
      const key = ['health_system', 'source_id'];
      const plan = await db.transaction().execute(async (trx) => {
        await createStageStatement(STAGE, practitioners, [...columns, 'content_hash'], true).execute(trx);
        // One key twice, as a file that lists a doctor twice: the merge deduplicates.
        await sql`INSERT INTO ${sql.id(STAGE)} (pos, id, health_system, source_id, display_name, prefixes, gender,
            specialties, specialties_raw, qualifications, languages, active, content_hash)
          SELECT g, gen_random_uuid(), ${pull.healthSystem}, 'D' || least(g, ${ROWS}), 'Dr ' || g, '{}', 'unknown',
            '{}', '{}', '[]', '{}', true, md5(g::text)
          FROM generate_series(1, ${ROWS + 1}) g`.execute(trx);
        for (const setting of LOOKUP_JOINS) await sql.raw(`SET LOCAL ${setting}`).execute(trx);
        const statement = upsertStatement({
          target: practitioners,
          incoming: latestPerKey(STAGE, columns, key, true),
          columns,
          conflict: key,
          match: ['id'],
          pullId: pull.pullId,
          seenIn: seenInFile('by_city/a.json'),
          countChanges: comparedColumns(columns, key),
        });
        return explained(trx, statement);
      });
      const stored = await sql<{ n: number | string }>`SELECT count(*) AS n FROM ${practitioners}`.execute(
        db,
      );
      expect(Number(stored.rows[0]!.n)).toBe(ROWS);
      // By the (health_system, source_id) key, the planner of an empty table may take the
      // (health_system, active, last_seen_file) index: every probe then walks the entries of
      // all the rows inserted before it: 260,000 buffers here instead of 24,000.
      expect(indexesOf(plan)).not.toContain('practitioners_health_system_active_idx');
      expect(touched(plan)).toBeLessThan(40 * ROWS);
    });

    /**
     * A first file's stored practitioners and practices, as its own merges leave
     * them in the same transaction (never analyzed), and its staged providers:
     * two practices a doctor, as a city file lists them.
     */
    async function providerFile(trx: Kysely<Database>, pull: DataPull) {
      const t = (name: string) => qualified(schemas.schema, name);
      const system = pull.healthSystem;
      await sql`INSERT INTO ${t('practitioners')} (id, health_system, source_id, display_name, gender,
          first_seen_pull_id, last_seen_pull_id, content_hash)
        SELECT md5('D' || g)::uuid, ${system}, 'D' || g, 'Dr ' || g, 'unknown', ${pull.pullId}::uuid,
          ${pull.pullId}::uuid, md5(g::text)
        FROM generate_series(1, ${ROWS}) g`.execute(trx);
      await sql`INSERT INTO ${t('practices')} (id, health_system, source_id, name, facility_type,
          first_seen_pull_id, last_seen_pull_id, content_hash)
        SELECT md5('H' || g)::uuid, ${system}, 'H' || g, 'Hospital ' || g, 'hospital', ${pull.pullId}::uuid,
          ${pull.pullId}::uuid, md5(g::text)
        FROM generate_series(1, ${PRACTICES}) g`.execute(trx);
      const stage = 'pdm_plan_providers';
      await createStageStatement(stage, t('pending_providers'), STAGED_PROVIDER_COLUMNS, true).execute(trx);
      await sql`INSERT INTO ${sql.id(stage)} (pos, pull_id, object_key, id, health_system, practitioner_id,
          practice_id, practitioner_source_id, practice_source_id, specialties, schedule, active, content_hash)
        SELECT g, ${pull.pullId}::uuid, 'by_city/a.json', md5('P' || g)::uuid, ${system},
          md5('D' || ((g + 1) / 2))::uuid, md5('H' || (g % ${PRACTICES} + 1))::uuid, 'D' || ((g + 1) / 2),
          'H' || (g % ${PRACTICES} + 1), '{}', '[]', true, md5(g::text)
        FROM generate_series(1, ${2 * ROWS}) g`.execute(trx);
      for (const setting of LOOKUP_JOINS) await sql.raw(`SET LOCAL ${setting}`).execute(trx);
      const tables = {
        practitioners: t('practitioners'),
        practices: t('practices'),
        pendingProviders: t('pending_providers'),
        providers: t('providers'),
      };
      return { stage, tables, t };
    }

    it("merges a first file's providers, looking their practitioners and practices up by primary key", async () => {
      const pull = await newPull(db, schemas.pullSchema);
      const { plan, t } = await db.transaction().execute(async (trx) => {
        const { stage, tables, t } = await providerFile(trx, pull);
        const statement = mergeFileProvidersStatement(
          tables,
          stage,
          pull.pullId,
          seenInFile('by_city/a.json'),
        );
        return { plan: await explained(trx, statement), t };
      });
      const stored = await sql<{ n: number | string }>`SELECT count(*) AS n FROM ${t('providers')}`.execute(
        db,
      );
      expect(Number(stored.rows[0]!.n)).toBe(2 * ROWS);
      // By key, the practices were looked up in (health_system, active, last_seen_file): every
      // provider walked its health system's 200 practices (95,000 buffers against 78,000 by id
      // here, and growing with the practices a health system has).
      const indexes = indexesOf(plan);
      expect(indexes.filter((i) => i.endsWith('_health_system_active_idx'))).toEqual([]);
      expect(touched(plan)).toBeLessThan(40 * 2 * ROWS);
    });

    it('deletes the pending providers a file resolves by (pull_id, id), reading no table whole', async () => {
      const pull = await newPull(db, schemas.pullSchema);
      const { plan, left } = await db.transaction().execute(async (trx) => {
        const { stage, tables, t } = await providerFile(trx, pull);
        // Earlier files left pending: every fourth of this file's providers, and 500 of their own.
        await sql`INSERT INTO ${t('pending_providers')} (pull_id, object_key, id, health_system, practitioner_id,
            practice_id, practitioner_source_id, practice_source_id, content_hash)
          SELECT pull_id, 'by_city/b.json', id, health_system, practitioner_id, practice_id,
            practitioner_source_id, practice_source_id, content_hash
          FROM ${sql.id(stage)} WHERE pos % 4 = 0
          UNION ALL
          SELECT ${pull.pullId}::uuid, 'by_city/b.json', md5('Q' || g)::uuid, ${pull.healthSystem},
            md5('D1')::uuid, md5('H1')::uuid, 'D1', 'H1', md5(g::text)
          FROM generate_series(1, 500) g`.execute(trx);
        const plan = await explained(trx, supersedePendingStatement(tables, stage, pull.pullId));
        const left = await sql<{
          n: number | string;
        }>`SELECT count(*) AS n FROM ${t('pending_providers')}`.execute(trx);
        return { plan, left: Number(left.rows[0]!.n) };
      });
      expect(left).toBe(500);
      // A hash join (the plan this statement had) reads every practitioner for each file.
      expect(seqScansOf(plan)).not.toContain('practitioners');
      expect(seqScansOf(plan)).not.toContain('practices');
      expect(indexesOf(plan)).toContain('pending_providers_pull_id_id_idx');
      expect(touched(plan)).toBeLessThan(40 * 2 * ROWS);
    });
  });
}
