import type { TopLevelSpec } from 'vega-lite';
import type { ChangesReport, QuarantineReport, ReportData, TrendPoint } from '../report-data.js';
import { barSpec, renderChart } from './charts.js';
import { type Cell, escapeHtml, figure, htmlTable, section } from './html.js';

const OUTCOMES = ['inserted', 'updated', 'unchanged', 'deactivated'] as const;
const OUTCOME_COLOURS = ['#2e7d32', '#ef8f00', '#9bb8dc', '#c62828'];

/** The last two segments of an object key: `chennai/doctors.ndjson`. */
const shortKey = (key: string) => key.split('/').slice(-2).join('/');

async function quarantineSection(q: QuarantineReport | null): Promise<string> {
  if (!q) return section('quarantine', 'Quarantine', '<p class="empty">No pull to report on yet.</p>');
  const byReason = htmlTable(
    ['reason', 'rows'],
    [
      ...q.byReason.map((r): Cell[] => [
        r.reason,
        { count: r.count, metric: `quarantine.reason.${r.reason}` },
      ]),
      ['all', { count: q.total, metric: 'quarantine.total' }],
    ],
  );
  const svg =
    q.byReason.length > 0
      ? await renderChart(
          barSpec(
            q.byReason.map((r) => ({ label: r.reason, count: r.count })),
            { title: 'quarantined rows', colour: '#c0504d' },
          ),
        )
      : null;
  const byFile = htmlTable(
    ['file', 'rows', 'reasons'],
    q.byFile.map((f) => [
      shortKey(f.objectKey),
      { count: f.count, metric: `quarantine.file.${f.objectKey}` },
      Object.entries(f.reasons)
        .sort((a, b) => b[1] - a[1])
        .map(([reason, n]) => `${reason} ${n}`)
        .join(', '),
    ]),
    'By file',
  );
  const samples = q.byReason
    .map((r) => {
      const items = r.samples
        .map(
          (
            s,
          ) => `<li><div class="where">${escapeHtml(shortKey(s.objectKey))}${s.position ? ` · ${escapeHtml(s.position)}` : ''} · ${escapeHtml(s.entity)}${s.sourceId ? ` · ${escapeHtml(s.sourceId)}` : ''}</div>
<div>${escapeHtml(s.message)}</div>${s.raw ? `<pre>${escapeHtml(s.raw)}</pre>` : ''}</li>`,
        )
        .join('\n');
      return `<h4>${escapeHtml(r.reason)}</h4><ol class="samples">${items}</ol>`;
    })
    .join('\n');
  const body =
    q.total === 0
      ? '<p class="empty">Nothing was quarantined in this pull.</p>'
      : `${figure('quarantine-reasons', 'Quarantined rows by reason', svg, byReason)}
${byFile}
<h3>Sample records</h3>
${samples}`;
  return section('quarantine', 'Quarantine', body);
}

function changesSpec(changes: ChangesReport): TopLevelSpec {
  const values = changes.entities.flatMap((e) =>
    OUTCOMES.map((outcome) => ({ entity: e.entity, outcome, count: e[outcome] })),
  );
  return {
    width: 360,
    height: { step: 28 },
    data: { values },
    mark: 'bar',
    encoding: {
      y: { field: 'entity', type: 'nominal', sort: null, title: null },
      x: { field: 'count', type: 'quantitative', stack: 'zero', title: 'rows', axis: { format: ',d' } },
      color: {
        field: 'outcome',
        type: 'nominal',
        title: null,
        scale: { domain: [...OUTCOMES], range: OUTCOME_COLOURS },
      },
      order: { field: 'outcome', sort: 'ascending' },
    },
  } as TopLevelSpec;
}

async function changesSection(data: ReportData): Promise<string> {
  const { changes, scope } = data;
  if (!changes)
    return section(
      'changes',
      'Changes against the previous pull',
      '<p class="empty">No pull summary to compare.</p>',
    );
  const against = scope.previousPull
    ? `Against the previous processed pull of ${escapeHtml(scope.healthSystem)}: <code>${escapeHtml(scope.previousPull.pullTimestamp)}</code> (${escapeHtml(scope.previousPull.pullId)}).`
    : `This is the first processed pull of ${escapeHtml(scope.healthSystem)}: every record is new.`;
  const table = htmlTable(
    ['entity', ...OUTCOMES, 'superseded', 'quarantined'],
    changes.entities.map((e) => [
      e.entity,
      ...OUTCOMES.map((o): Cell => ({ count: e[o], metric: `changes.${e.entity}.${o}` })),
      { count: e.superseded, metric: `changes.${e.entity}.superseded` },
      { count: e.quarantined, metric: `changes.${e.entity}.quarantined` },
    ]),
  );
  const svg = await renderChart(changesSpec(changes));
  let fields = '<p class="note">This pull\'s summary does not record which fields changed.</p>';
  if (changes.changedFields && changes.changedFields.length > 0) {
    const fieldsSvg = await renderChart(
      barSpec(
        changes.changedFields.map((f) => ({ label: `${f.entity} · ${f.field}`, count: f.count })),
        { title: 'updated rows that changed it', colour: '#ef8f00' },
      ),
    );
    const fieldsTable = htmlTable(
      ['entity', 'field', 'updated rows'],
      changes.changedFields.map((f) => [
        f.entity,
        f.field,
        { count: f.count, metric: `changes.field.${f.entity}.${f.field}` },
      ]),
    );
    fields = figure('changed-fields', 'Which fields the updates changed', fieldsSvg, fieldsTable);
  } else if (changes.changedFields) fields = '<p class="note">No row was updated.</p>';
  return section(
    'changes',
    'Changes against the previous pull',
    `<p>${against}</p>
${figure('changes', 'What the pull did to each entity', svg, table)}
${fields}`,
  );
}

function trendSpec(trend: readonly TrendPoint[]): TopLevelSpec {
  const values = trend.flatMap((t) =>
    (['loaded', 'quarantined'] as const)
      .filter((k) => t[k] !== null)
      .map((series) => ({ pull: t.pullTimestamp, series, count: t[series] })),
  );
  return {
    width: 460,
    height: 200,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'pull', type: 'ordinal', title: 'pull', axis: { labelAngle: -40 } },
      y: { field: 'count', type: 'quantitative', title: 'records', axis: { format: ',d' } },
      color: {
        field: 'series',
        type: 'nominal',
        title: null,
        scale: { domain: ['loaded', 'quarantined'], range: ['#1f4e8c', '#c0504d'] },
      },
    },
  } as TopLevelSpec;
}

async function trendSection(data: ReportData): Promise<string> {
  const withCounts = data.trend.filter((t) => t.read !== null);
  const orDash = (value: number | null, metric: string): Cell =>
    value === null ? '–' : { count: value, metric };
  const table = htmlTable(
    ['pull', 'status', 'read', 'loaded', 'quarantined'],
    data.trend.map((t) => [
      t.pullTimestamp,
      t.status,
      orDash(t.read, `trend.${t.pullId}.read`),
      orDash(t.loaded, `trend.${t.pullId}.loaded`),
      orDash(t.quarantined, `trend.${t.pullId}.quarantined`),
    ]),
  );
  const svg = withCounts.length > 0 ? await renderChart(trendSpec(data.trend)) : null;
  return section(
    'trend',
    'Records and quarantine per pull',
    figure('trend', `The last ${data.trend.length} pulls of ${data.scope.healthSystem}`, svg, table),
  );
}

/** The quarantine, changes and trend sections. */
export async function pullSections(data: ReportData): Promise<string[]> {
  return Promise.all([quarantineSection(data.quarantine), changesSection(data), trendSection(data)]);
}
