import type { CanonicalEntity, PullSummary } from '@provider-data/core';
import { formatCount, formatCounts, formatDuration, renderTable, topEntries } from './output.js';

// The Places enricher's counts in the order an operator reads them: what was due, what came of it, what it cost.
const ENRICHMENT_ORDER = [
  'requested',
  'matched',
  'noMatch',
  'failed',
  'skipped',
  'fresh',
  'calls',
  'retries',
  'cacheHits',
  'wouldCall',
];
const ENRICHMENT_WORDS: Record<string, string> = {
  noMatch: 'no match',
  cacheHits: 'cache hits',
  wouldCall: 'would call',
};

/**
 * Every count of every enricher, zeros included, one line per enricher:
 * `places  requested 20 · matched 18 · no match 1 · failed 1 · …`.
 */
export function enrichmentLines(enrichment: Record<string, number>): string[] {
  const byEnricher = new Map<string, [string, number][]>();
  for (const [key, value] of Object.entries(enrichment)) {
    const dot = key.indexOf('.');
    const name = dot < 0 ? '' : key.slice(0, dot);
    const count = dot < 0 ? key : key.slice(dot + 1);
    byEnricher.set(name, [...(byEnricher.get(name) ?? []), [count, value]]);
  }
  const rank = (count: string) => {
    const at = ENRICHMENT_ORDER.indexOf(count);
    return at < 0 ? ENRICHMENT_ORDER.length : at;
  };
  return [...byEnricher].map(([name, counts]) => {
    const sorted = counts.sort((a, b) => rank(a[0]) - rank(b[0]) || (a[0] < b[0] ? -1 : 1));
    const text = sorted.map(([count, value]) => `${ENRICHMENT_WORDS[count] ?? count} ${formatCount(value)}`);
    return `${name ? `${name}  ` : ''}${text.join(' · ')}`;
  });
}

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
  const row = (label: string, text: string) => lines.push(`${indent}${label.padEnd(14)}${text}`.trimEnd());

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
  else
    for (const [i, line] of enrichmentLines(summary.enrichment).entries())
      row(i === 0 ? 'enrichment' : '', line);
  row('took', formatDuration(summary.durationMs));
  return lines.join('\n');
}
