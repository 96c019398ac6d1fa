import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { practitionerId } from '@provider-data/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, pdm } from './pdm.js';

// `pdm identity` over the demo's PGlite database: the built binary, as a user runs it.
describe('pdm identity', () => {
  let work: string;
  let db: string[];
  const apollo = practitionerId('apollo', 'AD-0000000');
  const fortis = practitionerId('fortis', 'FD-10000');

  beforeAll(async () => {
    await ensureBuilt();
    work = await mkdtemp(path.join(tmpdir(), 'pdm-identity-'));
    db = ['--database', path.join(work, 'db')];
    const demo = await pdm(
      ['demo', ...db, '--store', path.join(work, 'pulls'), '--doctors', '40', '--cities', '2', '--json'],
      { cwd: work, timeoutMs: 300_000 },
    );
    expect(demo.code).toBe(0);
  }, 600_000);
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('runs, then a link a reviewer enters makes one person that explain shows', async () => {
    const full = await pdm(['identity', 'run', '--full', ...db, '--json'], { cwd: work });
    expect(full.code).toBe(0);
    const result = JSON.parse(full.stdout);
    expect(result.mode).toBe('full');
    expect(result.practitioners.read).toBeGreaterThanOrEqual(80);
    const again = await pdm(['identity', 'run', ...db, '--json'], { cwd: work });
    expect(JSON.parse(again.stdout).practitioners.changed).toBe(0);

    const link = await pdm(['identity', 'link', apollo, fortis, '--note', 'same doctor', ...db], {
      cwd: work,
    });
    expect([link.code, link.stdout]).toEqual([
      0,
      `Recorded: ${apollo} and ${fortis} must be one person; the next pdm identity run applies it.\n`,
    ]);
    expect((await pdm(['identity', 'run', ...db], { cwd: work })).stdout).toMatch(
      /^Identity \(incremental, model \w+\): /,
    );
    const explained = JSON.parse(
      (await pdm(['identity', 'explain', fortis, ...db, '--json'], { cwd: work })).stdout,
    );
    expect(explained.members.map((m: { practitionerId: string }) => m.practitionerId).sort()).toEqual(
      [apollo, fortis].sort(),
    );
    expect(explained.overrides).toEqual([
      { practitioners: [apollo, fortis].sort(), kind: 'must_link', note: 'same doctor' },
    ]);
    const text = await pdm(['identity', 'explain', apollo, ...db], { cwd: work });
    expect(text.stdout).toContain(`Person ${explained.personId}: 2 practitioners`);
    expect(text.stdout).toContain('linked by a reviewer (must-link override)');

    const unlink = JSON.parse(
      (await pdm(['identity', 'unlink', apollo, ...db, '--json'], { cwd: work })).stdout,
    );
    expect(unlink.separated).toEqual([fortis]);
    await pdm(['identity', 'run', ...db], { cwd: work });
    const gone = await pdm(['identity', 'explain', apollo, ...db], { cwd: work });
    expect(gone.code).toBe(3);
    expect(gone.stderr).toMatch(/^pdm: no person /);

    const review = JSON.parse((await pdm(['identity', 'review', ...db, '--json'], { cwd: work })).stdout);
    expect(review.total).toBe(review.items.length);
  }, 600_000);

  it('says what is wrong with its input', async () => {
    const none = await pdm(['identity', ...db], { cwd: work });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('give an action: run, review, link, unlink, explain');
    const one = await pdm(['identity', 'link', apollo, ...db], { cwd: work });
    expect([one.code, one.stderr]).toEqual([2, 'pdm: pdm identity link needs two practitioner ids\n']);
    const bad = await pdm(['identity', 'explain', 'x', ...db], { cwd: work });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('<first> must be a UUID, got "x"');
    const same = await pdm(['identity', 'link', apollo, apollo, ...db], { cwd: work });
    expect([same.code, same.stderr]).toEqual([2, 'pdm: an override needs two different practitioners\n']);
    const missing = await pdm(['identity', 'link', apollo, '00000000-0000-4000-8000-00000000dead', ...db], {
      cwd: work,
    });
    expect(missing.code).toBe(3);
  }, 300_000);
});
