// Where a first run's time goes: file by file and the finish, then the CPU
// seconds of this process and of the whole machine (Linux), and with --profile
// a CPU profile (.bench/probe.cpuprofile) summarized by self time.
// With --rerun, an unchanged rerun (reprocess) follows, measured the same way.
// With --profile-rerun, the profile covers the rerun only.
// Usage: node --conditions=source --import tsx scripts/bench/probe.ts [doctors] [files at once] [--profile | --profile-rerun] [--rerun] [--threads=N]
import { createFileThreads, createLocalObjectStore, processPull, registryOf } from '@provider-data/core';
import { discoverPlugins } from '@provider-data/core/discover';
import {
  createDatabase,
  createPostgresPullStore,
  createPostgresSink,
  migrate,
  registerPull,
} from '@provider-data/sink-postgres';
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { memoryLine, sampleMemory } from './measure.js';
import { startProfile } from './profile.js';

const dir = '/tmp/pdmprof/pull';
const doctors = Number(process.argv[2] ?? 20000);
const apollo = await discoverPlugins({ only: 'apollo' });
const g = await (await apollo[0]!.loadGenerator!())({
  seed: 1,
  doctors,
  cities: 5,
  dirt: 0.02,
  target: { dir },
});
const { db, close } = await createDatabase('postgres://postgres@127.0.0.1:5432/test');
const names = { schema: `probe_${Date.now()}`, pullSchema: `probe_p_${Date.now()}` };
await migrate(db, names);
const pull = await registerPull(
  db,
  { healthSystem: 'apollo', pullTimestamp: g.pullTimestamp, dataType: 'full' },
  names,
);
// Busy CPU seconds of the whole machine (user + system), where /proc/stat exists.
const machineBusy = () => {
  try {
    const [user, , system] = readFileSync('/proc/stat', 'utf8')
      .split('\n')[0]!
      .split(/\s+/)
      .slice(1)
      .map(Number);
    return ((user ?? 0) + (system ?? 0)) / 100;
  } catch {
    return Number.NaN;
  }
};
// `--threads N`: the files run in N worker threads (createFileThreads), each with its own sink.
const threadsArg = process.argv.find((a) => a.startsWith('--threads='));
const fileRunner = threadsArg
  ? createFileThreads({
      setup: new URL('./thread-setup.ts', import.meta.url),
      data: {
        databaseUrl: 'postgres://postgres@127.0.0.1:5432/test',
        ...names,
        systems: 'apollo',
        dir,
        connections: 3,
      },
      threads: Number(threadsArg.split('=')[1]),
      resourceLimits: process.env.PDM_THREAD_YOUNG
        ? { maxYoungGenerationSizeMb: Number(process.env.PDM_THREAD_YOUNG) }
        : undefined,
    })
  : undefined;
let profiler = process.argv.includes('--profile') ? await startProfile() : undefined;
const memory = sampleMemory();

/** One run of the pull (with `reprocess`, an unchanged rerun), then its time and CPU seconds. */
async function run(label: string, reprocess: boolean): Promise<void> {
  const cpu0 = process.cpuUsage();
  const busy0 = machineBusy();
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
    registry: registryOf(apollo),
    pullStore: createPostgresPullStore(db, names),
    sink: createPostgresSink(db, names),
    store: createLocalObjectStore(dir),
    logger,
    reprocess,
    fileRunner,
    // Files at once: the sink's default unless given.
    fileConcurrency: /^\d+$/.test(process.argv[3] ?? '') ? Number(process.argv[3]) : undefined,
  });
  const cpu = process.cpuUsage(cpu0);
  console.log(
    `${label}: ${((performance.now() - t0) / 1000).toFixed(2)} s; cpu s: this process`,
    ((cpu.user + cpu.system) / 1e6).toFixed(1),
    'machine',
    (machineBusy() - busy0).toFixed(1),
  );
}

await run('total', false);
if (process.argv.includes('--rerun') || process.argv.includes('--profile-rerun')) {
  if (process.argv.includes('--profile-rerun')) profiler = await startProfile();
  await run('unchanged rerun', true);
}
console.log('at the peak:', memoryLine(memory.atPeak()));
if (profiler) console.log((await profiler.stop('.bench/probe.cpuprofile')).join('\n'));
await fileRunner?.close();
await sql`DROP SCHEMA ${sql.id(names.schema)} CASCADE`.execute(db);
await sql`DROP SCHEMA ${sql.id(names.pullSchema)} CASCADE`.execute(db);
await close();
