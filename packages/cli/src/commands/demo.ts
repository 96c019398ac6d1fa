import { rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { defineCommand, runtimeOptionsOf } from '../command.js';
import { CliError, ExitCode } from '../exit-codes.js';
import { GENERATED_SYSTEMS, type GeneratedPull, generatePull } from '../generators.js';
import {
  DATABASE_OPTIONS,
  intOption,
  numberOption,
  OutputInput,
  PLACES_OPTIONS,
  PlacesInput,
  STORE_OPTIONS,
} from '../options.js';
import { displayPath, formatDuration, renderTable, writeJson, writeText } from '../output.js';
import { type CanonicalSample, canonicalSample, tableCounts } from '../queries.js';
import type { Runtime } from '../runtime.js';
import { renderSummary } from '../summary-view.js';
import { describeExpected } from './generate.js';
import { processOnePull, pullTitle } from './process.js';

/** Where the demo works when not told otherwise; the database is wiped first so reruns start clean. */
export const DEMO_DATABASE = './.pdm/demo-db';
/** Where the demo writes its pulls. */
export const DEMO_PULLS = './.pdm/pulls';

const SAMPLE_SIZE = 3;

/** `pdm demo`: generate, register and process a small Apollo and a small Fortis pull, then show them. */
export const demoCommand = defineCommand({
  name: 'demo',
  summary: 'generate two small dirty pulls, process them into embedded PGlite and show what happened',
  usage: 'pdm demo [--doctors N] [--cities N] [--dirt R] [--seed S] [--database DIR] [--store DIR]',
  details:
    `Needs no server, key or network. The database is a fresh PGlite folder (${DEMO_DATABASE}, wiped first)\n` +
    `unless --database names another, which is used as it is. Pulls are written under ${DEMO_PULLS},\n` +
    'with the current time as their timestamp.\n' +
    'PDM_DATABASE_URL and PDM_STORE are ignored here, so the demo never writes fake doctors into a\n' +
    'database your shell points at. With a Places key (--places-key or PDM_PLACES_API_KEY) practices are\n' +
    'enriched from Google; without one, enrichment is skipped.',
  positionals: [],
  options: {
    doctors: { type: 'string', valueName: 'N', description: 'doctors per pull', defaultText: '300' },
    cities: { type: 'string', valueName: 'N', description: 'cities per pull', defaultText: '4' },
    dirt: {
      type: 'string',
      valueName: 'R',
      description: 'share of dirty records, 0 to 1',
      defaultText: '0.05',
    },
    seed: { type: 'string', valueName: 'S', description: 'random seed', defaultText: '20261120' },
    database: { ...DATABASE_OPTIONS.database, env: undefined, defaultText: `${DEMO_DATABASE} (wiped first)` },
    store: {
      ...STORE_OPTIONS.store,
      env: undefined,
      valueName: 'DIR',
      description: 'a local folder for the pulls',
      defaultText: DEMO_PULLS,
    },
    ...PLACES_OPTIONS,
  },
  examples: [
    'pdm demo',
    'pdm demo --doctors 5000 --cities 10',
    'pdm demo --json | jq ".pulls[].summary.records"',
  ],
  schema: OutputInput.extend(PlacesInput.shape).extend({
    doctors: intOption('--doctors', { max: 1_000_000 }).default(300),
    cities: intOption('--cities', { max: 100 }).default(4),
    dirt: numberOption('--dirt', 0, 1).default(0.05),
    seed: intOption('--seed', { min: 0 }).default(20261120),
    database: z.string().min(1, { error: '--database must not be empty' }).optional(),
    store: z
      .string()
      .min(1, { error: '--store must not be empty' })
      .refine((s) => !/^s3:\/\//i.test(s), { error: '--store must be a local folder for the demo' })
      .default(DEMO_PULLS),
  }),
  async action(input, io) {
    const started = Date.now();
    // A new timestamp each run: the pull's prefix holds only this run's files.
    const timestamp = new Date(started).toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
    const database = input.database ?? DEMO_DATABASE;
    if (input.database === undefined)
      await rm(path.resolve(io.cwd, DEMO_DATABASE), { recursive: true, force: true });
    const say = (text: string) => {
      if (!input.json) writeText(io, text);
    };
    const runtime = await (await import('../runtime.js')).createRuntime(
      runtimeOptionsOf({ ...input, database }, io, { schema: undefined, pullSchema: undefined }),
    );
    try {
      const placesOn = runtime.places !== undefined;
      say(
        [
          'Provider Data Manager demo',
          `  pulls     ${displayPath(input.store, io.cwd)} (a local folder laid out like the S3 bucket)`,
          `  database  ${runtime.databaseLabel} (${runtime.database.dialect === 'pglite' ? 'embedded PGlite' : 'PostgreSQL'}${input.database === undefined ? ', fresh' : ''})`,
          `  places    ${placesOn ? 'on' : 'off (no key): practices are not enriched'}`,
        ].join('\n'),
      );
      const pulls = [];
      let matched = true;
      for (const [i, system] of GENERATED_SYSTEMS.entries()) {
        const generated = await generatePull(system, {
          seed: input.seed + i,
          doctors: input.doctors,
          cities: input.cities,
          dirt: input.dirt,
          timestamp,
          dir: path.resolve(io.cwd, input.store),
        });
        const registered = await runtime.registerPull({
          healthSystem: system,
          pullTimestamp: generated.pullTimestamp,
          dataType: 'full',
        });
        say(
          `\n[${i + 1}/${GENERATED_SYSTEMS.length}] ${system}: generated ${input.doctors} doctors in ${input.cities} cities ` +
            `(dirt ${input.dirt}), ${generated.expected.files} files; registered pull ${registered.pullId}`,
        );
        const { pull, result } = await processOnePull(runtime, registered.pullId, io, { json: input.json });
        const rows = await tableCounts(runtime.database.db, runtime.schemas, system);
        const ok = sameRows(rows, generated.expected.rows);
        matched &&= ok;
        pulls.push({
          system,
          pullId: pull.pullId,
          pullTimestamp: pull.pullTimestamp,
          status: result.status,
          summary: result.summary,
          expected: generated.expected,
          rows,
        });
        say(`${pullTitle(pull)}: ${result.status}`);
        say(renderSummary(result.summary, { placesEnabled: placesOn }));
        say(
          ok
            ? `  ${'check'.padEnd(14)}rows per entity match what the generator expected`
            : `  ${'check'.padEnd(14)}MISMATCH: tables have ${JSON.stringify(rows)}, expected ${describeExpected(generated.expected)}`,
        );
      }
      const sample = await mixedSample(runtime, SAMPLE_SIZE);
      if (input.json) {
        writeJson(io, {
          database: runtime.databaseLabel,
          store: input.store,
          places: { enabled: placesOn },
          pulls,
          sample,
        });
      } else {
        say(`\n${renderSample(sample)}`);
        say(
          [
            '',
            placesOn
              ? 'Enrichment: practices were looked up with Google Places (see the enrichment line of each summary).'
              : 'Enrichment was skipped: no Places key. Pass --places-key KEY or set PDM_PLACES_API_KEY to turn it on;\n' +
                'nothing above comes from Google.',
            `Look around: pdm pulls --database ${runtime.databaseLabel}`,
            `             pdm quarantine ${pulls[0]?.pullId ?? '<pull-id>'} --database ${runtime.databaseLabel}`,
            `Done in ${formatDuration(Date.now() - started)}.`,
          ].join('\n'),
        );
      }
      if (!matched)
        throw new CliError(
          'the loaded rows differ from what the generator expected',
          ExitCode.failure,
          'demo_mismatch',
        );
      return ExitCode.ok;
    } finally {
      await runtime.close();
    }
  },
});

function sameRows(
  actual: GeneratedPull['expected']['rows'],
  expected: GeneratedPull['expected']['rows'],
): boolean {
  return (
    actual.practitioner === expected.practitioner &&
    actual.practice === expected.practice &&
    actual.provider === expected.provider
  );
}

type Sampled<K extends keyof CanonicalSample> = CanonicalSample[K][number] & { system: string };

/** `limit` rows of each entity, taken in turn from each health system so that both show. */
async function mixedSample(
  runtime: Runtime,
  limit: number,
): Promise<{
  practitioners: Sampled<'practitioners'>[];
  practices: Sampled<'practices'>[];
  providers: Sampled<'providers'>[];
}> {
  const bySystem = await Promise.all(
    GENERATED_SYSTEMS.map(async (system) => ({
      system,
      sample: await canonicalSample(runtime.database.db, runtime.schemas, system, limit),
    })),
  );
  const take = <K extends keyof CanonicalSample>(key: K): Sampled<K>[] => {
    const out: Sampled<K>[] = [];
    for (let i = 0; out.length < limit && i < limit; i++) {
      for (const { system, sample } of bySystem) {
        const row = sample[key][i];
        if (row && out.length < limit) out.push({ ...row, system } as Sampled<K>);
      }
    }
    return out;
  };
  return { practitioners: take('practitioners'), practices: take('practices'), providers: take('providers') };
}

function renderSample(sample: Awaited<ReturnType<typeof mixedSample>>): string {
  const list = (values: readonly string[]) => values.join(', ');
  return [
    'A few canonical rows',
    'Practitioners',
    renderTable(
      sample.practitioners,
      [
        { header: 'system', value: (r) => r.system },
        { header: 'name', value: (r) => r.name, max: 32 },
        { header: 'gender', value: (r) => r.gender },
        { header: 'specialties', value: (r) => list(r.specialties), max: 40 },
        { header: 'phone', value: (r) => r.phone },
      ],
      '  ',
    ),
    'Practices',
    renderTable(
      sample.practices,
      [
        { header: 'system', value: (r) => r.system },
        { header: 'name', value: (r) => r.name, max: 40 },
        { header: 'type', value: (r) => r.facilityType },
        { header: 'city', value: (r) => r.city },
        { header: 'phones', value: (r) => list(r.phones), max: 32 },
        { header: 'enrichment', value: (r) => r.enrichment },
      ],
      '  ',
    ),
    'Providers (a practitioner at a practice)',
    renderTable(
      sample.providers,
      [
        { header: 'system', value: (r) => r.system },
        { header: 'practitioner', value: (r) => r.practitioner, max: 28 },
        { header: 'practice', value: (r) => r.practice, max: 34 },
        { header: 'city', value: (r) => r.city },
        { header: 'designation', value: (r) => r.designation, max: 24 },
        { header: 'specialties', value: (r) => list(r.specialties), max: 30 },
        { header: 'fee (INR)', value: (r) => r.feeInr, align: 'right' },
      ],
      '  ',
    ),
  ].join('\n');
}
