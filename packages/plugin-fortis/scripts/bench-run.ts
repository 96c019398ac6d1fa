// The body of bench.ts; run that file, not this one.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  checkRecordBounds,
  createLocalObjectStore,
  FileDataError,
  pullTime,
  silentLogger,
} from '@provider-data/core';
import { testPull, timeBoundsCheck } from '@provider-data/core/testing';
import { createFortisSource, createFortisTransformer } from '../src/index.js';
import { generateFortisPull } from '../src/testing/index.js';
import { pullOptions } from '../../../scripts/under-source.js';

const { values } = parseArgs({
  options: {
    ...pullOptions('0.01'),
    dir: { type: 'string' },
    keep: { type: 'boolean', default: false },
    'skip-bounds': { type: 'boolean', default: false },
  },
});
const doctors = Number(values.doctors);
const cities = Number(values.cities);
const dirt = Number(values.dirt);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** Samples heap and RSS every 25 ms and keeps the peaks. */
function sampler() {
  const peak = { heapUsed: 0, rss: 0 };
  const take = () => {
    const m = process.memoryUsage();
    peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed);
    peak.rss = Math.max(peak.rss, m.rss);
  };
  take();
  const timer = setInterval(take, 25);
  return {
    peak,
    stop() {
      clearInterval(timer);
      take();
    },
  };
}

async function sizeOf(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) total += (await stat(path.join(entry.parentPath, entry.name))).size;
  }
  return total;
}

const dir = values.dir ?? (await mkdtemp(path.join(tmpdir(), 'fortis-bench-')));
console.log(`Node ${process.version}; ${doctors} doctors, ${cities} cities, dirt ${dirt}, into ${dir}`);

gc();
let memory = sampler();
let started = performance.now();
const generated = await generateFortisPull({
  seed: Number(values.seed),
  doctors,
  cities,
  dirt,
  target: { dir },
});
memory.stop();
const generateSeconds = (performance.now() - started) / 1000;
const bytes = await sizeOf(dir);
console.log(
  `generate: ${generated.expected.records.read} lines in ${generateSeconds.toFixed(1)} s ` +
    `(${Math.round(generated.expected.records.read / generateSeconds)} lines/s), ${mb(bytes)} on disk, ` +
    `peak heap ${mb(memory.peak.heapUsed)}, peak RSS ${mb(memory.peak.rss)}`,
);

const pull = testPull({ healthSystem: 'fortis', pullTimestamp: generated.pullTimestamp });
const context = { pull, store: createLocalObjectStore(dir), logger: silentLogger };
const source = createFortisSource();
const transformer = createFortisTransformer();
const time = pullTime(pull);

gc();
const baseline = process.memoryUsage();
memory = sampler();
started = performance.now();
const cpuBefore = process.cpuUsage();
// Heap after a full GC at every quarter of the lines: what the run retains, without the garbage.
const retained: string[] = [];
const quarter = Math.max(1, Math.floor(generated.expected.records.read / 4));
let read = 0;
let canonical = 0;
let quarantined = 0;
let failedFiles = 0;
let outOfBounds = 0;
// The first records, kept to time the bound check alone after the run.
const sample: unknown[] = [];
for await (const file of source.listFiles(context)) {
  const transformContext = { pull, file, pullTime: time };
  try {
    for await (const item of source.readFile(file, context)) {
      read++;
      if (read % quarter === 0) {
        gc();
        retained.push(mb(process.memoryUsage().heapUsed));
      }
      if (item.kind === 'issue') {
        quarantined++;
        continue;
      }
      if (sample.length < 20_000) sample.push(item.value);
      // As the pipeline does before every transform; --skip-bounds leaves it out.
      if (!values['skip-bounds'] && checkRecordBounds(item.value) !== null) {
        outOfBounds++;
        quarantined++;
        continue;
      }
      const result = transformer.transform(item, transformContext);
      const produced =
        (result.practitioners?.length ?? 0) +
        (result.practices?.length ?? 0) +
        (result.providers?.length ?? 0);
      canonical += produced;
      if (produced === 0) quarantined++;
    }
  } catch (error) {
    if (!FileDataError.is(error)) throw error;
    failedFiles++;
  }
}
memory.stop();
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
// CPU time of this process (all threads: zlib and GC too): a figure that a busy machine disturbs less.
const cpuSeconds = (cpu.user + cpu.system) / 1e6;

console.log(
  `read + transform: ${read} lines in ${seconds.toFixed(1)} s = ${Math.round(read / seconds)} records/s ` +
    `(${(bytes / 1024 / 1024 / seconds).toFixed(1)} MB/s of files); ${canonical} canonical records, ` +
    `${quarantined} lines quarantined, ${failedFiles} files failed`,
);
console.log(
  `cpu: ${cpuSeconds.toFixed(1)} s of CPU = ${Math.round(read / cpuSeconds)} records per CPU-second ` +
    `(wall/CPU ${(seconds / cpuSeconds).toFixed(2)}; above 1 means the process waited for a core or for I/O)`,
);
console.log(
  `memory: heap ${mb(baseline.heapUsed)} before, peak ${mb(memory.peak.heapUsed)} ` +
    `(growth ${mb(memory.peak.heapUsed - baseline.heapUsed)}); RSS peak ${mb(memory.peak.rss)}; ` +
    `heap after GC at each quarter of the lines: ${retained.join(', ')}`,
);
console.log(
  `bounds: ${values['skip-bounds'] ? 'skipped' : `${outOfBounds} lines out of bounds`}; ${boundsCost()}`,
);

/** What checkRecordBounds alone costs per record, over the sampled records, and its share of the run. */
function boundsCost(): string {
  if (sample.length === 0) return 'no record sampled';
  const us = timeBoundsCheck(sample);
  return `the check alone ${us.toFixed(2)} µs per record = ${(((us * read) / 1e6 / cpuSeconds) * 100).toFixed(1)}% of the run's CPU time`;
}

const expected = generated.expected;
if (
  read !== expected.records.read ||
  quarantined !== expected.records.quarantined ||
  failedFiles !== expected.failedFiles
) {
  console.error(
    `MISMATCH with the generator: read ${read}/${expected.records.read}, quarantined ${quarantined}/${expected.records.quarantined}, failed files ${failedFiles}/${expected.failedFiles}`,
  );
  process.exitCode = 1;
}
if (!values.keep && !values.dir) await rm(dir, { recursive: true, force: true });
