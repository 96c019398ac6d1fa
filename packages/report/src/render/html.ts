/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;',
  );
}

/** A count as people read it: `12,345`. */
export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}

/** `part` of `whole` as a percentage with one decimal (`61.2%`), or `–` when `whole` is 0. */
export function formatShare(part: number, whole: number): string {
  return whole > 0 ? `${((part / whole) * 100).toFixed(1)}%` : '–';
}

/** A table cell: plain text, or a number the page names with `data-metric` so that tests can read it. */
export type Cell = string | { count: number; metric?: string } | { share: [number, number]; metric?: string };

function renderCell(cell: Cell): string {
  if (typeof cell === 'string') return `<td>${escapeHtml(cell)}</td>`;
  const metric = cell.metric ? ` data-metric="${escapeHtml(cell.metric)}"` : '';
  if ('count' in cell)
    return `<td class="num"${metric} data-value="${cell.count}">${formatCount(cell.count)}</td>`;
  const [part, whole] = cell.share;
  const value = whole > 0 ? ` data-value="${part / whole}"` : '';
  return `<td class="num"${metric}${value}>${formatShare(part, whole)}</td>`;
}

/** An HTML table: a header row and one row per entry; numeric columns are right-aligned. */
export function htmlTable(headers: readonly string[], rows: readonly Cell[][], caption?: string): string {
  const head = headers.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
  const body = rows.map((row) => `<tr>${row.map(renderCell).join('')}</tr>`).join('\n');
  const captionHtml = caption ? `<caption>${escapeHtml(caption)}</caption>` : '';
  return `<table>${captionHtml}<thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/**
 * A chart with the table of its numbers beside it. `data-chart` names the
 * chart, so a reader (or a test) can find each one.
 */
export function figure(id: string, title: string, svg: string | null, table: string, note = ''): string {
  const chart = svg
    ? `<div class="chart" role="img" aria-label="${escapeHtml(title)}">${svg}</div>`
    : '<p class="empty">Nothing to chart.</p>';
  const noteHtml = note ? `<p class="note">${note}</p>` : '';
  return `<figure class="figure" data-chart="${escapeHtml(id)}">
<figcaption>${escapeHtml(title)}</figcaption>
<div class="pair">${chart}<div class="numbers">${table}</div></div>${noteHtml}
</figure>`;
}

/** A section of the page with its heading. */
export function section(id: string, title: string, body: string): string {
  return `<section id="${escapeHtml(id)}">\n<h2>${escapeHtml(title)}</h2>\n${body}\n</section>`;
}
