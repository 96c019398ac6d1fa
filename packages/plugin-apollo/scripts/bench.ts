/**
 * Benchmarks the Apollo source and transformer without a sink:
 *
 *   npx tsx packages/plugin-apollo/scripts/bench.ts --doctors 2000000 [--cities 40] [--dirt 0] [--seed 1] [--read-only] [--skip-bounds] [--clean]
 *
 * Generates a pull into a temporary folder (reused when it exists), streams
 * every file through the source, core's record bounds and the transformer (as
 * the pipeline does; `--skip-bounds` leaves the bounds out), and prints
 * records per second, peak heap and RSS, the heap growth over the read, and
 * what the bound check costs per record.
 */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pullOptions, underSource } from '../../../scripts/under-source.js';

const { values } = parseArgs({
  options: {
    ...pullOptions('0'),
    clean: { type: 'boolean', default: false },
    'read-only': { type: 'boolean', default: false },
    'skip-bounds': { type: 'boolean', default: false },
  },
});

if (!underSource(import.meta.url)) process.exit();

const { checkRecordBounds, createLocalObjectStore, pullTime, silentLogger } = await import(
  '@provider-data/core'
);
const { timeBoundsCheck } = await import('@provider-data/core/testing');
const { apolloPlugin } = await import('../src/index.js');
const { generateApolloPull } = await import('../src/testing/index.js');

const doctors = Number(values.doctors);
const cities = Number(values.cities);
const dirt = Number(values.dirt);
const seed = Number(values.seed);
const dir = path.join(tmpdir(), `apollo-bench-${seed}-${doctors}-${cities}-${dirt}`);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

if (!existsSync(path.join(dir, 'done'))) {
  await rm(dir, { recursive: true, force: true });
  const started = Date.now();
  const generated = await generateApolloPull({ seed, doctors, cities, dirt, target: { dir } });
  await import('node:fs/promises').then((fs) =>
    fs.writeFile(path.join(dir, 'done'), JSON.stringify(generated.expected)),
  );
  console.log(
    `generated ${doctors} doctors in ${cities} cities in ${((Date.now() - started) / 1000).toFixed(1)} s (peak RSS so far ${mb(process.memoryUsage().rss)})`,
  );
}

const pull = {
  pullId: '00000000-0000-4000-8000-000000000001',
  healthSystem: 'apollo',
  pullTimestamp: '20261120T053000Z',
  dataType: 'full' as const,
  bucket: null,
  status: 'pending' as const,
};
const { source, transformer } = apolloPlugin.create(apolloPlugin.configSchema.parse({}));
const store = createLocalObjectStore(dir);
const context = { pull, store, logger: silentLogger };

global.gc?.();
const baseHeap = process.memoryUsage().heapUsed;
let peakHeap = baseHeap;
let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => {
  const m = process.memoryUsage();
  peakHeap = Math.max(peakHeap, m.heapUsed);
  peakRss = Math.max(peakRss, m.rss);
}, 100);

const started = performance.now();
const cpuStart = process.cpuUsage();
let records = 0;
const retained: number[] = [];
let bytes = 0;
let canonical = 0;
let outOfBounds = 0;
// The first records, kept to time the bound check alone after the run.
const sample: unknown[] = [];
for await (const file of source.listFiles(context)) {
  bytes += file.size;
  const transformContext = { pull, file, pullTime: pullTime(pull) };
  try {
    for await (const item of source.readFile(file, context)) {
      records++;
      // Live heap after a full collection, now and then: flat means nothing is retained per record.
      if (records % 100_000 === 0 && global.gc) {
        global.gc();
        retained.push(process.memoryUsage().heapUsed);
      }
      if (item.kind !== 'record' || values['read-only']) continue;
      if (sample.length < 20_000) sample.push(item.value);
      if (!values['skip-bounds'] && checkRecordBounds(item.value) !== null) {
        outOfBounds++;
        continue;
      }
      const result = transformer.transform(item, transformContext);
      canonical +=
        (result.practitioners?.length ?? 0) +
        (result.practices?.length ?? 0) +
        (result.providers?.length ?? 0);
    }
  } catch (error) {
    if (!(error instanceof Error && 'reason' in error)) throw error;
  }
}
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuStart);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
clearInterval(sampler);
const end = process.memoryUsage();
peakHeap = Math.max(peakHeap, end.heapUsed);
peakRss = Math.max(peakRss, end.rss);

console.log(
  [
    `records        ${records} raw → ${canonical} canonical, ${mb(bytes)} of JSON`,
    `time           ${seconds.toFixed(1)} s wall, ${cpuSeconds.toFixed(1)} s CPU (load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores)`,
    `rate           ${Math.round(records / seconds)} records/s wall, ${Math.round(records / cpuSeconds)} records per CPU-second, ${(bytes / 1024 / 1024 / seconds).toFixed(1)} MB/s`,
    `peak heap      ${mb(peakHeap)} (heap growth over the read ${mb(peakHeap - baseHeap)})`,
    `peak RSS       ${mb(peakRss)}`,
    `live heap      ${retained.length ? retained.map(mb).join(', ') : 'n/a'} (after a full GC every 100,000 records)`,
    `bounds         ${values['skip-bounds'] ? 'skipped' : `${outOfBounds} records out of bounds`}; ${boundsCost()}`,
  ].join('\n'),
);

/** What checkRecordBounds alone costs per record, over the sampled records, and its share of the run. */
function boundsCost(): string {
  if (sample.length === 0) return 'no record sampled';
  const us = timeBoundsCheck(sample);
  return `the check alone ${us.toFixed(2)} µs per record = ${(((us * records) / 1e6 / cpuSeconds) * 100).toFixed(1)}% of the run's CPU time`;
}
if (values.clean) await rm(dir, { recursive: true, force: true });
