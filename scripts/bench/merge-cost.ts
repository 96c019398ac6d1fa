// What a file's merge costs in PostgreSQL against a plain `INSERT … SELECT` of
// the same staged rows: N new practitioners, staged in a temp table as a file
// stages them, merged into a practitioners table that already holds M rows,
// as one upsert and with the new keys split off (`splitNew`).
// Each statement runs five times, each time after a CHECKPOINT, in a
// transaction that is rolled back; the median is printed, in µs a row.
// Usage: node --conditions=source --import tsx scripts/bench/merge-cost.ts [stored M] [staged N]
import { PRACTITIONER_COLUMNS } from '@provider-data/core';
import { createDatabase, migrate } from '@provider-data/sink-postgres';
import { sql } from 'kysely';
import pg from 'pg';
import {
  comparedColumns,
  createStageStatement,
  latestPerKey,
  LOOKUP_JOINS,
  seenInFile,
  upsertStatement,
} from '../../packages/sink-postgres/src/merge-statements.js';

const url = process.env.PDM_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const stored = Number(process.argv[2] ?? 300_000);
const staged = Number(process.argv[3] ?? 25_000);
const { db, close } = await createDatabase(url);
const schema = `merge_cost_${Date.now()}`;
await migrate(db, { schema, pullSchema: `${schema}_pulls` });
const client = new pg.Client(url);
await client.connect();
const pull = '11111111-1111-4111-8111-111111111111';
const columns = PRACTITIONER_COLUMNS.join(', ');
const target = sql.id(schema, 'practitioners');
const key = ['health_system', 'source_id'];

/** Rows `from` to `from + n - 1`, of about the size of a generated Apollo doctor (raw about 500 bytes). */
const rows = (table: string, from: number, n: number, stage: boolean) => `
  INSERT INTO ${table} (${stage ? 'pos, ' : ''}${columns}, content_hash${stage ? '' : ', first_seen_pull_id, last_seen_pull_id, last_seen_file'})
  SELECT ${stage ? 'g, ' : ''}md5('p' || g)::uuid, 'apollo', 'D' || g, 'Dr. Kumar ' || g, '{Dr.}', 'K.', 'Kumar', 'male',
    '{cardiology,general_medicine}', '{Cardiologist}', '[{"degree":"MBBS","institution":"AIIMS"}]'::jsonb, '{en,hi,ta}',
    2001, 'MCI', 'R' || g, '+91-98400' || g, 'd' || g || '@apollo.example', true,
    jsonb_build_object('doctorId', 'D' || g, 'name', 'Dr. Kumar ' || g, 'blurb', repeat('x', 400)), md5('h' || g)
    ${stage ? '' : `, '${pull}', '${pull}', 'stored.json'`}
  FROM generate_series(${from}, ${from + n - 1}) g`;

await client.query(rows(`${schema}.practitioners`, 1, stored, false));
await client.query(`VACUUM ANALYZE ${schema}.practitioners`);

type Statement = string | { sql: string; parameters: readonly unknown[] };
let round = 0;
async function measure(label: string, statement: (stage: string) => Statement) {
  const times: number[] = [];
  for (let r = 0; r < 5; r++) {
    await client.query('CHECKPOINT');
    await client.query('BEGIN');
    await client.query(`SET LOCAL work_mem = '64MB'`);
    for (const setting of LOOKUP_JOINS) await client.query(`SET LOCAL ${setting}`);
    const stage = `stage_${round++}`;
    await client.query(
      createStageStatement(stage, target, [...PRACTITIONER_COLUMNS, 'content_hash'], true).compile(db).sql,
    );
    // New keys each time: every staged row is an insert, as on a first load.
    await client.query(rows(stage, stored + 1 + round * staged, staged, true));
    const s = statement(stage);
    const t = performance.now();
    if (typeof s === 'string') await client.query(s);
    else await client.query(s.sql, s.parameters as unknown[]);
    times.push(performance.now() - t);
    await client.query('ROLLBACK');
  }
  times.sort((a, b) => a - b);
  console.log(`${label}: ${((times[2]! / staged) * 1000).toFixed(1)} µs a row (median of 5)`);
}

const into = `INSERT INTO ${schema}.practitioners (${columns}, content_hash, first_seen_pull_id, last_seen_pull_id, last_seen_file)`;
const select = (stage: string) =>
  `SELECT ${columns}, content_hash, '${pull}', '${pull}', 'f.json' FROM ${stage}`;
console.log(`${staged} staged practitioners into a table of ${stored}:`);
/** The merge a file commits, over `stage`, with or without the new keys split off. */
const merge = (splitNew: boolean) => (stage: string) =>
  upsertStatement({
    target,
    incoming: latestPerKey(stage, PRACTITIONER_COLUMNS, key, false),
    columns: PRACTITIONER_COLUMNS,
    conflict: key,
    match: ['id'],
    pullId: pull,
    seenIn: seenInFile('f.json'),
    countChanges: comparedColumns(PRACTITIONER_COLUMNS, key),
    splitNew,
  }).compile(db);
await measure('the merge as one upsert (splitNew off: what a file committed before)', merge(false));
await measure('the merge with new keys split off (splitNew: what a file commits now)', merge(true));
await measure('plain INSERT … SELECT', (stage) => `${into} ${select(stage)}`);
await measure(
  'INSERT … SELECT … ON CONFLICT DO NOTHING',
  (stage) => `${into} ${select(stage)} ON CONFLICT DO NOTHING`,
);
await client.query(`DROP SCHEMA ${schema} CASCADE; DROP SCHEMA ${schema}_pulls CASCADE`);
await client.end();
await close();
