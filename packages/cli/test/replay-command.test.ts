import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, pdm } from './pdm.js';

// `pdm replay` over the demo's PGlite database: the built binary, as a user runs it.
// The demo's plugins are the ones its pulls were loaded with, so what was
// rejected is rejected again; the library's tests change the plugin in between.
describe('pdm replay', () => {
  let work: string;
  let options: string[];
  let fortis: string;

  beforeAll(async () => {
    await ensureBuilt();
    work = await mkdtemp(path.join(tmpdir(), 'pdm-replay-'));
    options = ['--database', path.join(work, 'db'), '--store', path.join(work, 'pulls')];
    const demo = await pdm(['demo', ...options, '--doctors', '60', '--cities', '2', '--json'], {
      cwd: work,
      timeoutMs: 300_000,
    });
    expect(demo.code).toBe(0);
    const pulls = JSON.parse((await pdm(['pulls', ...options.slice(0, 2), '--json'], { cwd: work })).stdout);
    fortis = pulls.find((p: { healthSystem: string }) => p.healthSystem === 'fortis').pullId;
  }, 600_000);
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  const quarantined = async (reason?: string) =>
    JSON.parse(
      (
        await pdm(
          ['quarantine', fortis, ...options.slice(0, 2), '--json', ...(reason ? ['--reason', reason] : [])],
          { cwd: work },
        )
      ).stdout,
    ).total as number;

  it("prints the replay's counts, and the same JSON counts every time the plugin has not changed", async () => {
    const before = await quarantined();
    const human = await pdm(['replay', fortis, ...options], { cwd: work });
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(
      new RegExp(
        `^Replayed fortis pull ${fortis} \\(replay [0-9a-f-]{36}\\)\\n  records   replayed \\d+ = loaded 0 \\+ still quarantined \\d+\\n`,
      ),
    );
    expect(human.stdout).toContain('  summary   reconciled\n');

    const json = await pdm(['replay', fortis, ...options, '--json'], { cwd: work });
    expect(json.code).toBe(0);
    const { counts, summary } = JSON.parse(json.stdout);
    // Every record row is taken; the file rows wait for --files.
    expect(counts.rows.resolved + counts.rows.quarantined + summary.files.failed.length).toBe(before);
    expect(counts.rows.resolved).toBe(0);
    expect(summary.reconciled).toBe(true);
    expect(summary.replays).toHaveLength(2);
    expect(await quarantined()).toBe(before);
  });

  it('takes only the rows of --reason', async () => {
    const rows = await quarantined('missing_field');
    expect(rows).toBeGreaterThan(0);
    const json = await pdm(['replay', fortis, ...options, '--reason', 'missing_field', '--json'], {
      cwd: work,
    });
    const { counts } = JSON.parse(json.stdout);
    expect(counts.records.replayed).toBe(rows);
    expect(counts.quarantineByReason).toEqual({ missing_field: rows });
  });

  it('re-reads the files that failed as a whole with --files; still cut off, they stay failed', async () => {
    const json = await pdm(['replay', fortis, ...options, '--files', '--json'], { cwd: work });
    expect(json.code).toBe(0);
    const { counts, summary } = JSON.parse(json.stdout);
    expect(counts.filesReread.map((f: { status: string; reason: string }) => [f.status, f.reason])).toEqual(
      summary.files.failed.map(() => ['failed', 'truncated_file']),
    );
    expect(summary.files.failed.length).toBeGreaterThan(0);
    expect(summary.reconciled).toBe(true);
  });

  it('says what is wrong with its input, with the exit codes of every command', async () => {
    const missing = await pdm(['replay', '5b4c1c1e-0000-4000-8000-000000000000', ...options], { cwd: work });
    expect([missing.code, missing.stderr]).toEqual([
      3,
      'pdm: data pull 5b4c1c1e-0000-4000-8000-000000000000 was not found\n',
    ]);
    const badReason = await pdm(['replay', fortis, ...options, '--reason', 'a b'], { cwd: work });
    expect(badReason.code).toBe(2);
    const registered = await pdm(
      [
        'register',
        '--system',
        'fortis',
        '--timestamp',
        '20261120T053000Z',
        '--type',
        'full',
        ...options.slice(0, 2),
        '--json',
      ],
      { cwd: work },
    );
    const pending = JSON.parse(registered.stdout).pullId as string;
    const refused = await pdm(['replay', pending, ...options], { cwd: work });
    expect([refused.code, refused.stderr]).toEqual([
      4,
      `pdm: [pull-store] pull ${pending} is pending: only a processed pull's quarantine is replayed\n`,
    ]);
  });
});
