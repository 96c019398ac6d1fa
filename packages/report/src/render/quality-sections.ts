import type { TopLevelSpec } from 'vega-lite';
import type { ReportData } from '../report-data.js';
import { barSpec, renderChart } from './charts.js';
import { type Cell, escapeHtml, figure, formatShare, htmlTable, section } from './html.js';

/** Share present and share valid of every field, one bar each, grouped by field. */
function completenessSpec(data: ReportData): TopLevelSpec {
  const values = data.fields.flatMap((f) => {
    const label = `${f.entity} · ${f.field}`;
    const bars = [{ label, measure: 'present', share: f.rows > 0 ? f.present / f.rows : 0 }];
    if (f.valid !== null) bars.push({ label, measure: 'valid', share: f.rows > 0 ? f.valid / f.rows : 0 });
    return bars;
  });
  return {
    width: 260,
    height: { step: 15 },
    data: { values },
    mark: 'bar',
    encoding: {
      y: { field: 'label', type: 'nominal', sort: null, title: null },
      yOffset: { field: 'measure', type: 'nominal', sort: ['present', 'valid'] },
      x: {
        field: 'share',
        type: 'quantitative',
        title: 'share of rows',
        axis: { format: '%' },
        scale: { domain: [0, 1] },
      },
      color: {
        field: 'measure',
        type: 'nominal',
        title: null,
        scale: { domain: ['present', 'valid'], range: ['#9bb8dc', '#1f4e8c'] },
      },
    },
  } as TopLevelSpec;
}

async function completenessSection(data: ReportData): Promise<string> {
  const rows: Cell[][] = data.fields.map((f) => {
    const key = `field.${f.entity}.${f.field}`;
    return [
      f.entity,
      f.field,
      { count: f.rows, metric: `${key}.rows` },
      { count: f.present, metric: `${key}.present` },
      { share: [f.present, f.rows] },
      f.valid === null ? '–' : { count: f.valid, metric: `${key}.valid` },
      f.valid === null ? '–' : { share: [f.valid, f.rows] },
    ];
  });
  const table = htmlTable(['entity', 'field', 'rows', 'present', '% present', 'valid', '% valid'], rows);
  const c = data.coordinates;
  const coordinates = htmlTable(
    [
      'practices with coordinates',
      'inside India',
      `within ${c.reachKm} km of their city`,
      'city centre unknown',
    ],
    [
      [
        { count: c.present, metric: 'coordinates.present' },
        { count: c.insideIndia, metric: 'coordinates.insideIndia' },
        { count: c.nearCity, metric: 'coordinates.nearCity' },
        { count: c.cityUnknown, metric: 'coordinates.cityUnknown' },
      ],
    ],
    'Coordinates',
  );
  const rules = data.fields
    .filter((f) => f.rule)
    .map((f) => `<li><b>${escapeHtml(`${f.entity} ${f.field}`)}</b>: ${escapeHtml(f.rule ?? '')}</li>`)
    .join('');
  const svg = data.fields.length > 0 ? await renderChart(completenessSpec(data)) : null;
  return section(
    'completeness',
    'Completeness and validity',
    `${figure('completeness', 'Share of rows with each field present, and valid', svg, table)}
${coordinates}
<p class="note">Valid means:</p><ul class="rules">${rules}</ul>`,
  );
}

async function specialtiesSection(data: ReportData): Promise<string> {
  const s = data.specialties;
  const overview = htmlTable(
    ['', 'mapped', 'all', '% mapped'],
    [
      [
        'distinct wordings',
        { count: s.distinctMapped, metric: 'specialties.distinctMapped' },
        { count: s.distinct, metric: 'specialties.distinct' },
        { share: [s.distinctMapped, s.distinct] },
      ],
      [
        'wordings on practitioners',
        { count: s.occurrencesMapped, metric: 'specialties.occurrencesMapped' },
        { count: s.occurrences, metric: 'specialties.occurrences' },
        { share: [s.occurrencesMapped, s.occurrences] },
      ],
    ],
  );
  const top = htmlTable(
    ['unmapped wording', 'practitioners'],
    s.topUnmapped.map((u) => [u.wording, { count: u.count, metric: `specialties.unmapped.${u.wording}` }]),
  );
  const svg =
    s.topUnmapped.length > 0
      ? await renderChart(
          barSpec(
            s.topUnmapped.slice(0, 15).map((u) => ({ label: u.wording, count: u.count })),
            { title: 'practitioners', colour: '#8e5ea2' },
          ),
        )
      : null;
  return section(
    'specialties',
    'Specialties',
    `${overview}
${figure('specialties-unmapped', `Top unmapped wordings (of ${formatShare(s.occurrences - s.occurrencesMapped, s.occurrences)} unmapped): the list that grows the specialty table`, svg, top)}`,
  );
}

/** The completeness, validity and specialty sections. */
export async function qualitySections(data: ReportData): Promise<string[]> {
  return Promise.all([completenessSection(data), specialtiesSection(data)]);
}
