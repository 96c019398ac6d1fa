/**
 * Validates exports with Medplum's R4 validator (code no one here wrote) and
 * checks that every reference names a resource of the same export; prints
 * the count of errors per resource type.
 *
 *   npm run validate -w @provider-data/fhir                 # the demo's pulls, then 10,000 doctors per system
 *   npm run validate -w @provider-data/fhir -- --readme     # also writes the demo's sample resources into README.md
 *
 * 1. The demo's pulls: runs the built `pdm demo` into a fresh PGlite folder
 *    and exports that database.
 * 2. Generated pulls of --doctors N (default 10,000) doctors per system
 *    (Apollo and Fortis, dirt 0.05), processed by the pipeline into a fresh
 *    schema of PDM_BENCH_DATABASE_URL (default the local test database), then
 *    exported twice: one Practitioner per row, and with identity tables by
 *    the shared contract in which 10% of Apollo's doctors are linked to a
 *    Fortis doctor (one Practitioner per person).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createDatabase, type Database, migrate } from '@provider-data/sink-postgres';
import { type Kysely, sql } from 'kysely';
import { exportFhir, type FhirReadOptions, type FhirResource, RESOURCE_TYPES } from '../src/index.js';
import { unresolvedReferences, validationFailures } from '../test/fhir-validation.js';
import { allResources, loadPull, readNdjsonExport } from '../test/generated-pulls.js';
import { addPerson, createIdentityTables, link } from '../test/identity-tables.js';
import { renderSamples } from './readme-samples.js';

const { values } = parseArgs({
  options: {
    doctors: { type: 'string', default: '10000' },
    readme: { type: 'boolean', default: false },
  },
});
const doctors = Number(values.doctors);
const root = path.resolve(import.meta.dirname, '../../..');
const work = mkdtempSync(path.join(tmpdir(), 'pdm-fhir-validate-'));
let failures = 0;
const report: string[] = [];
/** Prints a line and keeps it for the README. */
const say = (line: string) => {
  console.log(line);
  report.push(line);
};

async function check(title: string, db: Kysely<Database>, options: FhirReadOptions) {
  const out = path.join(work, randomBytes(4).toString('hex'));
  const result = await exportFhir(db, { out, ...options });
  const byType = await readNdjsonExport(out);
  const resources = allResources(byType);
  const invalid = validationFailures(resources);
  const unresolved = unresolvedReferences(resources);
  say(`\n${title} (${result.identity ? 'one Practitioner per person' : 'one Practitioner per row'})`);
  say('  resource type      resources  validation errors  unresolved references');
  for (const type of RESOURCE_TYPES) {
    const list = byType[type] ?? [];
    const refs = unresolvedReferences(list).filter((ref) => unresolved.includes(ref)).length;
    const errors = invalid.filter((f) => f.resourceType === type).length;
    say(
      `  ${type.padEnd(17)}${String(list.length).padStart(10)}${String(errors).padStart(19)}${String(refs).padStart(23)}`,
    );
  }
  for (const failure of invalid.slice(0, 5))
    say(`  ! ${failure.resourceType}/${failure.id}: ${failure.message}`);
  for (const ref of unresolved.slice(0, 5)) say(`  ! unresolved ${ref}`);
  failures += invalid.length + unresolved.length;
  return byType;
}

async function demo(): Promise<Record<string, FhirResource[]>> {
  execFileSync(
    'npx',
    ['turbo', 'run', 'build', '--filter=@provider-data/cli...', '--output-logs=errors-only'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  const database = path.join(work, 'demo-db');
  execFileSync(
    process.execPath,
    [
      path.join(root, 'packages/cli/dist/bin.js'),
      'demo',
      '--database',
      database,
      '--store',
      path.join(work, 'pulls'),
      '--json',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, PDM_PLACES_API_KEY: '' } },
  );
  const handle = await createDatabase(database);
  try {
    return await check("The demo's pulls (pdm demo: 300 doctors per system, dirt 0.05)", handle.db, {});
  } finally {
    await handle.close();
  }
}

async function generated(): Promise<void> {
  const url = process.env.PDM_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const handle = await createDatabase(url);
  const schema = `fhir_validate_${randomBytes(4).toString('hex')}`;
  const schemas = { schema, pullSchema: schema };
  try {
    await migrate(handle.db, schemas);
    const size = { doctors, cities: 12, dirt: 0.05 };
    await loadPull(handle.db, schemas, 'apollo', { ...size, seed: 101 });
    await loadPull(handle.db, schemas, 'fortis', { ...size, seed: 102 });
    const title = `Generated pulls: ${doctors.toLocaleString('en-US')} doctors per system, dirt 0.05`;
    await check(title, handle.db, { ...schemas, identity: 'off' });
    await linkTenPercent(handle.db, schema);
    await check(`${title}, 10% of Apollo's doctors linked to a Fortis doctor`, handle.db, schemas);
  } finally {
    await sql`DROP SCHEMA IF EXISTS ${sql.id(schema)} CASCADE`.execute(handle.db);
    await handle.close();
  }
}

/** Singleton persons for everyone, then every tenth Apollo doctor joined to a Fortis doctor. */
async function linkTenPercent(db: Kysely<Database>, schema: string): Promise<void> {
  await createIdentityTables(db, schema);
  const ids = async (system: string) =>
    (
      await sql<{
        id: string;
      }>`SELECT id FROM ${sql.id(schema, 'practitioners')} WHERE health_system = ${system} ORDER BY id`.execute(
        db,
      )
    ).rows.map((r) => r.id);
  const apollo = await ids('apollo');
  const fortis = await ids('fortis');
  const personOf = new Map<string, string>();
  for (const id of [...apollo, ...fortis]) {
    const person = await addPerson(db, schema);
    personOf.set(id, person);
    await link(db, schema, id, person, 'singleton');
  }
  for (let i = 0; i < apollo.length && i < fortis.length; i += 10) {
    await link(db, schema, fortis[i]!, personOf.get(apollo[i]!)!);
  }
}

/** Replaces what is between `<!-- name:start -->` and `<!-- name:end -->`. */
function replaceBlock(text: string, name: string, content: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const [before, rest] = text.split(start);
  const after = rest?.split(end)[1];
  if (before === undefined || after === undefined)
    throw new Error(`README.md has no ${start} … ${end} block`);
  return `${before}${start}\n${content}${end}${after}`;
}

try {
  const demoExport = await demo();
  await generated();
  say(
    `\n${failures === 0 ? 'OK' : 'FAILED'}: ${failures} validation errors and unresolved references in all`,
  );
  if (values.readme) {
    const readme = path.join(import.meta.dirname, '../README.md');
    let text = readFileSync(readme, 'utf8');
    text = replaceBlock(text, 'validation', `\`\`\`text\n${report.join('\n').trim()}\n\`\`\`\n`);
    text = replaceBlock(text, 'demo-resources', renderSamples(demoExport));
    writeFileSync(readme, text);
    console.log('\nREADME.md: validation counts and sample resources written');
  }
  process.exitCode = failures === 0 ? 0 : 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
