import type { TopLevelSpec } from 'vega-lite';
import type { IndiaOutline } from '../geo/india-outline.js';
import type { MapPoint, ReportData } from '../report-data.js';
import { barSpec, renderChart, STATUS_COLOURS } from './charts.js';
import { type Cell, escapeHtml, figure, formatShare, htmlTable, section } from './html.js';

/** The frame the map draws: India and its seas. A point outside it is counted, not drawn. */
const FRAME = { south: 5, north: 38, west: 66, east: 99 };
const onMap = (p: MapPoint) =>
  p.lat >= FRAME.south && p.lat <= FRAME.north && p.lng >= FRAME.west && p.lng <= FRAME.east;

function statusColours(statuses: readonly string[]): Record<string, string> {
  return Object.fromEntries(statuses.map((s) => [s, STATUS_COLOURS[s] ?? '#5b5b5b']));
}

function mapSpec(
  outline: IndiaOutline,
  points: readonly MapPoint[],
  colours: Record<string, string>,
): TopLevelSpec {
  return {
    width: 420,
    height: 460,
    projection: { type: 'mercator' },
    layer: [
      {
        data: { values: [outline] },
        mark: { type: 'geoshape', fill: '#eef1f5', stroke: '#8895a7', strokeWidth: 0.8 },
      },
      {
        // Two decimals (about a kilometre) are all a map this size can show.
        data: {
          values: points.map((p) => ({
            lat: Math.round(p.lat * 100) / 100,
            lng: Math.round(p.lng * 100) / 100,
            status: p.status,
          })),
        },
        // No ARIA label per point: the table beside the map carries the numbers, and labels would triple the size.
        mark: { type: 'circle', size: 16, opacity: 0.8, aria: false },
        encoding: {
          longitude: { field: 'lng', type: 'quantitative' },
          latitude: { field: 'lat', type: 'quantitative' },
          color: {
            field: 'status',
            type: 'nominal',
            title: 'enrichment',
            scale: { domain: Object.keys(colours), range: Object.values(colours) },
          },
        },
      },
    ],
  } as TopLevelSpec;
}

async function enrichmentSection(data: ReportData, outline: IndiaOutline): Promise<string> {
  const e = data.enrichment;
  const practices = e.byStatus.reduce((sum, s) => sum + s.count, 0);
  const colours = statusColours(e.byStatus.map((s) => s.status));
  const table = htmlTable(
    ['status', 'practices', 'share'],
    e.byStatus.map((s): Cell[] => [
      s.status,
      { count: s.count, metric: `enrichment.status.${s.status}` },
      { share: [s.count, practices] },
    ]),
  );
  const svg =
    e.byStatus.length > 0
      ? await renderChart(
          barSpec(
            e.byStatus.map((s) => ({ label: s.status, count: s.count })),
            { title: 'practices', colours },
          ),
        )
      : null;
  const pullCounts = Object.entries(e.pullCounts);
  const pullTable =
    pullCounts.length > 0
      ? htmlTable(
          ['this pull', 'count'],
          pullCounts.map(([k, v]) => [k, { count: v, metric: `enrichment.pull.${k}` }]),
          'What enrichment did in the pull',
        )
      : '<p class="note">The pull\'s summary records no enrichment (no Places key, or enrichment off).</p>';
  const evidence = e.evidence
    ? htmlTable(
        ['rule', 'practices'],
        e.evidence.byRule.map((r) => [r.rule, { count: r.count, metric: `enrichment.rule.${r.rule}` }]),
        `Decisions by rule (column ${e.evidence.column})`,
      )
    : '';

  const drawn = data.map.points.filter(onMap);
  const mapColours = statusColours([...new Set(drawn.map((p) => p.status))].sort());
  const mapTable = htmlTable(
    ['practices', 'count'],
    [
      ['with coordinates', { count: data.map.withCoordinates, metric: 'map.withCoordinates' }],
      ['sampled for the map', { count: data.map.points.length, metric: 'map.sampled' }],
      ['drawn (inside the frame)', { count: drawn.length, metric: 'map.drawn' }],
      [
        'without coordinates',
        { count: data.totals.practice - data.map.withCoordinates, metric: 'map.withoutCoordinates' },
      ],
    ],
  );
  const mapSvg = await renderChart(mapSpec(outline, drawn, mapColours));
  const sampled =
    data.map.points.length < data.map.withCoordinates
      ? `A sample of ${data.map.points.length} of ${data.map.withCoordinates} practices, taken in id order. `
      : '';
  return section(
    'enrichment',
    'Enrichment and the map',
    `${figure('enrichment', 'Practices by enrichment status', svg, table)}
${pullTable}
${evidence}
${figure('map', 'Practices on the map, coloured by enrichment status', mapSvg, mapTable, `${sampled}Points outside India's frame (${FRAME.south}–${FRAME.north}° N, ${FRAME.west}–${FRAME.east}° E) are counted, not drawn. Outline: Natural Earth 1:50m (world-atlas). ${formatShare(data.map.withCoordinates, data.totals.practice)} of practices have coordinates.`)}`,
  );
}

async function identitySection(data: ReportData): Promise<string> {
  const id = data.identity;
  if (!id) {
    return section(
      'identity',
      'Identity links',
      '<p class="note">The identity tables (<code>persons</code>, <code>person_links</code>) are not in this database: practitioners are not linked into persons.</p>',
    );
  }
  const table = htmlTable(
    ['method', 'practitioners'],
    [
      ...id.byMethod.map((m): Cell[] => [
        m.method,
        { count: m.count, metric: `identity.method.${m.method}` },
      ]),
      ['not linked yet', { count: id.unlinked, metric: 'identity.unlinked' }],
    ],
  );
  const persons = htmlTable(
    ['persons', 'count'],
    [
      ['persons of these practitioners', { count: id.persons, metric: 'identity.persons' }],
      [
        'with more than one practitioner row',
        { count: id.multiPractitionerPersons, metric: 'identity.multiPractitionerPersons' },
      ],
      ['across health systems', { count: id.crossSystemPersons, metric: 'identity.crossSystemPersons' }],
    ],
  );
  const svg =
    id.byMethod.length > 0
      ? await renderChart(
          barSpec(
            id.byMethod.map((m) => ({ label: m.method, count: m.count })),
            { title: 'practitioners', colour: '#5a8f7b' },
          ),
        )
      : null;
  return section(
    'identity',
    'Identity links',
    `${figure('identity', 'Practitioners by how they were linked to a person', svg, table)}\n${persons}\n<p class="note">${escapeHtml(`${id.linked} of ${id.linked + id.unlinked} practitioners are linked.`)}</p>`,
  );
}

/** The enrichment, map and identity sections. */
export async function placeSections(data: ReportData, outline: IndiaOutline): Promise<string[]> {
  return Promise.all([enrichmentSection(data, outline), identitySection(data)]);
}
