import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLocalObjectStore } from '@provider-data/core';
import { createMemoryObjectStore, runPlugin } from '@provider-data/core/testing';
import { expectPullOutcome, pluginConformanceSuite } from '@provider-data/core/vitest';
import { describe, expect, it } from 'vitest';
import { apolloPlugin } from '../index.js';
import { generateApolloPull } from './generate-apollo-pull.js';

describe('generateApolloPull', () => {
  it('produces exactly its expected outcome on a clean pull', async () => {
    const store = createMemoryObjectStore();
    const { expected, keys } = await generateApolloPull({
      seed: 7,
      doctors: 300,
      cities: 4,
      target: { store },
    });
    expect(keys.filter((k) => k.endsWith('.json') && k.includes('/by_city/'))).toHaveLength(4);
    expect(expected).toMatchObject({ files: 4, failedFiles: 0, quarantineByReason: {} });
    expect(expected.rows.practitioner).toBe(300);
    expectPullOutcome(await runPlugin({ plugin: apolloPlugin, store }), expected);
  });

  it('injects every deviation of the format and still predicts the outcome exactly', async () => {
    const store = createMemoryObjectStore();
    const { expected } = await generateApolloPull({
      seed: 11,
      doctors: 600,
      cities: 5,
      dirt: 0.3,
      target: { store },
    });
    expect(Object.keys(expected.quarantineByReason).sort()).toEqual([
      'empty_file',
      'invalid_json',
      'invalid_value',
      'missing_field',
      'not_an_object',
      'truncated_file',
      'unknown_practice',
    ]);
    const result = await runPlugin({ plugin: apolloPlugin, store });
    expectPullOutcome(result, expected);
    const { summary, sink } = result;
    // A doctor twice in one file; doctors in two files (their second copy is unchanged).
    expect(summary.entities.practitioner.superseded).toBeGreaterThan(0);
    expect(summary.entities.practitioner.unchanged).toBeGreaterThan(0);
    // Wrong-typed optional fields: read or dropped, and counted.
    expect(summary.unusableFields['doctor.registration']).toBeGreaterThan(0);
    // Unknown fields stay in raw.
    expect(
      [...sink.practitioners.values()].some((p) => (p.raw as { telemedicine?: unknown }).telemedicine),
    ).toBe(true);
    // Quarantine rows carry positions.
    const missing = sink.quarantine.find((q) => q.reason === 'missing_field' && q.entity === 'practitioner');
    expect(missing?.position).toMatch(/^doctors\[\d+\]$/);
  });

  it('is deterministic for a seed', async () => {
    const a = createMemoryObjectStore();
    const b = createMemoryObjectStore();
    const c = createMemoryObjectStore();
    const options = { doctors: 50, cities: 2, dirt: 0.5 };
    await generateApolloPull({ ...options, seed: 3, target: { store: a } });
    await generateApolloPull({ ...options, seed: 3, target: { store: b } });
    await generateApolloPull({ ...options, seed: 4, target: { store: c } });
    expect([...a.objects]).toEqual([...b.objects]);
    expect([...a.objects]).not.toEqual([...c.objects]);
  });

  it('handles one city, more cities than India has on the list, and no doctors', async () => {
    for (const options of [
      { doctors: 40, cities: 1, dirt: 1 },
      { doctors: 100, cities: 80, dirt: 0.2, hospitalsPerCity: 1 },
      { doctors: 0, cities: 2 },
    ]) {
      const store = createMemoryObjectStore();
      const { expected } = await generateApolloPull({ seed: 5, ...options, target: { store } });
      expectPullOutcome(await runPlugin({ plugin: apolloPlugin, store }), expected);
    }
  });

  it('writes into a folder laid out like the bucket', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'apollo-gen-'));
    try {
      const { expected, keys } = await generateApolloPull({
        seed: 9,
        doctors: 120,
        cities: 3,
        dirt: 0.2,
        target: { dir },
      });
      expect(keys).toContain('apollo/datapulls/20261120T053000Z/_manifest.json');
      expectPullOutcome(
        await runPlugin({ plugin: apolloPlugin, store: createLocalObjectStore(dir) }),
        expected,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rejects options it cannot honour', async () => {
    const target = { store: createMemoryObjectStore() };
    await expect(generateApolloPull({ seed: 1, doctors: 1, cities: 0, target })).rejects.toThrow(RangeError);
    await expect(generateApolloPull({ seed: 1, doctors: 1, cities: 1, dirt: 2, target })).rejects.toThrow(
      RangeError,
    );
  });
});

pluginConformanceSuite({
  name: 'apollo (generated pulls)',
  plugin: apolloPlugin,
  pulls: async () => {
    const clean = createMemoryObjectStore();
    const dirty = createMemoryObjectStore();
    const a = await generateApolloPull({ seed: 21, doctors: 200, cities: 3, target: { store: clean } });
    const b = await generateApolloPull({
      seed: 22,
      doctors: 300,
      cities: 4,
      dirt: 0.25,
      target: { store: dirty },
    });
    return [
      { label: 'clean generated pull', store: clean, expected: a.expected },
      { label: 'dirty generated pull', store: dirty, expected: b.expected },
    ];
  },
});
