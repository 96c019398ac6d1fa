import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLocalObjectStore, practiceId, silentLogger } from '@provider-data/core';
import { createMemoryObjectStore, runPlugin, testPull } from '@provider-data/core/testing';
import { expectPullOutcome, pluginConformanceSuite } from '@provider-data/core/vitest';
import { afterAll, describe, expect, it } from 'vitest';
import { createFortisSource, fortisPlugin } from '../index.js';
import { generateFortisPull } from './generate-fortis-pull.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'fortis-pull-'));
  dirs.push(dir);
  return dir;
}

async function digest(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, file)] = createHash('sha1')
      .update(await readFile(file))
      .digest('hex');
  }
  return out;
}

async function generated(options: {
  seed: number;
  doctors: number;
  cities: number;
  dirt?: number;
  hospitalsPerCity?: number;
}) {
  const store = createMemoryObjectStore();
  const pull = await generateFortisPull({ ...options, target: { store } });
  return { store, ...pull };
}

describe('generateFortisPull', () => {
  it('writes the same bytes for the same seed, and other bytes for another', async () => {
    const [a, b, c] = [await tempDir(), await tempDir(), await tempDir()];
    await generateFortisPull({ seed: 11, doctors: 300, cities: 5, dirt: 0.2, target: { dir: a } });
    await generateFortisPull({ seed: 11, doctors: 300, cities: 5, dirt: 0.2, target: { dir: b } });
    await generateFortisPull({ seed: 12, doctors: 300, cities: 5, dirt: 0.2, target: { dir: c } });
    expect(await digest(a)).toEqual(await digest(b));
    expect(await digest(a)).not.toEqual(await digest(c));
  });

  it('a clean pull loads completely, with nothing quarantined', async () => {
    const { store, pullTimestamp, expected } = await generated({ seed: 1, doctors: 400, cities: 6 });
    expect(expected).toMatchObject({ failedFiles: 0, records: { quarantined: 0 }, quarantineByReason: {} });
    expect(expected.rows.practitioner).toBe(400);
    const result = await runPlugin({ plugin: fortisPlugin, store, pull: { pullTimestamp } });
    expectPullOutcome(result, expected);
    expect(result.summary.unusableFields).toEqual({});
  });

  it('a dirty pull has every deviation of the format, each with the outcome it must have', async () => {
    const { store, pullTimestamp, expected, keys, ignoredKeys } = await generated({
      seed: 2,
      doctors: 600,
      cities: 5,
      dirt: 0.15,
    });
    const result = await runPlugin({ plugin: fortisPlugin, store, pull: { pullTimestamp } });
    expectPullOutcome(result, expected);
    const { summary, sink } = result;

    for (const reason of [
      'invalid_json',
      'not_an_object',
      'missing_field',
      'invalid_value',
      'unknown_practice',
    ]) {
      expect(expected.quarantineByReason[reason], reason).toBeGreaterThan(0);
    }
    // A cut-off last line and a truncated gzip file: two failed files, their complete lines loaded.
    expect(summary.files.failed.map((f) => f.reason)).toEqual(['truncated_file', 'truncated_file']);
    expect(summary.files.failed.some((f) => f.key.endsWith('.gz'))).toBe(true);
    expect(summary.files.failed.some((f) => f.key.endsWith('.ndjson'))).toBe(true);
    // A city without a doctors file; keys that are not data are not read.
    expect(keys.filter((k) => k.includes('/doctors.')).length).toBe(4);
    const listed: string[] = [];
    const context = {
      pull: testPull({ healthSystem: 'fortis', pullTimestamp }),
      store,
      logger: silentLogger,
    };
    for await (const file of createFortisSource().listFiles(context)) listed.push(file.key);
    expect(listed.sort()).toEqual([...keys].sort());
    expect(ignoredKeys.length).toBeGreaterThan(0);
    // Visiting consultants: one practitioner, affiliations in two cities.
    const citiesOf = new Map<string, Set<string>>();
    for (const p of sink.providers.values()) {
      const city = p.practiceSourceId.split('-')[1]!;
      citiesOf.set(p.practitionerSourceId, (citiesOf.get(p.practitionerSourceId) ?? new Set()).add(city));
    }
    expect([...citiesOf.values()].filter((c) => c.size >= 2).length).toBeGreaterThan(0);
    // INACTIVE doctors: inactive providers, the practitioner still listed.
    const inactive = [...sink.providers.values()].filter((p) => !p.active);
    expect(inactive.length).toBeGreaterThan(0);
    for (const p of inactive) {
      expect(
        [...sink.practitioners.values()].find((d) => d.sourceId === p.practitionerSourceId)?.active,
      ).toBe(true);
    }
    // A repeated line is superseded, unknown fields are kept in raw, wrong-typed fields are counted.
    expect(summary.entities.practitioner.superseded).toBeGreaterThan(0);
    expect(
      [...sink.practitioners.values()].some((p) => (p.raw as Record<string, unknown>).tele_consult === 'Y'),
    ).toBe(true);
    expect(
      [...sink.practices.values()].some((p) => (p.raw as Record<string, unknown>).bed_count !== undefined),
    ).toBe(true);
    expect(summary.unusableFields['doctor.experience_years']).toBeGreaterThan(0);
    // Every quarantined line names its line number.
    for (const q of sink.quarantine) {
      if (q.entity === 'practitioner' || q.entity === 'practice') expect(q.position).toMatch(/^line \d+$/);
    }
  });

  it('reads the same from a folder as from a store', async () => {
    const dir = await tempDir();
    const { pullTimestamp, expected } = await generateFortisPull({
      seed: 3,
      doctors: 250,
      cities: 3,
      dirt: 0.3,
      target: { dir },
    });
    const result = await runPlugin({
      plugin: fortisPlugin,
      store: createLocalObjectStore(dir),
      pull: { pullTimestamp },
    });
    expectPullOutcome(result, expected);
  });

  it.each([
    { doctors: 0, cities: 1, dirt: 0.5 },
    { doctors: 5, cities: 1, dirt: 1 },
    { doctors: 7, cities: 2, dirt: 0.5 },
    { doctors: 30, cities: 80, dirt: 0.1 },
    { doctors: 200, cities: 3, dirt: 1, hospitalsPerCity: 1 },
  ])('counts exactly for odd shapes: %j', async (shape) => {
    const { store, pullTimestamp, expected } = await generated({ seed: 4, ...shape });
    expectPullOutcome(await runPlugin({ plugin: fortisPlugin, store, pull: { pullTimestamp } }), expected);
  });

  it('keeps practices resolvable: every facility code of a clean pull is a practice', async () => {
    const { store, pullTimestamp } = await generated({ seed: 5, doctors: 100, cities: 2 });
    const { sink } = await runPlugin({ plugin: fortisPlugin, store, pull: { pullTimestamp } });
    for (const p of sink.providers.values())
      expect(sink.practices.has(practiceId('fortis', p.practiceSourceId))).toBe(true);
  });

  it('counts exactly at scale', async () => {
    const { store, pullTimestamp, expected } = await generated({
      seed: 6,
      doctors: 5_000,
      cities: 12,
      dirt: 0.05,
    });
    expectPullOutcome(await runPlugin({ plugin: fortisPlugin, store, pull: { pullTimestamp } }), expected);
  });
});

pluginConformanceSuite({
  name: 'fortis (generated)',
  plugin: fortisPlugin,
  pulls: async () => {
    const clean = await generated({ seed: 21, doctors: 300, cities: 4 });
    const dirty = await generated({ seed: 22, doctors: 300, cities: 4, dirt: 0.2 });
    return [
      {
        label: 'clean generated pull',
        store: clean.store,
        pull: { pullTimestamp: clean.pullTimestamp },
        expected: clean.expected,
      },
      {
        label: 'dirty generated pull',
        store: dirty.store,
        pull: { pullTimestamp: dirty.pullTimestamp },
        expected: dirty.expected,
      },
    ];
  },
});
