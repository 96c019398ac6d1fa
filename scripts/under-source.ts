import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * True when this process runs with the `source` export condition (workspace
 * packages resolve to their TypeScript sources, no build needed). Otherwise
 * re-runs the script at `scriptUrl` under Node with it, `--expose-gc` (for a
 * clean heap baseline) and tsx, sets this process's exit code to the child's,
 * and returns false: the caller then stops. Import it before any workspace package.
 */
export function underSource(scriptUrl: string): boolean {
  if (process.execArgv.some((arg) => arg.includes('conditions=source'))) return true;
  const script = fileURLToPath(scriptUrl);
  const args = ['--conditions=source', '--expose-gc', '--import', 'tsx', script, ...process.argv.slice(2)];
  process.exitCode = spawnSync(process.execPath, args, { stdio: 'inherit' }).status ?? 1;
  return false;
}

/** The `parseArgs` options of every plugin benchmark's generated pull: its size, its dirt and its seed. */
export function pullOptions(dirt: string) {
  return {
    doctors: { type: 'string', default: '200000' },
    cities: { type: 'string', default: '40' },
    dirt: { type: 'string', default: dirt },
    seed: { type: 'string', default: '1' },
  } as const;
}
