/**
 * How long the report of a large pull takes to build, and how much it weighs.
 *
 *   PDM_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench -w @provider-data/report -- --doctors 100000
 *
 * Loads one generated Apollo pull (dirt 0.05) through the real pipeline into
 * random schemas (dropped at the end), then builds the pull's report and the
 * health system's report three times each and prints the median time and the
 * page's size. Without a PostgreSQL URL it runs on PGlite.
 */
import { parseArgs } from 'node:util';
import { buildReport } from '../src/index.js';
import { openReportFixture } from '../test/report-fixture.js';

const { values } = parseArgs({
  options: { doctors: { type: 'string', default: '100000' }, cities: { type: 'string', default: '40' } },
});
const doctors = Number(values.doctors);
const cities = Number(values.cities);
const url = process.env.PDM_TEST_DATABASE_URL ?? 'memory://';

const loadStarted = Date.now();
const fixture = await openReportFixture(url, [
  { system: 'apollo', seed: 20261120, doctors, cities, dirt: 0.05, timestamp: '20261120T053000Z' },
]);
try {
  const { pullId, summary } = fixture.pulls[0]!;
  console.log(
    `loaded ${doctors.toLocaleString('en-US')} doctors in ${cities} cities on ${url.startsWith('postgres') ? 'PostgreSQL' : 'PGlite'} ` +
      `in ${((Date.now() - loadStarted) / 1000).toFixed(0)} s: ${summary.entities.practitioner.inserted.toLocaleString('en-US')} practitioners, ` +
      `${summary.entities.practice.inserted.toLocaleString('en-US')} practices, ${summary.entities.provider.inserted.toLocaleString('en-US')} providers`,
  );
  for (const [label, options] of [
    ['pull report', { pullId }],
    ['system report', { healthSystem: 'apollo' }],
  ] as const) {
    const times: number[] = [];
    let bytes = 0;
    for (let run = 0; run < 3; run++) {
      const started = performance.now();
      const { html } = await buildReport(fixture.handle.db, { ...fixture.schemas, ...options });
      times.push(performance.now() - started);
      bytes = Buffer.byteLength(html);
    }
    times.sort((a, b) => a - b);
    console.log(
      `${label}: median ${(times[1]! / 1000).toFixed(2)} s (runs ${times.map((t) => (t / 1000).toFixed(2)).join(', ')} s), ` +
        `${(bytes / 1024 / 1024).toFixed(2)} MB (${bytes.toLocaleString('en-US')} bytes)`,
    );
  }
} finally {
  await fixture.close();
}
