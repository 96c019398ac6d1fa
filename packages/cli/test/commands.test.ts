import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/run.js';
import { ensureBuilt, pdm } from './pdm.js';

// Everything here fails before a database or a store is opened: fast, and
// the same on every machine.

let work: string;

beforeAll(async () => {
  await ensureBuilt();
  work = await mkdtemp(path.join(tmpdir(), 'pdm-commands-'));
}, 600_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function runInProcess(args: string[], cwd: string, env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await run(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env,
    cwd,
  });
  return { code, stdout, stderr };
}

const COMMANDS = ['demo', 'migrate', 'register', 'process', 'pulls', 'pull', 'quarantine', 'generate'];
const PULL_ID = 'f3e51f05-6517-4099-b216-d7850fd6a418';

describe.concurrent('help', () => {
  it('lists every command, the options with their variables and the exit codes', async () => {
    const { code, stdout } = await pdm(['--help']);
    expect(code).toBe(0);
    for (const command of COMMANDS) expect(stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    for (const variable of [
      'PDM_DATABASE_URL',
      'PDM_STORE',
      'PDM_S3_ENDPOINT',
      'PDM_PLACES_API_KEY',
      'PDM_DB_SCHEMA',
    ]) {
      expect(stdout).toContain(variable);
    }
    expect(stdout).toContain('3 pull not found');
  });

  it('prints usage and exits 2 without a command', async () => {
    const { code, stdout } = await pdm([]);
    expect(code).toBe(2);
    expect(stdout).toContain('Usage: pdm <command>');
  });

  it.each(COMMANDS)('pdm %s --help shows its usage and options', async (command) => {
    const { code, stdout, stderr } = await pdm([command, '--help']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(new RegExp(`^Usage: pdm ${command}`));
    expect(stdout).toContain('--json');
  });

  it('pdm help <command> is the same as --help', async () => {
    const a = await pdm(['help', 'quarantine']);
    const b = await pdm(['quarantine', '-h']);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
  });

  it('prints the version', async () => {
    const { code, stdout } = await pdm(['--version']);
    expect(code).toBe(0);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe.concurrent('usage errors exit 2 with one line naming the option', () => {
  const cases: [string, string[], string][] = [
    ['unknown command', ['frobnicate'], 'pdm: unknown command "frobnicate"; commands: demo, migrate'],
    ['unknown option', ['pulls', '--bogus'], 'pdm: unknown option --bogus for "pdm pulls"'],
    ['option without its value', ['pulls', '--limit'], 'pdm: --limit needs a value'],
    ['a value for a flag', ['pulls', '--json=yes'], 'pdm: --json takes no value'],
    ['--limit 0', ['pulls', '--limit', '0'], 'pdm: --limit must be a positive integer'],
    ['--limit abc', ['quarantine', PULL_ID, '--limit', 'abc'], 'pdm: --limit must be a positive integer'],
    [
      '--reason with spaces',
      ['quarantine', PULL_ID, '--reason', 'a b'],
      'pdm: --reason must be a reason code',
    ],
    ['--top -1', ['pull', PULL_ID, '--top', '-1'], 'pdm: --top must be a positive integer'],
    ['no pull id', ['process'], 'pdm: a <pull-id> is required'],
    ['a pull id that is not a UUID', ['process', 'abc'], 'pdm: <pull-id> must be a UUID, got "abc"'],
    ['pull: not a UUID', ['pull', '42'], 'pdm: <pull-id> must be a UUID, got "42"'],
    ['quarantine: not a UUID', ['quarantine', 'x'], 'pdm: <pull-id> must be a UUID, got "x"'],
    ['an extra argument', ['pull', PULL_ID, 'extra'], 'pdm: unexpected argument "extra"'],
    [
      'register without --system',
      ['register', '--timestamp', '20261120T053000Z', '--type', 'full'],
      'pdm: --system is required',
    ],
    [
      'register with a bad timestamp',
      ['register', '--system', 'apollo', '--timestamp', '2026-11-20', '--type', 'full'],
      'pdm: --timestamp must be YYYYMMDDTHHMMSSZ',
    ],
    [
      'register with a bad type',
      ['register', '--system', 'apollo', '--timestamp', '20261120T053000Z', '--type', 'partial'],
      'pdm: --type must be one of full, incremental',
    ],
    [
      'register with a bad pull id',
      [
        'register',
        '--system',
        'apollo',
        '--timestamp',
        '20261120T053000Z',
        '--type',
        'full',
        '--pull-id',
        '7',
      ],
      'pdm: --pull-id must be a UUID',
    ],
    [
      'generate with an unknown system',
      ['generate', '--system', 'acme', '--doctors', '5', '--cities', '1'],
      'pdm: --system must be one of apollo, fortis',
    ],
    [
      'generate --doctors 0',
      ['generate', '--system', 'apollo', '--doctors', '0', '--cities', '1'],
      'pdm: --doctors must be a positive integer',
    ],
    [
      'generate --doctors -3',
      ['generate', '--system', 'apollo', '--doctors', '-3', '--cities', '1'],
      'pdm: --doctors must be a positive integer',
    ],
    [
      'generate --doctors 2.5',
      ['generate', '--system', 'apollo', '--doctors', '2.5', '--cities', '1'],
      'pdm: --doctors must be a positive integer',
    ],
    [
      'generate without --cities',
      ['generate', '--system', 'fortis', '--doctors', '5'],
      'pdm: --cities is required',
    ],
    [
      'generate --dirt 1.5',
      ['generate', '--system', 'fortis', '--doctors', '5', '--cities', '1', '--dirt', '1.5'],
      'pdm: --dirt must be a number from 0 to 1',
    ],
    ['demo --doctors x', ['demo', '--doctors', 'x'], 'pdm: --doctors must be a positive integer'],
    ['demo into S3', ['demo', '--store', 's3://bucket'], 'pdm: --store must be a local folder for the demo'],
    [
      '--schema not an identifier',
      ['migrate', '--schema', 'Bad-Name'],
      'pdm: --schema must be a lower-case SQL identifier',
    ],
    [
      '--store with a bad bucket',
      ['process', PULL_ID, '--store', 's3://A_B'],
      'pdm: --store must be a folder or s3://BUCKET',
    ],
    [
      '--s3-endpoint not a URL',
      ['process', PULL_ID, '--s3-endpoint', 'nowhere'],
      'pdm: --s3-endpoint must be a URL',
    ],
    [
      '--places-url not a URL',
      ['process', PULL_ID, '--places-url', 'ftp://x'],
      'pdm: --places-url must be an http(s) URL',
    ],
    [
      '--lease not a duration',
      ['process', PULL_ID, '--lease', 'soon'],
      'pdm: --lease must be a duration such as 300000 (ms), 90s or 5m, from 1s to 24h',
    ],
    ['--lease too short', ['process', PULL_ID, '--lease', '500ms'], 'pdm: --lease must be a duration'],
  ];

  // The whole table through run() in this process (the same code the binary
  // runs); one case per command through the binary below.
  it.each(cases)('%s', async (_name, args, message) => {
    const { code, stdout, stderr } = await runInProcess(args, work);
    expect(code).toBe(2);
    expect(stderr.startsWith(message)).toBe(true);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stdout).toBe('');
  });

  const perCommand = COMMANDS.map((command) => {
    const found = cases.find(([, args]) => args[0] === command);
    if (!found) throw new Error(`no usage case for ${command}`);
    return found;
  });
  it.each(perCommand)('the binary: %s', async (_name, args, message) => {
    const { code, stdout, stderr } = await pdm(args, { cwd: work });
    expect(code).toBe(2);
    expect(stderr.startsWith(message)).toBe(true);
    expect(stdout).toBe('');
  });

  it('names the environment variable when the bad value came from one', async () => {
    const { code, stderr } = await runInProcess(['pulls'], work, { PDM_DB_SCHEMA: 'Nope!' });
    expect(code).toBe(2);
    expect(stderr).toContain('pdm: PDM_DB_SCHEMA must be a lower-case SQL identifier');
    const lease = await runInProcess(['process', PULL_ID], work, { PDM_LEASE_MS: '5 minutes' });
    expect(lease.code).toBe(2);
    expect(lease.stderr).toContain('pdm: PDM_LEASE_MS must be a duration');
  });

  it('with --json, also writes the error as JSON on stdout', async () => {
    const { code, stdout } = await runInProcess(['pull', 'nope', '--json'], work);
    expect(code).toBe(2);
    expect(JSON.parse(stdout)).toEqual({
      error: { code: 'usage', message: '<pull-id> must be a UUID, got "nope"', exitCode: 2 },
    });
  });

  it('opens nothing for a bad option: no ./.pdm folder appears', async () => {
    await pdm(['process', 'abc', '--database', 'db', '--store', 'pulls'], { cwd: work });
    const entries = await readdir(work);
    for (const name of ['.pdm', 'db', 'pulls']) expect(entries).not.toContain(name);
  });
});

describe('durations', () => {
  it('reads --lease as milliseconds, or with a unit', async () => {
    const { durationOption } = await import('../src/options.js');
    const lease = durationOption('--lease', 1000, 86_400_000);
    expect(['300000', '1500ms', '90s', '5m', '1h', ' 2M '].map((text) => lease.parse(text))).toEqual([
      300_000, 1500, 90_000, 300_000, 3_600_000, 120_000,
    ]);
    expect(lease.safeParse('2d').success).toBe(false);
    expect(lease.safeParse('25h').success).toBe(false);
  });
});

describe('secrets', () => {
  it('never prints the database password or the Places key', async () => {
    const { code, stdout, stderr } = await pdm(
      ['process', PULL_ID, '--database', 'postgres://pdm:hunter2-secret@127.0.0.1:1/pdm', '--json'],
      { cwd: work, env: { PDM_PLACES_API_KEY: 'AIzaNotARealKey123' } },
    );
    expect(code).toBe(1);
    expect(stderr).toContain('postgres://pdm:***@127.0.0.1:1/pdm');
    for (const text of [stdout, stderr]) {
      expect(text).not.toContain('hunter2-secret');
      expect(text).not.toContain('AIzaNotARealKey123');
    }
    expect(JSON.parse(stdout).error.exitCode).toBe(1);
  });
});
