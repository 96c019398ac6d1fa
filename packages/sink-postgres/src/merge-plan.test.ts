/**
 * The plan of a file's practitioner merge on a table that has never been
 * analyzed, the first file of every first load: its work must grow with the
 * file, not with the file squared. Measured as the buffers the statement
 * touches, from `EXPLAIN (ANALYZE, BUFFERS)` of the very statement the sink
 * runs, which counts the same on any machine.
 */
import { PRACTITIONER_COLUMNS } from '@provider-data/core';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './database-types.js';
import {
  comparedColumns,
  createStageStatement,
  joinMethodSettings,
  latestPerKey,
  seenInFile,
  upsertStatement,
} from './merge-statements.js';
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

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Shared Hit Blocks': number;
  'Shared Read Blocks': number;
  Plans?: PlanNode[];
}

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
      schemas = await freshSchemas(db);
    });
    afterAll(async () => {
      await schemas?.drop();
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
        const explained = await sql<{
          'QUERY PLAN': [{ Plan: PlanNode }] | string;
        }>`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${statement}`.execute(trx);
        const text = explained.rows[0]!['QUERY PLAN'];
        return (typeof text === 'string' ? JSON.parse(text) : text)[0].Plan as PlanNode;
      });
      const stored = await sql<{ n: number | string }>`SELECT count(*) AS n FROM ${practitioners}`.execute(
        db,
      );
      expect(Number(stored.rows[0]!.n)).toBe(ROWS);
      // By the (health_system, source_id) key, the planner of an empty table may take the
      // (health_system, active, last_seen_file) index: every probe then walks the entries of
      // all the rows inserted before it: 260,000 buffers here instead of 24,000.
      expect(indexesOf(plan)).not.toContain('practitioners_health_system_active_idx');
      expect(plan['Shared Hit Blocks'] + plan['Shared Read Blocks']).toBeLessThan(40 * ROWS);
    });
  });
}
