import type { Database } from '@provider-data/sink-postgres';
import type { Kysely } from 'kysely';
import { collectReport } from './collect-report.js';
import type { ReportData } from './report-data.js';
import type { ReportOptions } from './report-options.js';
import { renderReport } from './render-report.js';

/** What {@link buildReport} returns: the page, and the numbers on it. */
export interface BuiltReport {
  html: string;
  data: ReportData;
}

/**
 * Builds the data-quality report of a pull, or of a health system's latest
 * state, as one self-contained static HTML page: {@link collectReport}, then
 * {@link renderReport}.
 *
 * ### Examples
 * ```ts
 * import { writeFile } from 'node:fs/promises';
 * import { buildReport } from '@provider-data/report';
 * import { createDatabase } from '@provider-data/sink-postgres';
 *
 * const { db, close } = await createDatabase('postgres://app@db.internal:5432/providers');
 * const { html } = await buildReport(db, { pullId: 'f3e51f05-6517-4099-b216-d7850fd6a418' });
 * await writeFile('report.html', html);
 * await close();
 * ```
 */
export async function buildReport(db: Kysely<Database>, options: ReportOptions): Promise<BuiltReport> {
  const data = await collectReport(db, options);
  return { html: await renderReport(data), data };
}
