import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, dropSchema, ensureBuilt, pdm, TEST_DATABASE_URL } from './pdm.js';

// `pdm` as a shell runs it: in a pipe whose reader goes away, with global
// flags before the command.
describe('pdm in a shell', () => {
  let work: string;

  beforeAll(async () => {
    await ensureBuilt();
    work = await mkdtemp(path.join(tmpdir(), 'pdm-shell-'));
  }, 600_000);

  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('`pdm demo | head -2` prints two lines and ends quietly, exit 0', async () => {
    const script = `set -o pipefail; "${process.execPath}" "${BIN}" demo --doctors 40 --cities 2 2>stderr.txt | head -2; echo "\${PIPESTATUS[0]}" >status.txt`;
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile('bash', ['-c', script], { cwd: work, timeout: 300_000 }, (error, out) =>
        error ? reject(error) : resolve(out),
      );
    });
    expect(stdout.split('\n').filter(Boolean)).toHaveLength(2);
    const stderr = await readFile(path.join(work, 'stderr.txt'), 'utf8');
    expect(stderr).not.toMatch(/EPIPE|Error:|\n\s+at /);
    expect((await readFile(path.join(work, 'status.txt'), 'utf8')).trim()).toBe('0');
  });

  it('refuses an unknown flag before the command as a usage error', async () => {
    const { code, stderr } = await pdm(['--bogus', 'pulls'], { cwd: work });
    expect(code).toBe(2);
    expect(stderr).toMatch(/^pdm: .*--bogus/);
  });

  it('takes --json before the command for an error too', async () => {
    const { code, stdout } = await pdm(['--json', 'nope'], { cwd: work });
    expect(code).toBe(2);
    expect(JSON.parse(stdout).error).toMatchObject({ code: 'usage', exitCode: 2 });
  });

  const url = TEST_DATABASE_URL;
  it.skipIf(!url)('`pdm --json pulls` is `pdm pulls --json` (PostgreSQL)', async () => {
    const schema = `pdm_cli_shell_${process.pid}_${Date.now().toString(36)}`;
    const db = ['--database', url!, '--schema', schema, '--pull-schema', schema];
    try {
      expect((await pdm(['migrate', ...db], { cwd: work })).code).toBe(0);
      const registered = await pdm(
        ['register', '--system', 'apollo', '--timestamp', '20261120T053000Z', '--type', 'full', ...db],
        { cwd: work },
      );
      expect(registered.code).toBe(0);
      const after = await pdm(['pulls', ...db, '--json'], { cwd: work });
      const before = await pdm(['--json', ...db, 'pulls'], { cwd: work });
      expect(before.code).toBe(0);
      expect(before.stdout).toBe(after.stdout);
      expect(JSON.stringify(JSON.parse(before.stdout))).toContain(registered.stdout.trim());
    } finally {
      await dropSchema(url!, schema);
    }
  });
});
