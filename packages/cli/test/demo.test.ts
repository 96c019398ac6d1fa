import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, pdm } from './pdm.js';

// `pdm demo` is the README's first command: it must finish with no server,
// key or network, in any working directory, and again on a rerun.
describe('pdm demo', () => {
  let work: string;

  beforeAll(async () => {
    await ensureBuilt();
    work = await mkdtemp(path.join(tmpdir(), 'pdm-demo-'));
  }, 600_000);

  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('generates, registers and processes an Apollo and a Fortis pull, and shows summaries and rows', async () => {
    const { code, stdout, stderr } = await pdm(['demo'], { cwd: work });
    expect(stderr).not.toMatch(/^pdm: /m);
    expect(code).toBe(0);
    for (const system of ['apollo', 'fortis']) {
      expect(stdout).toMatch(new RegExp(`${system} full pull [0-9a-f-]{36} \\(\\d{8}T\\d{6}Z\\): processed`));
    }
    expect(
      stdout.match(/records\s+read \d+ = loaded \d+ \+ quarantined \d+ {2}\(reconciled\)/g),
    ).toHaveLength(2);
    expect(stdout.match(/rows per entity match what the generator expected/g)).toHaveLength(2);
    expect(stdout).toMatch(/^ {2}practitioner\s+\d+/m);
    expect(stdout).toMatch(/quarantine\s+\w+ \d+/);
    expect(stdout).toMatch(/failed files\s+\d+/);
    for (const heading of ['Practitioners', 'Practices', 'Providers (a practitioner at a practice)']) {
      expect(stdout).toContain(heading);
    }
    expect(stdout).toContain('Enrichment was skipped: no Places key.');
    expect(stdout).toContain('PDM_PLACES_API_KEY');
    expect(stdout).toMatch(/practices are not enriched/);
    expect(existsSync(path.join(work, '.pdm/demo-db'))).toBe(true);
    expect(existsSync(path.join(work, '.pdm/pulls/apollo/datapulls'))).toBe(true);
    expect(existsSync(path.join(work, '.pdm/pulls/fortis/datapulls'))).toBe(true);
  });

  it('runs again on a fresh database, and --json prints one parsable document', async () => {
    const { code, stdout, stderr } = await pdm(['demo', '--doctors', '40', '--cities', '2', '--json'], {
      cwd: work,
    });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const demo = JSON.parse(stdout);
    expect(demo.places).toEqual({ enabled: false });
    expect(demo.pulls.map((p: { system: string }) => p.system)).toEqual(['apollo', 'fortis']);
    for (const pull of demo.pulls) {
      expect(pull.status).toBe('processed');
      expect(pull.summary.reconciled).toBe(true);
      // A fresh database: only this run's rows, as the generator expects.
      expect(pull.rows).toEqual(pull.expected.rows);
      for (const entity of ['practitioner', 'practice', 'provider'])
        expect(pull.summary.entities[entity].updated).toBe(0);
    }
    expect(demo.sample.practitioners).toHaveLength(3);
    expect(demo.sample.practices).toHaveLength(3);
    expect(demo.sample.providers).toHaveLength(3);
  });
});
