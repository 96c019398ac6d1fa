// Where a first run's time goes: file by file and the finish, with the sink's phases.
import { createLocalObjectStore, createRegistry, processPull } from '@provider-data/core';
import { apolloPlugin } from '@provider-data/plugin-apollo';
import { generateApolloPull } from '@provider-data/plugin-apollo/testing';
import {
  createDatabase,
  createPostgresPullStore,
  createPostgresSink,
  migrate,
  registerPull,
} from '@provider-data/sink-postgres';
import { sql } from 'kysely';

const dir = '/tmp/pdmprof/pull';
const doctors = Number(process.argv[2] ?? 20000);
const g = await generateApolloPull({ seed: 1, doctors, cities: 5, dirt: 0.02, target: { dir } });
const { db, close } = await createDatabase('postgres://postgres@127.0.0.1:5432/test');
const names = { schema: `probe_${Date.now()}`, pullSchema: `probe_p_${Date.now()}` };
await migrate(db, names);
const pull = await registerPull(
  db,
  { healthSystem: 'apollo', pullTimestamp: g.pullTimestamp, dataType: 'full' },
  names,
);
const t0 = performance.now();
const logger = {
  debug() {},
  info(fields: Record<string, unknown>, msg?: string) {
    console.log(((performance.now() - t0) / 1000).toFixed(2), msg, JSON.stringify(fields).slice(0, 160));
  },
  warn() {},
  error(f: object, m?: string) {
    console.log('ERR', m, f);
  },
};
await processPull({
  pullId: pull.pullId,
  registry: createRegistry().register(apolloPlugin),
  pullStore: createPostgresPullStore(db, names),
  sink: createPostgresSink(db, names),
  store: createLocalObjectStore(dir),
  logger,
  fileConcurrency: Number(process.argv[3] ?? 2),
});
console.log('total', ((performance.now() - t0) / 1000).toFixed(2));
await sql`DROP SCHEMA ${sql.id(names.schema)} CASCADE`.execute(db);
await sql`DROP SCHEMA ${sql.id(names.pullSchema)} CASCADE`.execute(db);
await close();
