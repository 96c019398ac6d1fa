import path from 'node:path';
import type { Interrupt } from './interrupt.js';

/** Where a command writes: stdout for results, stderr for progress and errors. */
export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  /** Environment variables (`PDM_*`). */
  env: Record<string, string | undefined>;
  /** Relative paths (the default `./.pdm/…` folders) resolve against it. */
  cwd: string;
  /** Ctrl-C: a pull stops after the file in hand and is released. */
  interrupt?: Interrupt;
}

/** One column of {@link renderTable}. */
export interface Column<Row> {
  header: string;
  value: (row: Row) => string | number | null | undefined;
  align?: 'left' | 'right';
  /** Longer cells are cut with `…`. */
  max?: number;
}

/** Cuts `text` to `max` characters, ending with `…` when cut. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/** A count with thousands separators: `12,345`. */
export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}

/** A duration for people: `850 ms`, `4.2 s`, `3 min 05 s`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return minutes < 60
    ? `${minutes} min ${String(seconds).padStart(2, '0')} s`
    : `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

function cell(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '-';
  if (typeof value === 'number') return formatCount(value);
  // One line per row: a newline or tab inside a value would break the table.
  return value.replace(/[\r\n\t]+/g, ' ');
}

/**
 * Renders rows as a plain-text table with a header and aligned columns
 * (numbers right-aligned). Empty cells show `-`.
 */
export function renderTable<Row>(rows: readonly Row[], columns: readonly Column<Row>[], indent = ''): string {
  const cells = rows.map((row) =>
    columns.map((column) => {
      const text = cell(column.value(row));
      return column.max ? truncate(text, column.max) : text;
    }),
  );
  const widths = columns.map((column, i) =>
    Math.max(column.header.length, ...cells.map((row) => row[i]?.length ?? 0)),
  );
  const line = (values: readonly string[]) =>
    indent +
    values
      .map((value, i) => {
        const width = widths[i] ?? 0;
        return columns[i]?.align === 'right' ? value.padStart(width) : value.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header)), ...cells.map(line)].join('\n');
}

/** `key value, key value` of a count map, largest first; `none` when empty. */
export function formatCounts(counts: Record<string, number>, limit = Number.POSITIVE_INFINITY): string {
  const entries = topEntries(counts, limit);
  if (entries.length === 0) return 'none';
  const rest = Object.keys(counts).length - entries.length;
  return entries.map(([k, v]) => `${k} ${formatCount(v)}`).join(', ') + (rest > 0 ? `, … ${rest} more` : '');
}

/** The `limit` largest entries of a count map, ties by key. */
export function topEntries(counts: Record<string, number>, limit: number): [string, number][] {
  return Object.entries(counts)
    .filter(([, v]) => v > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit);
}

/** Writes one JSON document to stdout. */
export function writeJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Writes lines of text to stdout. */
export function writeText(io: CliIo, text: string): void {
  io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

/** A path as people want to read it: relative to `cwd` when inside it, else absolute. */
export function displayPath(target: string, cwd: string): string {
  const relative = path.relative(cwd, path.resolve(cwd, target));
  if (!relative) return '.';
  return relative.startsWith('..') || path.isAbsolute(relative) ? path.resolve(cwd, target) : relative;
}
