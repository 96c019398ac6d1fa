import type { PullProgress } from '@provider-data/core';
import { type CliIo, formatCount, formatDuration, truncate } from './output.js';

/** How progress is shown: one updating line, periodic plain lines, or not at all. */
export type ProgressMode = 'tty' | 'lines' | 'off';

/** Options of {@link createProgressReporter}. */
export interface ProgressReporterOptions {
  stream: CliIo['stderr'];
  mode: ProgressMode;
  /** Shown first on every line, e.g. the health system. */
  label?: string;
  /** The least time between plain lines. Default 5 s; a terminal line redraws at most every 100 ms. */
  intervalMs?: number;
  now?: () => number;
}

/** Receives `processPull`'s `onProgress` calls and shows them. */
export interface ProgressReporter {
  update(progress: PullProgress): void;
  /** Shows the last state once more and ends the line; `complete` shows every file done. */
  finish(complete?: boolean): void;
}

/** The progress mode for a stream: `off` with `--json`, `tty` on a terminal, else `lines`. */
export function progressModeFor(stream: CliIo['stderr'], json: boolean): ProgressMode {
  if (json) return 'off';
  return stream.isTTY ? 'tty' : 'lines';
}

/**
 * Shows a pull's progress: files done of total, records read, the rate and
 * an estimate of the time left (from the files finished so far).
 */
export function createProgressReporter(options: ProgressReporterOptions): ProgressReporter {
  const now = options.now ?? Date.now;
  const started = now();
  const { stream, mode } = options;
  const interval = mode === 'tty' ? 100 : (options.intervalMs ?? 5000);
  let last: PullProgress | undefined;
  let firstFilesDone: number | undefined;
  let shownAt = Number.NEGATIVE_INFINITY;

  const describe = (progress: PullProgress): string => {
    const elapsed = Math.max(1, now() - started);
    const rate = (progress.recordsReadTotal / elapsed) * 1000;
    const doneThisRun = progress.filesDone - (firstFilesDone ?? 0);
    const remaining = progress.filesTotal - progress.filesDone;
    const left =
      remaining <= 0
        ? 'done'
        : doneThisRun > 0
          ? `~${formatDuration((elapsed / doneThisRun) * remaining)} left`
          : '';
    return [
      options.label,
      `${progress.filesDone}/${progress.filesTotal} files`,
      `${formatCount(progress.recordsReadTotal)} records`,
      `${formatCount(Math.round(rate))} rec/s`,
      left,
    ]
      .filter(Boolean)
      .join(' · ');
  };

  const show = (progress: PullProgress, final: boolean) => {
    shownAt = now();
    if (mode === 'tty') {
      const width = stream.columns ? Math.max(20, stream.columns - 1) : 120;
      stream.write(`\r${truncate(describe(progress), width)}\x1b[K${final ? '\n' : ''}`);
    } else {
      stream.write(`${describe(progress)}\n`);
    }
  };

  return {
    update(progress) {
      if (mode === 'off') return;
      firstFilesDone ??= progress.filesDone;
      last = progress;
      if (now() - shownAt >= interval) show(progress, false);
    },
    finish(complete = true) {
      if (mode === 'off' || !last) return;
      show(complete ? { ...last, filesDone: last.filesTotal } : last, true);
    },
  };
}
