import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, pdm } from './pdm.js';

// `pdm report` over the demo's PGlite database: the built binary, as a user runs it.
describe('pdm report', () => {
  let work: string;
  let db: string[];

  beforeAll(async () => {
    await ensureBuilt();
    work = await mkdtemp(path.join(tmpdir(), 'pdm-report-'));
    db = ['--database', path.join(work, 'db')];
    const demo = await pdm(
      ['demo', ...db, '--store', path.join(work, 'pulls'), '--doctors', '60', '--cities', '2', '--json'],
      {
        cwd: work,
        timeoutMs: 300_000,
      },
    );
    expect(demo.code).toBe(0);
  }, 600_000);
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it("writes a health system's report, and a pull's, as one HTML file", async () => {
    const system = await pdm(['report', '--system', 'fortis', ...db, '--out', 'out/fortis.html'], {
      cwd: work,
    });
    expect(system.code).toBe(0);
    expect(system.stdout).toMatch(
      /^Wrote out\/fortis\.html \(\d+ KB\): fortis, latest state; \d+ practitioners/,
    );
    const html = await readFile(path.join(work, 'out/fortis.html'), 'utf8');
    expect(html).toContain('<title>Data quality: fortis: latest state</title>');
    expect(html).not.toContain('<script');

    const json = await pdm(['report', '--system', 'apollo', ...db, '--out', 'a.html', '--json'], {
      cwd: work,
    });
    const written = JSON.parse(json.stdout);
    expect(written.scope.kind).toBe('system');
    const pullId = written.scope.pull.pullId as string;
    const pull = await pdm(['report', pullId, ...db, '--out', 'pull.html', '--json'], { cwd: work });
    expect(pull.code).toBe(0);
    expect(JSON.parse(pull.stdout)).toMatchObject({ scope: { kind: 'pull', healthSystem: 'apollo' } });
    expect(JSON.parse(pull.stdout).bytes).toBe((await readFile(path.join(work, 'pull.html'))).length);
  });

  it('says what is wrong with its input, with the exit codes of every command', async () => {
    const none = await pdm(['report', ...db], { cwd: work });
    expect([none.code, none.stderr]).toEqual([
      2,
      'pdm: give a <pull-id>, or --system KEY for a health system (see pdm report --help)\n',
    ]);
    const missing = await pdm(['report', '5b4c1c1e-0000-4000-8000-000000000000', ...db], { cwd: work });
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/5b4c1c1e-0000-4000-8000-000000000000/);
    const unknown = await pdm(['report', '--system', 'manipal', ...db], { cwd: work });
    expect([unknown.code, unknown.stderr]).toEqual([
      2,
      'pdm: no pull of health system "manipal"; systems with pulls: apollo, fortis\n',
    ]);
  });
});
