/**
 * `@provider-data/report`: the data-quality report of Provider Data Manager,
 * one self-contained HTML page per pull or health system. {@link buildReport}
 * gathers and renders it; {@link collectReport} and {@link renderReport} are
 * its two halves.
 *
 * @packageDocumentation
 */
export { buildReport, type BuiltReport } from './build-report.js';
export { collectReport } from './collect-report.js';
export { renderReport } from './render-report.js';
export type { ReportOptions } from './report-options.js';
export * from './report-data.js';
