/**
 * Accuracy of identity on generated pulls: Apollo and Fortis pulls drawn
 * from one population (a share of doctors at both chains, hard negatives),
 * loaded through the real pipeline and sink, then resolved; precision and
 * recall of the links per class, and the review band's share.
 *
 *   npm run accuracy -w @provider-data/identity -- [--doctors 5000] [--cities 10] [--overlap 0.2] [--seed 18] [--database URL]
 *
 * Without --database: an in-memory PGlite.
 */
import { parseArgs } from 'node:util';
import { createRegistry, processPull } from '@provider-data/core';
import {
  createDoctorPopulation,
  createMemoryObjectStore,
  type PopulationKind,
} from '@provider-data/core/testing';
import { apolloPlugin } from '@provider-data/plugin-apollo';
import { generateApolloPull } from '@provider-data/plugin-apollo/testing';
import { fortisPlugin } from '@provider-data/plugin-fortis';
import { generateFortisPull } from '@provider-data/plugin-fortis/testing';
import {
  createDatabase,
  createPostgresPullStore,
  createPostgresSink,
  migrate,
  registerPull,
} from '@provider-data/sink-postgres';
import { sql } from 'kysely';
import { resolveIdentities } from '../src/index.js';

const { values } = parseArgs({
  options: {
    doctors: { type: 'string', default: '5000' },
    cities: { type: 'string', default: '10' },
    overlap: { type: 'string', default: '0.2' },
    seed: { type: 'string', default: '18' },
    database: { type: 'string', default: 'memory://' },
  },
});
const doctors = Number(values.doctors);
const cities = Number(values.cities);
const seed = Number(values.seed);
const population = createDoctorPopulation({
  seed,
  overlap: Number(values.overlap),
  hardNegatives: 0.1,
  unregistered: 0.1,
});
const schemas = {
  schema: `identity_accuracy_${process.pid}`,
  pullSchema: `identity_accuracy_pulls_${process.pid}`,
};
const { db, close } = await createDatabase(values.database);
try {
  await migrate(db, schemas);
  const started = Date.now();
  for (const system of ['apollo', 'fortis'] as const) {
    const store = createMemoryObjectStore();
    const options = { seed, doctors, cities, population, target: { store } };
    const generated =
      system === 'apollo'
        ? await generateApolloPull(options)
        : await generateFortisPull({ ...options, gzip: 'none' });
    const pull = await registerPull(
      db,
      { healthSystem: system, pullTimestamp: generated.pullTimestamp, dataType: 'full' },
      schemas,
    );
    const result = await processPull({
      pullId: pull.pullId,
      registry: createRegistry().register(apolloPlugin).register(fortisPlugin),
      pullStore: createPostgresPullStore(db, schemas),
      sink: createPostgresSink(db, schemas),
      store,
    });
    if (result.status !== 'processed') throw new Error(`the ${system} pull ended ${result.status}`);
  }
  const loaded = Date.now();
  const run = await resolveIdentities(db, { schema: schemas.schema, mode: 'full' });
  const resolved = Date.now();

  const t = (name: string) => sql.id(schemas.schema, name);
  const { rows } = await sql<{ health_system: string; source_id: string; person_id: string | null }>`
    SELECT p.health_system, p.source_id, l.person_id FROM ${t('practitioners')} p
    LEFT JOIN ${t('person_links')} l ON l.practitioner_id = p.id`.execute(db);
  const truth = population.truth();
  const records = rows.map((r) => {
    const known = truth.get(`${r.health_system}:${r.source_id}`);
    if (!known) throw new Error(`no truth for ${r.health_system}:${r.source_id}`);
    return {
      key: `${r.health_system}:${r.source_id}`,
      person: known.person,
      kind: known.kind,
      predicted: r.person_id,
    };
  });
  // True pairs: records of one person. Predicted pairs: records of one linked person.
  const groups = <K>(by: (r: (typeof records)[number]) => K | null) => {
    const map = new Map<K, (typeof records)[number][]>();
    for (const r of records) {
      const k = by(r);
      if (k === null) continue;
      map.set(k, [...(map.get(k) ?? []), r]);
    }
    return [...map.values()];
  };
  const pairsOf = (list: (typeof records)[number][][]) => {
    const out: [(typeof records)[number], (typeof records)[number]][] = [];
    for (const g of list)
      for (let i = 0; i < g.length; i++) for (let j = i + 1; j < g.length; j++) out.push([g[i]!, g[j]!]);
    return out;
  };
  const truePairs = pairsOf(groups((r) => r.person));
  const predictedPairs = pairsOf(groups((r) => r.predicted));
  const key = (a: { key: string }, b: { key: string }) => [a.key, b.key].sort().join('|');
  const predicted = new Set(predictedPairs.map(([a, b]) => key(a, b)));
  const trueSet = new Set(truePairs.map(([a, b]) => key(a, b)));
  const correct = predictedPairs.filter(([a, b]) => trueSet.has(key(a, b))).length;

  // Per class: true matches by kind (recall), hard negatives by kind (false links).
  const byKind = new Map<PopulationKind, { pairs: number; linked: number }>();
  const count = (kind: PopulationKind, linked: boolean) => {
    const c = byKind.get(kind) ?? { pairs: 0, linked: 0 };
    c.pairs++;
    if (linked) c.linked++;
    byKind.set(kind, c);
  };
  for (const [a, b] of truePairs) count(a.kind, predicted.has(key(a, b)));
  // A hard-negative pair: the Apollo and Fortis records of one slot that are two people.
  const slotOf = (person: string) => person.replace(/:[ab]$/, '');
  const hard = groups((r) => (r.kind === 'same_name' || r.kind === 'father_son' ? slotOf(r.person) : null));
  for (const [a, b] of pairsOf(hard)) count(a.kind, predicted.has(key(a, b)));
  const falseLinks = predictedPairs.filter(([a, b]) => !trueSet.has(key(a, b)));
  const falseByKind = new Map<string, number>();
  for (const [a, b] of falseLinks) {
    const k = a.kind === b.kind ? a.kind : `${a.kind}+${b.kind}`;
    falseByKind.set(k, (falseByKind.get(k) ?? 0) + 1);
  }
  const { rows: reviewRows } = await sql<{ n: unknown }>`
    SELECT count(DISTINCT x) AS n FROM (SELECT practitioner_a AS x FROM ${t('identity_review')}
      UNION SELECT practitioner_b FROM ${t('identity_review')}) r`.execute(db);
  const inReview = Number(reviewRows[0]?.n ?? 0);
  // Blocking's recall: true pairs that share a blocking key, so that they are compared at all.
  const { rows: keyRows } = await sql<{ health_system: string; source_id: string; block_keys: string[] }>`
    SELECT p.health_system, p.source_id, f.block_keys FROM ${t('practitioners')} p
    JOIN ${t('identity_features')} f ON f.practitioner_id = p.id`.execute(db);
  const keysOf = new Map(keyRows.map((r) => [`${r.health_system}:${r.source_id}`, new Set(r.block_keys)]));
  const shareKey = (a: { key: string }, b: { key: string }) => {
    const other = keysOf.get(b.key) ?? new Set<string>();
    return [...(keysOf.get(a.key) ?? [])].some((k) => other.has(k));
  };
  const blockedTrue = truePairs.filter(([a, b]) => shareKey(a, b));

  const pct = (n: number, d: number) => (d === 0 ? 'n/a' : `${((100 * n) / d).toFixed(2)}%`);
  console.log(
    `practitioners: ${records.length} (${doctors} per chain, ${cities} cities, overlap ${values.overlap}, seed ${seed})`,
  );
  console.log(
    `model: ${run.model.source}; pairs compared ${run.pairs.compared}, linked ${run.pairs.linked}, refused by the guard ${run.pairs.refused}`,
  );
  console.log(
    `precision of links: ${pct(correct, predictedPairs.length)} (${correct} of ${predictedPairs.length} linked pairs are one person)`,
  );
  console.log(
    `recall of links:    ${pct(correct, truePairs.length)} (${correct} of ${truePairs.length} true pairs linked)`,
  );
  console.log(
    `true pairs blocked: ${pct(blockedTrue.length, truePairs.length)} (${blockedTrue.length} of ${truePairs.length} share a blocking key)`,
  );
  console.log(
    `review band:        ${pct(inReview, records.length)} of practitioners (${inReview}) in ${run.pairs.review} pairs`,
  );
  console.log('\n| class | pairs | linked | share linked |\n|---|---|---|---|');
  for (const [kind, c] of [...byKind].sort())
    console.log(`| ${kind} | ${c.pairs} | ${c.linked} | ${pct(c.linked, c.pairs)} |`);
  console.log(`\nfalse links by class: ${JSON.stringify(Object.fromEntries(falseByKind))}`);
  if (process.env.ACCURACY_VERBOSE) {
    const { rows: review } = await sql<{
      reason: string;
      match_probability: number;
      evidence: { summary: string };
    }>`
      SELECT reason, match_probability, evidence FROM ${t('identity_review')} ORDER BY match_probability DESC`.execute(
      db,
    );
    for (const r of review.slice(0, 15))
      console.log('review', r.reason, r.match_probability, r.evidence.summary);
    for (const [a, b] of falseLinks) {
      const { rows: ev } = await sql<{
        evidence: unknown;
        display_name: string;
        registration_number: string | null;
      }>`
        SELECT l.evidence, p.display_name, p.registration_number FROM ${t('person_links')} l JOIN ${t('practitioners')} p ON p.id = l.practitioner_id
        WHERE p.health_system || ':' || p.source_id IN (${a.key}, ${b.key})`.execute(db);
      console.log('false link', a.key, a.kind, b.key, b.kind, JSON.stringify(ev));
    }
    for (const [a, b] of truePairs.filter(([x, y]) => !shareKey(x, y)).slice(0, 20))
      console.log(
        'not blocked',
        a.key,
        a.kind,
        [...(keysOf.get(a.key) ?? [])].join(' '),
        '|',
        [...(keysOf.get(b.key) ?? [])].join(' '),
      );
    console.log(JSON.stringify(run.model.parameters));
  }
  console.log(
    `time: load ${((loaded - started) / 1000).toFixed(1)} s, resolve ${((resolved - loaded) / 1000).toFixed(1)} s`,
  );
} finally {
  await sql`DROP SCHEMA IF EXISTS ${sql.id(schemas.schema)} CASCADE`.execute(db).catch(() => {});
  await sql`DROP SCHEMA IF EXISTS ${sql.id(schemas.pullSchema)} CASCADE`.execute(db).catch(() => {});
  await close();
}
