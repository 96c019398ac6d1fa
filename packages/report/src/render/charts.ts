import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

/** The look every chart shares. */
const CONFIG = {
  font: FONT,
  background: null,
  view: { stroke: null },
  axis: { labelColor: '#333', titleColor: '#333', gridColor: '#e5e5e5', labelLimit: 260 },
  legend: { labelColor: '#333', titleColor: '#333', orient: 'bottom', direction: 'horizontal' },
  bar: { color: '#3569a8' },
} as const;

/** Colours of the enrichment statuses, the same on every chart. */
export const STATUS_COLOURS: Record<string, string> = {
  matched: '#2e7d32',
  no_match: '#ef8f00',
  failed: '#c62828',
  pending: '#1f6fb2',
  skipped: '#8a8a8a',
};

/**
 * Renders a vega-lite spec to an SVG string in Node, with no browser and no
 * canvas (vega's `none` renderer): the page needs no script to show it.
 */
export async function renderChart(spec: TopLevelSpec): Promise<string> {
  const { spec: vegaSpec } = compile({ ...spec, config: { ...CONFIG, ...spec.config } } as TopLevelSpec);
  const view = new View(parse(vegaSpec), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    // vega writes a fixed white background rect; the page's colour shows through instead.
    return svg.replace(/<rect width="[\d.]+" height="[\d.]+" fill="white"\/>/, '');
  } finally {
    view.finalize();
  }
}

/** A horizontal bar chart of counts by category, largest first. */
export function barSpec(
  values: readonly { label: string; count: number }[],
  options: { title: string; colour?: string; colours?: Record<string, string> },
): TopLevelSpec {
  const colours = options.colours;
  return {
    width: 360,
    height: { step: 18 },
    data: { values: values.map((v) => ({ ...v })) },
    mark: { type: 'bar', ...(options.colour ? { color: options.colour } : {}) },
    encoding: {
      y: { field: 'label', type: 'nominal', sort: null, title: null },
      x: {
        field: 'count',
        type: 'quantitative',
        title: options.title,
        axis: { format: ',d', tickMinStep: 1 },
      },
      ...(colours
        ? {
            color: {
              field: 'label',
              type: 'nominal',
              legend: null,
              scale: { domain: Object.keys(colours), range: Object.values(colours) },
            },
          }
        : {}),
    },
  } as TopLevelSpec;
}
