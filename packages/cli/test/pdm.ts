import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The cli package folder and the repository root. */
export const CLI_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ROOT_DIR = path.resolve(CLI_DIR, '../..');
export const BIN = path.join(CLI_DIR, 'dist/bin.js');

const DEPENDENCIES = [
  'core',
  'sink-postgres',
  'enricher-places',
  'plugin-apollo',
  'plugin-fortis',
  'report',
  'identity',
  // Installed beside the others, so discovery of installed plugins imports it too.
  'plugin-template',
];

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else if (!entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Makes sure `dist/bin.js` runs the current sources. The workspace packages
 * it imports are resolved through their `dist/` outside vitest: when one is
 * missing, turbo builds them all (`npm test` builds first, so this is for a
 * direct `npx vitest run packages/cli`); the CLI itself is rebuilt with tsup
 * when a source is newer than its build. One test file builds at a time.
 */
export async function ensureBuilt(): Promise<void> {
  const lock = path.join(tmpdir(), 'provider-data-cli-build.lock');
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another test file is building; a lock older than 10 minutes is stale.
      if (Date.now() - statSync(lock, { throwIfNoEntry: false })!.mtimeMs > 600_000)
        rmSync(lock, { recursive: true });
      await sleep(500);
    }
  }
  try {
    const missing = DEPENDENCIES.some(
      (name) => !existsSync(path.join(ROOT_DIR, 'packages', name, 'dist/index.js')),
    );
    if (missing) {
      execFileSync(
        'npx',
        ['turbo', 'run', 'build', '--filter=@provider-data/cli...', '--output-logs=errors-only'],
        {
          cwd: ROOT_DIR,
          stdio: 'inherit',
        },
      );
    }
    const stale =
      !existsSync(BIN) ||
      statSync(BIN).mtimeMs <
        Math.max(
          newestMtime(path.join(CLI_DIR, 'src')),
          statSync(path.join(CLI_DIR, 'package.json')).mtimeMs,
        );
    if (stale) execFileSync('npx', ['tsup'], { cwd: CLI_DIR, stdio: 'pipe' });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** What a run of `pdm` printed and how it exited. */
export interface PdmResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built `pdm` with `args` in `cwd`. The environment is the test's
 * without any `PDM_*` variable, plus `env`: a run sees only what the test gives it.
 */
export function pdm(
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<PdmResult> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith('PDM_')) env[key] = value;
  }
  Object.assign(env, options.env);
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      {
        cwd: options.cwd ?? CLI_DIR,
        env,
        timeout: options.timeoutMs ?? 120_000,
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** A PostgreSQL URL for the tests, when `PDM_TEST_DATABASE_URL` is set. */
export const TEST_DATABASE_URL = process.env.PDM_TEST_DATABASE_URL || undefined;

/** What {@link inspectDatabase} read from the tables. */
export interface DatabaseState {
  status: string | null;
  rows: { practitioner: number; practice: number; provider: number };
  quarantineByReason: Record<string, number>;
}

function runNode(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd: CLI_DIR, timeout: 120_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${error.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

/** A pull's status, the active rows of its health system and its quarantine rows, read in a child process. */
export async function inspectDatabase(
  database: string,
  schemas: { schema: string; pullSchema: string },
  pullId: string,
  healthSystem: string,
): Promise<DatabaseState> {
  const script = path.join(CLI_DIR, 'test/inspect-db.mjs');
  return JSON.parse(
    await runNode([script, database, schemas.schema, schemas.pullSchema, pullId, healthSystem]),
  ) as DatabaseState;
}

/** Drops a PostgreSQL schema and everything in it. */
export async function dropSchema(url: string, schema: string): Promise<void> {
  await runNode([path.join(CLI_DIR, 'test/inspect-db.mjs'), '--drop', url, schema]);
}
