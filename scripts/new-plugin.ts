// Scaffolds a new health-system plugin from packages/plugin-template:
//   npm run new-plugin -- manipal [--no-install]
// writes packages/plugin-manipal (key `manipal`), renamed throughout, and runs
// `npm install` so that the workspace links it. Its tests pass as they are:
//   cd packages/plugin-manipal && npm test
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { scaffoldPlugin } from './plugins/scaffold.js';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { 'no-install': { type: 'boolean', default: false } },
});
const key = positionals[0];
if (!key) {
  console.error('usage: npm run new-plugin -- <key> [--no-install]');
  process.exit(2);
}
const root = path.resolve(import.meta.dirname, '..');
const dir = scaffoldPlugin(root, key);
console.log(`wrote ${path.relative(root, dir)} (@provider-data/plugin-${key}, key ${key})`);
if (!values['no-install'])
  execFileSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
console.log(
  `next: edit src/${key}-raw-schema.ts, src/${key}-source.ts, src/${key}-transformer.ts and src/testing/;`,
);
console.log(`      cd ${path.relative(root, dir)} && npm test`);
