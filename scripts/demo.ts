// `npm run demo`: builds the CLI and what it imports, quietly (the build's
// output is shown only when it fails), then runs `pdm demo` with any extra
// arguments (`npm run demo -- --doctors 50`).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.stderr.write('building the CLI…\n');
const build = spawnSync(
  'npx',
  ['turbo', 'run', 'build', '--filter=@provider-data/cli...', '--output-logs=errors-only'],
  { cwd: root, encoding: 'utf8' },
);
if (build.status !== 0) {
  process.stderr.write(`${build.stdout ?? ''}${build.stderr ?? ''}`);
  process.stderr.write(`the build failed (exit ${build.status ?? build.signal})\n`);
  process.exit(1);
}
const demo = spawnSync(
  process.execPath,
  [path.join(root, 'packages/cli/dist/bin.js'), 'demo', ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit' },
);
process.exit(demo.status ?? 1);
