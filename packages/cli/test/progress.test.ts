import { describe, expect, it } from 'vitest';
import { createProgressReporter } from '../src/progress.js';

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, columns: 200, write: (text: string) => writes.push(text) } };
}

const at = (filesDone: number, recordsReadTotal: number) => ({
  filesTotal: 4,
  filesDone,
  file: 'apollo/datapulls/20261120T053000Z/by_city/Chennai.json',
  recordsRead: 0,
  recordsReadTotal,
});

describe('progress', () => {
  it('on a terminal, redraws one line with files, records, rate and time left', () => {
    let now = 0;
    const { writes, stream } = fakeStream(true);
    const progress = createProgressReporter({ stream, mode: 'tty', label: 'apollo', now: () => now });
    now = 1000;
    progress.update(at(0, 500));
    now = 2000;
    progress.update(at(1, 2000));
    now = 2050; // within 100 ms: not redrawn
    progress.update(at(1, 2100));
    now = 4000;
    progress.finish();
    expect(writes).toHaveLength(3);
    expect(writes[0]).toBe('\rapollo · 0/4 files · 500 records · 500 rec/s\x1b[K');
    expect(writes[1]).toBe('\rapollo · 1/4 files · 2,000 records · 1,000 rec/s · ~6.0 s left\x1b[K');
    expect(writes[2]).toBe('\rapollo · 4/4 files · 2,100 records · 525 rec/s · done\x1b[K\n');
  });

  it('elsewhere, writes a plain line at most every interval', () => {
    let now = 0;
    const { writes, stream } = fakeStream(false);
    const progress = createProgressReporter({ stream, mode: 'lines', intervalMs: 5000, now: () => now });
    for (let t = 0; t <= 12_000; t += 1000) {
      now = t;
      progress.update(at(Math.floor(t / 4000), t));
    }
    progress.finish(false);
    expect(writes).toEqual([
      '0/4 files · 0 records · 0 rec/s\n',
      '1/4 files · 5,000 records · 1,000 rec/s · ~15.0 s left\n',
      '2/4 files · 10,000 records · 1,000 rec/s · ~10.0 s left\n',
      '3/4 files · 12,000 records · 1,000 rec/s · ~4.0 s left\n',
    ]);
    expect(writes.join('')).not.toContain('\r');
  });

  it('with --json, shows nothing', () => {
    const { writes, stream } = fakeStream(true);
    const progress = createProgressReporter({ stream, mode: 'off' });
    progress.update(at(1, 10));
    progress.finish();
    expect(writes).toEqual([]);
  });
});
