import type { ReportData } from '../report-data.js';
import { escapeHtml, formatCount } from './html.js';

const CSS = `
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1d2330;background:#f7f8fa}
header{background:#1f2f4a;color:#fff;padding:20px 32px}
header h1{margin:0 0 4px;font-size:22px}
header p{margin:2px 0;color:#cdd6e4}
header code{color:#fff}
nav{padding:8px 32px;background:#e9edf3;font-size:13px}
nav a{margin-right:14px;color:#1f4e8c;text-decoration:none}
main{padding:8px 32px 40px;max-width:1400px}
section{margin-top:28px}
h2{font-size:18px;border-bottom:2px solid #d5dbe5;padding-bottom:4px}
h3{font-size:15px;margin:20px 0 6px}
h4{font-size:13px;margin:14px 0 4px;font-family:ui-monospace,Menlo,Consolas,monospace}
.tiles{display:flex;flex-wrap:wrap;gap:12px;margin-top:16px}
.tile{background:#fff;border:1px solid #d5dbe5;border-radius:6px;padding:10px 16px;min-width:150px}
.tile .value{font-size:22px;font-weight:600}
.tile .label{color:#5b6472;font-size:12px}
.figure{margin:12px 0;background:#fff;border:1px solid #d5dbe5;border-radius:6px;padding:12px 16px}
figcaption{font-weight:600;margin-bottom:8px}
.pair{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start}
.chart svg{max-width:100%;height:auto}
table{border-collapse:collapse;font-size:13px;background:#fff;margin:6px 0}
caption{text-align:left;font-weight:600;padding:4px 0}
th,td{border-bottom:1px solid #e3e7ee;padding:3px 10px;text-align:left;vertical-align:top}
th{background:#f0f3f7;font-weight:600}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.note,.empty{color:#5b6472}
.warning{background:#fff4e0;border:1px solid #f0c36d;padding:8px 12px;border-radius:6px}
ul.rules{margin:4px 0;color:#5b6472}
ol.samples{padding-left:20px}
ol.samples li{margin-bottom:8px}
.where{color:#5b6472;font-size:12px}
pre{background:#f3f4f6;padding:6px 8px;border-radius:4px;white-space:pre-wrap;word-break:break-all;font-size:12px;max-height:10em;overflow:auto;margin:4px 0}
footer{padding:16px 32px;color:#5b6472;font-size:12px}
`;

const NAV = [
  ['completeness', 'Completeness'],
  ['specialties', 'Specialties'],
  ['quarantine', 'Quarantine'],
  ['changes', 'Changes'],
  ['enrichment', 'Enrichment and map'],
  ['identity', 'Identity'],
  ['trend', 'Trend'],
] as const;

function title(data: ReportData): string {
  const { scope } = data;
  if (scope.kind === 'pull' && scope.pull) return `${scope.healthSystem} pull ${scope.pull.pullTimestamp}`;
  return `${scope.healthSystem}: latest state`;
}

function describeScope(data: ReportData): string {
  const { scope } = data;
  const pull = scope.pull;
  const pullText = pull
    ? `pull <code>${escapeHtml(pull.pullId)}</code> (${escapeHtml(pull.dataType)}, ${escapeHtml(pull.status)}${pull.finishedAt ? `, finished ${escapeHtml(pull.finishedAt.slice(0, 19).replace('T', ' '))} UTC` : ''})`
    : 'no processed pull';
  return scope.kind === 'pull'
    ? `Records this pull last saw, and its own summary: ${pullText}.`
    : `Active records of ${escapeHtml(scope.healthSystem)}; quarantine and changes of its latest ${pullText}.`;
}

function tiles(data: ReportData): string {
  const tile = (label: string, value: number, metric: string) =>
    `<div class="tile"><div class="value" data-metric="${metric}" data-value="${value}">${formatCount(value)}</div><div class="label">${escapeHtml(label)}</div></div>`;
  return `<div class="tiles">
${tile('practitioners', data.totals.practitioner, 'totals.practitioner')}
${tile('practices', data.totals.practice, 'totals.practice')}
${tile('providers', data.totals.provider, 'totals.provider')}
${data.quarantine ? tile('quarantined in the pull', data.quarantine.total, 'tiles.quarantined') : ''}
</div>`;
}

/** The whole page around its sections: inline CSS, no script, no outside resource. */
export function page(data: ReportData, sections: readonly string[]): string {
  const later =
    data.scope.laterPulls > 0
      ? `<p class="warning">${data.scope.laterPulls} later pull(s) of ${escapeHtml(data.scope.healthSystem)} have been processed since: records they saw again are counted under them. For the current state, report on the health system.</p>`
      : '';
  const heading = `Data quality: ${title(data)}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="@provider-data/report">
<title>${escapeHtml(heading)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>${escapeHtml(heading)}</h1>
<p>${describeScope(data)}</p>
<p>Generated ${escapeHtml(data.generatedAt.slice(0, 19).replace('T', ' '))} UTC.</p>
</header>
<nav>${NAV.map(([id, label]) => `<a href="#${id}">${label}</a>`).join('')}</nav>
<main>
${later}
${tiles(data)}
${sections.join('\n')}
</main>
<footer>Provider Data Manager · counts from the canonical tables and the pull's stored summary · no script, no network.</footer>
</body>
</html>
`;
}
