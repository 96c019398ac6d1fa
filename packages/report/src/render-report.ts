import { indiaOutline } from './geo/india-outline.js';
import { placeSections } from './render/place-sections.js';
import { pullSections } from './render/pull-sections.js';
import { page } from './render/page.js';
import { qualitySections } from './render/quality-sections.js';
import type { ReportData } from './report-data.js';

/**
 * Renders report data as one self-contained HTML page: inline CSS, charts
 * as inline SVG rendered here by vega-lite, each beside the table of its
 * numbers. The page loads nothing and runs no script.
 *
 * ### Examples
 * ```ts
 * import { writeFile } from 'node:fs/promises';
 * import { collectReport, renderReport } from '@provider-data/report';
 * import { createDatabase } from '@provider-data/sink-postgres';
 *
 * const { db, close } = await createDatabase('./.pdm/db');
 * await writeFile('report.html', await renderReport(await collectReport(db, { healthSystem: 'fortis' })));
 * await close();
 * ```
 */
export async function renderReport(data: ReportData): Promise<string> {
  const outline = await indiaOutline();
  const [quality, pull, places] = await Promise.all([
    qualitySections(data),
    pullSections(data),
    placeSections(data, outline),
  ]);
  const [completeness, specialties] = quality;
  const [quarantine, changes, trend] = pull;
  const [enrichment, identity] = places;
  return page(
    data,
    [completeness, specialties, quarantine, changes, enrichment, identity, trend].filter(
      (s) => s !== undefined,
    ),
  );
}
