/**
 * The plan of a file's practitioner merge on a table that has never been
 * analyzed, the first file of every first load: its work must grow with the
 * file, not with the file squared. Measured as the buffers the statement
 * touches, from `EXPLAIN (ANALYZE, BUFFERS)` of the very statement the sink
 * runs, which counts the same on any machine.
 */
import { PRACTITIONER_COLUMNS } from '@provider-data/core';
import { type Kysely, sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from './database-types.js';
import {
  comparedColumns,
  createStageStatement,
  joinMethodSettings,
  latestPerKey,
  seenInFile,
  upsertStatement,
} from './merge-statements.js';
import { mergeFileProvidersStatement, STAGED_PROVIDER_COLUMNS } from './provider-merge.js';
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

const indexesOf = (node: PlanNode): string[] => [
  ...(node['Index Name'] ? [node['Index Name']] : []),
  ...(node.Plans ?? []).flatMap(indexesOf),
];

for (const target of targets) {
  describe.skipIf(target.skip)(`the practitioner merge's plan on ${target.name}`, () => {
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
        for (const setting of joinMethodSettings('lookups'))
          await sql.raw(`SET LOCAL ${setting}`).execute(trx);
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

    it("merges a first file's providers, looking their practitioners and practices up by primary key", async () => {
      const pull = await newPull(db, schemas.pullSchema);
      const t = (name: string) => qualified(schemas.schema, name);
      const system = pull.healthSystem;
      // Stored as a first file's own merges leave them, in the same transaction: never analyzed.
      const plan = await db.transaction().execute(async (trx) => {
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
        // Two practices a doctor, as a city file lists them.
        await sql`INSERT INTO ${sql.id(stage)} (pos, pull_id, object_key, id, health_system, practitioner_id,
            practice_id, practitioner_source_id, practice_source_id, specialties, schedule, active, content_hash)
          SELECT g, ${pull.pullId}::uuid, 'by_city/a.json', gen_random_uuid(), ${system},
            md5('D' || ((g + 1) / 2))::uuid, md5('H' || (g % ${PRACTICES} + 1))::uuid, 'D' || ((g + 1) / 2), 'H' || (g % ${PRACTICES} + 1),
            '{}', '[]', true, md5(g::text)
          FROM generate_series(1, ${2 * ROWS}) g`.execute(trx);
        for (const setting of joinMethodSettings('lookups'))
          await sql.raw(`SET LOCAL ${setting}`).execute(trx);
        const tables = {
          practitioners: t('practitioners'),
          practices: t('practices'),
          pendingProviders: t('pending_providers'),
          providers: t('providers'),
        };
        return explained(
          trx,
          mergeFileProvidersStatement(tables, stage, pull.pullId, seenInFile('by_city/a.json')),
        );
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
  });
}
