import { createMemoryObjectStore, runPlugin } from '@provider-data/core/testing';
import { expectPullOutcome, pluginConformanceSuite } from '@provider-data/core/vitest';
import { describe, expect, it } from 'vitest';
import { generateSunrisePull } from './testing/index.js';
import { sunrisePlugin } from './index.js';

async function generated(options: { seed: number; doctors: number; cities: number; dirt?: number }) {
  const store = createMemoryObjectStore();
  const pull = await generateSunrisePull({ ...options, target: { store } });
  return { store, ...pull };
}

describe('the Sunrise plugin over generated pulls', () => {
  it('loads a clean pull exactly as the generator expects', async () => {
    const { store, expected } = await generated({ seed: 1, doctors: 120, cities: 3 });
    expect(expected.quarantineByReason).toEqual({});
    expectPullOutcome(await runPlugin({ plugin: sunrisePlugin, store }), expected);
  });

  it('loads and quarantines a dirty pull exactly as the generator expects', async () => {
    const { store, expected } = await generated({ seed: 2, doctors: 300, cities: 4, dirt: 0.2 });
    for (const reason of ['missing_field', 'ragged_row', 'repeated_header', 'truncated_file', 'empty_file']) {
      expect(expected.quarantineByReason[reason]).toBeGreaterThan(0);
    }
    const result = await runPlugin({ plugin: sunrisePlugin, store });
    expectPullOutcome(result, expected);
    // The first city's files are Windows-1252: the en dash in its clinic names survives.
    const names = [...result.sink.practices.values()].map((practice) => practice.name);
    expect(names.filter((name) => name.includes('–')).length).toBe(names.length);
    expect(result.summary.unusableFields?.['doctor.mobile'] ?? 0).toBeGreaterThan(0);
  });

  it('quarantines a ragged row and a repeated header by their line numbers', async () => {
    const { store } = await generated({ seed: 2, doctors: 300, cities: 4, dirt: 0.2 });
    const { sink } = await runPlugin({ plugin: sunrisePlugin, store });
    const rows = sink.quarantine.filter(
      (row) => row.reason === 'ragged_row' || row.reason === 'repeated_header',
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.position).toMatch(/^line \d+$/);
  });

  it('writes the same pull for the same seed', async () => {
    const a = await generated({ seed: 5, doctors: 50, cities: 2, dirt: 0.3 });
    const b = await generated({ seed: 5, doctors: 50, cities: 2, dirt: 0.3 });
    expect(a.expected).toEqual(b.expected);
    expect(a.keys).toEqual(b.keys);
  });
});

pluginConformanceSuite({
  name: 'sunrise (generated)',
  plugin: sunrisePlugin,
  pulls: async () => {
    const clean = await generated({ seed: 11, doctors: 150, cities: 3 });
    const dirty = await generated({ seed: 12, doctors: 150, cities: 3, dirt: 0.25 });
    return [
      { label: 'clean generated pull', store: clean.store, expected: clean.expected },
      { label: 'dirty generated pull', store: dirty.store, expected: dirty.expected },
    ];
  },
});
