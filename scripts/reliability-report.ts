// Rewrites the figures section of RELIABILITY.md from the fault suite's last
// run: test/faults/.figures/*.json, written by `npm run test:faults`.
// Usage: npx tsx scripts/reliability-report.ts [--check]
//   --check: exit 1 when RELIABILITY.md is not current, write nothing.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const figuresDir = path.join(root, 'test', 'faults', '.figures');
const target = path.join(root, 'RELIABILITY.md');
const START = '<!-- figures:start (written by scripts/reliability-report.ts) -->';
const END = '<!-- figures:end -->';

type Json = Record<string, unknown>;

function load(): Record<string, Json> {
  if (!existsSync(figuresDir)) return {};
  const out: Record<string, Json> = {};
  for (const name of readdirSync(figuresDir).sort()) {
    if (!name.endsWith('.json')) continue;
    out[name.slice(0, -5)] = JSON.parse(readFileSync(path.join(figuresDir, name), 'utf8')) as Json;
  }
  return out;
}

const n = (value: unknown): string =>
  typeof value === 'number' ? value.toLocaleString('en') : value === undefined ? '—' : String(value);
const obj = (value: unknown): Json => (value && typeof value === 'object' ? (value as Json) : {});
const when = (figure: Json): string =>
  typeof figure.at === 'string' ? figure.at.slice(0, 16).replace('T', ' ') : '?';
const inline = (value: unknown): string =>
  Object.entries(obj(value))
    .map(([k, v]) => `${k}: ${n(v)}`)
    .join(', ');
const seconds = (ms: unknown): string => (typeof ms === 'number' ? `${(ms / 1000).toFixed(1)} s` : '—');

function table(rows: [string, string][]): string[] {
  return ['| figure | value |', '| --- | --- |', ...rows.map(([k, v]) => `| ${k} | ${v} |`)];
}

function killSection(f: Json): string[] {
  return [
    `### kill -9 (\`test/faults/kill.test.ts\`, ${when(f)} UTC)`,
    '',
    ...table([
      ['kills delivered to a live worker mid-pull', n(f.killsDelivered)],
      ['of which in reprocess runs', n(f.killsInReprocessRuns)],
      ['kills that landed after the pull was finished (not counted)', n(f.killsAfterFinish ?? 0)],
      ['cycles (the pull reached `processed`)', n(f.cycles)],
      ['claims of the pull (`attempts`)', n(f.attempts)],
      [
        'pull',
        `${n(f.files)} files, ${n(f.recordsPerRun)} raw records, ${n(f.doctors)} doctors, seed ${String(f.seed)}`,
      ],
      ['clean run / unchanged reprocess', `${seconds(f.cleanRunMs)} / ${seconds(f.reprocessRunMs)}`],
      ['kill delay (ms after the worker was let go)', inline(f.killDelayMs)],
      ['files checkpointed when killed → kills', inline(f.filesCheckpointedAtKill)],
      [
        'rows compared with the clean run',
        `${n(f.rowsCompared)} (${(f.tablesCompared as string[] | undefined)?.join(', ') ?? ''})`,
      ],
      ['rows whose `raw` came from another listing of the record', inline(f.rawFromAnotherListing)],
      ['records lost', n(f.recordsLost)],
      ['test time', seconds(f.durationMs)],
    ]),
  ];
}

function workersSection(f: Json): string[] {
  return [
    `### Shared workers (\`test/faults/workers.test.ts\`, ${when(f)} UTC)`,
    '',
    ...table([
      ['worker processes', n(f.workers)],
      ['files', n(f.files)],
      ['files processed by each worker', (f.filesByWorker as number[] | undefined)?.join(', ') ?? '—'],
      ['claims per file', n(f.claimsPerFile)],
      ['finalizers', n(f.finalizers)],
      ['raw records', n(f.recordsRead)],
      ['rows compared with one worker', n(f.rowsCompared)],
      ['rows whose `raw` came from another listing of the record', inline(f.rawFromAnotherListing)],
      [
        'one worker / shared (wall clock, with start-up)',
        `${seconds(f.oneWorkerMs)} / ${seconds(f.sharedMs)}`,
      ],
    ]),
  ];
}

function infrastructureSection(f: Json): string[] {
  const rows: [string, string][] = [];
  const cut = obj(f.postgresCut);
  if (Object.keys(cut).length)
    rows.push([
      'PostgreSQL backends terminated mid-file',
      `${n(cut.backendsTerminated)} backends, after ${n(cut.filesCommittedBeforeCut)} files committed → ${n(cut.outcome)}; rerun resumed ${n(cut.filesResumedByRerun)} files; ${n(cut.rowsCompared)} rows equal`,
    ]);
  const absorbed = obj(f.s3Absorbed);
  if (Object.keys(absorbed).length)
    rows.push([
      'S3 500s absorbed by the SDK retries',
      `${n(absorbed.error500)} × 500 of ${n(absorbed.requests)} requests, ${n(absorbed.delayed)} delayed, ${n(absorbed.slowBodies)} slow bodies → processed; ${n(absorbed.rowsCompared)} rows equal`,
    ]);
  const down = obj(f.s3FailedForGood);
  if (Object.keys(down).length)
    rows.push([
      'S3 failing for good on one object',
      `${n(down.attemptsOnBrokenObject)} attempts → ${n(down.outcome)}; ${n(down.filesCommittedBeforeFailure)} files kept; ${n(down.rowsCompared)} rows equal`,
    ]);
  const bodyCut = obj(f.s3BodyCut);
  if (Object.keys(bodyCut).length)
    rows.push([
      'S3 connection cut part way through a body',
      `${n(bodyCut.cut)} cut responses → ${n(bodyCut.outcome)}, no quarantine row; ${n(bodyCut.rowsCompared)} rows equal after the rerun`,
    ]);
  const stopped = obj(f.s3Stopped);
  if (Object.keys(stopped).length)
    rows.push([
      's3rver stopped mid-pull',
      `after ${n(stopped.filesCommittedBeforeStop)} file → ${n(stopped.outcome)}; ${n(stopped.rowsCompared)} rows equal`,
    ]);
  const places = obj(f.placesStorm);
  if (Object.keys(places).length)
    rows.push([
      'Places 429 storm',
      `${n(places.practices)} practices, ${n(places.callsDuringStorm)} calls → all failed, records lost ${n(places.recordsLost)}; after the storm: ${inline(places.afterStorm)} in ${n(places.callsAfterStorm)} calls`,
    ]);
  const finishCut = obj(f.finishCut);
  if (Object.keys(finishCut).length)
    rows.push([
      'PostgreSQL backends terminated while the pull is finished',
      `${n(finishCut.backendsTerminated)} backends, after all ${n(finishCut.filesCheckpointed)} files checkpointed, between two statements of the finish → ${n(finishCut.outcome)}; rerun resumed ${n(finishCut.filesResumedByRerun)} files; ${n(finishCut.rowsCompared)} rows equal`,
    ]);
  const twice = obj(f.finishTwice);
  if (Object.keys(twice).length)
    rows.push([
      'worker dead between finishing the sink and the pull row',
      `tables equal: ${n(twice.tablesEqualCleanRun)}; summary reconciles: ${n(twice.summaryReconciles)}`,
    ]);
  return [
    `### Broken infrastructure (\`test/faults/infrastructure.test.ts\`, ${when(f)} UTC)`,
    '',
    ...table(rows),
  ];
}

function fuzzSection(f: Json): string[] {
  const rows: [string, string][] = [];
  for (const format of ['apollo', 'fortis']) {
    const x = obj(f[format]);
    rows.push([
      `${format}`,
      `${n(x.cases)} fuzzed records or lines in ${n(x.files)} files, ${n(x.recordsRead)} raw records read`,
    ]);
  }
  rows.push(['seed', String(f.seed)]);
  return [`### Hostile input (\`test/faults/hostile-input.test.ts\`, ${when(f)} UTC)`, '', ...table(rows)];
}

function poisonSection(f: Json): string[] {
  const rows: [string, string][] = [];
  for (const format of ['fortis', 'apollo']) {
    const x = obj(f[format]);
    if (!Object.keys(x).length) continue;
    rows.push([
      `${format}: a valid doctor with a field nested 5,000 arrays deep (${n(x.deepLineBytes)} characters)`,
      `record_too_deep, pull processed and reconciled (${n(x.recordsRead)} raw records, ${n(x.quarantined)} quarantined); with the bound lifted the sink quarantines it as unencodable_record: ${n(x.unencodableWithBoundLifted)}`,
    ]);
    rows.push([`${format}: a UTF-16 file`, `unsupported_encoding, the file failed, the pull processed`]);
  }
  rows.push(['database', String(f.database)]);
  return [`### Poison records (\`test/faults/poison-input.test.ts\`, ${when(f)} UTC)`, '', ...table(rows)];
}

/** A message in a table cell: code-quoted, pull ids shortened (they are random per run). */
function quoted(message: unknown): string {
  const text = String(message)
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<pull>')
    .replace(/\|/g, '\\|');
  return `\`${text}\``;
}

function fencingSection(f: Json): string[] {
  const rows: [string, string][] = [];
  const x = obj(f.exclusive);
  if (Object.keys(x).length) {
    rows.push([
      'the slow record',
      `a ${n(x.listItems)}-item pipe list, a ${n(x.lineBytes)}-byte line; the worker holds its event loop ${n(x.stallMs)} ms on it, past its ${n(x.leaseMs)} ms lease`,
    ]);
    rows.push([
      'two exclusive workers',
      `the first committed ${n(x.filesCommittedByFirst)} files, the second took over ${n(x.takeoverAfterStallMs)} ms into the stall and processed ${n(x.filesProcessedBySecond)}; attempts ${n(x.attempts)}; ${n(x.quarantineRows)} quarantine rows as in a clean run; reconciled: ${n(x.reconciled)}; ${n(x.rowsCompared)} rows equal`,
    ]);
    rows.push(['what the first worker said', quoted(x.firstWorker)]);
  }
  const y = obj(f.shared);
  if (Object.keys(y).length) {
    rows.push([
      'shared workers',
      `the long list's file claimed ${n(y.claimsOfTheLongListFile)} times, every other file once; ${n(y.quarantineRows)} quarantine rows as in a clean run; reconciled: ${n(y.reconciled)}; ${n(y.rowsCompared)} rows equal`,
    ]);
    rows.push(['what the stalled worker said', quoted(y.stalledWorker)]);
  }
  return [`### Fencing (\`test/faults/fencing.test.ts\`, ${when(f)} UTC)`, '', ...table(rows)];
}

const SECTIONS: Record<string, (f: Json) => string[]> = {
  kill: killSection,
  workers: workersSection,
  fencing: fencingSection,
  infrastructure: infrastructureSection,
  poison: poisonSection,
  fuzz: fuzzSection,
};

function render(figures: Record<string, Json>): string {
  const lines: string[] = [START, ''];
  if (Object.keys(figures).length === 0) {
    lines.push('No figures yet: run `npm run test:faults` with PDM_TEST_DATABASE_URL set.', '');
  }
  const kill = figures.kill;
  const fuzz = figures.fuzz;
  if (kill || fuzz) {
    const fuzzCases = fuzz
      ? ['apollo', 'fortis'].map((f) => `${f} ${n(obj(fuzz[f]).cases)}`).join(', ')
      : 'not run';
    const fencing = figures.fencing;
    const takeovers = fencing
      ? ['exclusive', 'shared'].filter((k) => obj(fencing[k]).reconciled === true).length
      : 0;
    lines.push(
      `In short: **${n(kill?.killsDelivered ?? 0)} kills survived** mid-pull, fuzz cases tried: ${fuzzCases}, ` +
        `**records lost: ${n(kill?.recordsLost ?? '—')}**` +
        (fencing
          ? `; **${takeovers} takeovers of a worker stalled past its lease**, its writes fenced, tables as a clean run's`
          : '') +
        '.',
      '',
    );
  }
  for (const [name, section] of Object.entries(SECTIONS)) {
    if (figures[name]) lines.push(...section(figures[name]!), '');
  }
  for (const [name, figure] of Object.entries(figures)) {
    if (SECTIONS[name]) continue;
    lines.push(`### ${name}`, '', '```json', JSON.stringify(figure, null, 2), '```', '');
  }
  lines.push(END);
  return lines.join('\n');
}

const figures = load();
const section = render(figures);
const current = existsSync(target) ? readFileSync(target, 'utf8') : '';
let next: string;
const from = current.indexOf(START);
const to = current.indexOf(END);
if (from >= 0 && to > from) next = current.slice(0, from) + section + current.slice(to + END.length);
else next = `${current.trimEnd()}${current ? '\n\n' : ''}## Figures of the last run\n\n${section}\n`;

if (process.argv.includes('--check')) {
  if (next !== current) {
    console.error('RELIABILITY.md is not current: run npx tsx scripts/reliability-report.ts');
    process.exit(1);
  }
  console.log('RELIABILITY.md is current');
} else {
  writeFileSync(target, next);
  console.log(`RELIABILITY.md: figures of ${Object.keys(figures).join(', ') || 'nothing'} written`);
}
