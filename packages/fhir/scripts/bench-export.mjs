// The measured side of the export benchmark, run by bench.ts in a process of
// its own so that its peak RSS is the export's alone. Plain JavaScript over
// the built packages: a TypeScript loader would add ~50 MB of its own.
// Usage: node bench-export.mjs <url> <schema> <out> ndjson|bundle
// Prints one JSON line: resources, seconds, bytes, peak RSS and heap, CPU.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { databaseFromPool } from '@provider-data/sink-postgres';
import { sql } from 'kysely';
import pg from 'pg';
import { exportFhir } from '../dist/index.js';

const [url, schema, out, format] = process.argv.slice(2);
const { db } = databaseFromPool(
  new pg.Pool({ connectionString: url, max: 2, application_name: `pdm-fhir-bench-${process.pid}` }),
);

/** CPU seconds of this benchmark's PostgreSQL backends, from /proc (the server runs on this machine). */
async function backendCpuSeconds() {
  const { rows } =
    await sql`SELECT pid FROM pg_stat_activity WHERE application_name = ${`pdm-fhir-bench-${process.pid}`}`.execute(
      db,
    );
  let ticks = 0;
  for (const { pid } of rows) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // Not readable here: the server is on another machine.
    }
  }
  return ticks / 100;
}

// The heap's size from V8 alone: process.memoryUsage() also reads the RSS
// from /proc, which cost 1% of the export's CPU at ten samples a second.
let peakHeap = 0;
const sampler = setInterval(() => {
  peakHeap = Math.max(peakHeap, getHeapStatistics().used_heap_size);
}, 100);
const rssBefore = process.memoryUsage().rss;
const cpu = process.cpuUsage();
const started = performance.now();
const result = await exportFhir(db, { out, schema, pullSchema: schema, bundle: format === 'bundle' });
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
const used = process.cpuUsage(cpu);
const postgresCpuSeconds = await backendCpuSeconds();
await db.destroy();
// VmHWM: the most resident memory this process ever had.
const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
const bytes = readdirSync(out).reduce((n, name) => n + statSync(path.join(out, name)).size, 0);
process.stdout.write(
  `${JSON.stringify({
    total: result.total,
    counts: result.counts,
    seconds,
    bytes,
    rssAfterLoadMiB: Math.round(rssBefore / 2 ** 20),
    peakRssMiB: Math.round(Number(hwm) / 1024),
    peakHeapMiB: Math.round(peakHeap / 2 ** 20),
    cpuSeconds: (used.user + used.system) / 1e6,
    postgresCpuSeconds,
  })}\n`,
);
