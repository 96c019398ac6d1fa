import type { CanonicalEntity, PullSummary } from '@provider-data/core';
import { formatCount, formatCounts, formatDuration, renderTable, topEntries } from './output.js';

const ENTITIES: readonly CanonicalEntity[] = ['practitioner', 'practice', 'provider'];

/** Options of {@link renderSummary}. */
export interface SummaryViewOptions {
  /** Unmapped specialty wordings shown, most frequent first. Default 5. */
  topSpecialties?: number;
  /** Whether Places enrichment was on for this run; `false` prints how to turn it on. */
  placesEnabled?: boolean;
  indent?: string;
}

/**
 * A pull's summary as a compact block: raw records read, loaded and
 * quarantined; rows per entity; quarantine by reason; failed files; unmapped
 * specialty wordings; enrichment.
 */
export function renderSummary(summary: PullSummary, options: SummaryViewOptions = {}): string {
  const indent = options.indent ?? '  ';
  const { records, files } = summary;
  const lines: string[] = [];
  const row = (label: string, text: string) => lines.push(`${indent}${label.padEnd(14)}${text}`);

  row(
    'files',
    `${formatCount(files.total)} (${formatCount(files.processed)} processed, ${formatCount(files.resumed)} resumed, ${formatCount(files.failed.length)} failed)`,
  );
  row(
    'records',
    `read ${formatCount(records.read)} = loaded ${formatCount(records.loaded)} + quarantined ${formatCount(records.quarantined)}${summary.reconciled ? '  (reconciled)' : '  (NOT reconciled)'}`,
  );
  lines.push(
    renderTable(
      ENTITIES,
      [
        { header: 'entity', value: (e) => e },
        { header: 'read', value: (e) => summary.entities[e].read, align: 'right' },
        { header: 'inserted', value: (e) => summary.entities[e].inserted, align: 'right' },
        { header: 'updated', value: (e) => summary.entities[e].updated, align: 'right' },
        { header: 'unchanged', value: (e) => summary.entities[e].unchanged, align: 'right' },
        { header: 'superseded', value: (e) => summary.entities[e].superseded, align: 'right' },
        { header: 'quarantined', value: (e) => summary.entities[e].quarantined, align: 'right' },
        { header: 'deactivated', value: (e) => summary.deactivated[e], align: 'right' },
      ],
      indent,
    ),
  );
  row('quarantine', formatCounts(summary.quarantineByReason));
  if (files.failed.length === 0) row('failed files', 'none');
  else {
    row('failed files', formatCount(files.failed.length));
    for (const failed of files.failed)
      lines.push(`${indent}  ${failed.key}: ${failed.reason} (${failed.message})`);
  }
  const top = options.topSpecialties ?? 5;
  const specialties = topEntries(summary.unmappedSpecialties, top);
  if (specialties.length > 0) {
    const rest = Object.keys(summary.unmappedSpecialties).length - specialties.length;
    row(
      'unmapped',
      `specialty wordings: ${specialties.map(([k, v]) => `"${k}" ${v}`).join(', ')}${rest > 0 ? `, … ${rest} more` : ''}`,
    );
  }
  if (Object.keys(summary.unusableFields).length > 0)
    row('unusable', formatCounts(summary.unusableFields, 6));
  if (options.placesEnabled === false) row('enrichment', 'skipped (no Places key)');
  else if (Object.keys(summary.enrichment).length > 0) row('enrichment', formatCounts(summary.enrichment));
  row('took', formatDuration(summary.durationMs));
  return lines.join('\n');
}
