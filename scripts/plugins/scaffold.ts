import { cpSync, existsSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The template's names, in every spelling, that a scaffold replaces. */
const TEMPLATE = { folder: 'plugin-template', key: 'sunrise', pascal: 'Sunrise', upper: 'SUNRISE' };
/** A registry key: the `health_system` of a pull, and a word inside identifiers (`manipalPlugin`). */
const KEY = /^[a-z][a-z0-9]{1,30}$/;
const SKIP = new Set(['node_modules', 'dist', '.turbo', 'CHANGELOG.md']);

/**
 * Copies `packages/plugin-template` to `packages/plugin-<key>`, renamed
 * throughout (file names and contents: `sunrise` → key, `Sunrise` →
 * Key, `SUNRISE` → KEY, `plugin-template` → `plugin-<key>`). Returns the
 * new package's folder. Throws for a key that is not lower-case letters and
 * digits, or a package that exists.
 */
export function scaffoldPlugin(root: string, key: string): string {
  if (!KEY.test(key))
    throw new Error(`a plugin key is 2-31 lower-case letters and digits, starting with a letter: ${key}`);
  if (key === TEMPLATE.key) throw new Error(`${key} is the template's own key`);
  const from = path.join(root, 'packages', TEMPLATE.folder);
  const to = path.join(root, 'packages', `plugin-${key}`);
  if (existsSync(to)) throw new Error(`${path.relative(root, to)} exists already`);
  const names: Array<[string, string]> = [
    [TEMPLATE.folder, `plugin-${key}`],
    [TEMPLATE.key, key],
    [TEMPLATE.pascal, key[0]!.toUpperCase() + key.slice(1)],
    [TEMPLATE.upper, key.toUpperCase()],
  ];
  const rename = (text: string) => names.reduce((out, [a, b]) => out.replaceAll(a, b), text);
  cpSync(from, to, { recursive: true, filter: (source) => !SKIP.has(path.basename(source)) });
  for (const file of filesUnder(to)) {
    let text = rename(readFileSync(file, 'utf8'));
    // The copy is a plugin of its own, listed by discoverPlugins() like any other.
    if (path.basename(file) === 'package.json') text = text.replace(/,\n\s*"template": true/, '');
    writeFileSync(file, text);
    const renamed = path.join(path.dirname(file), rename(path.basename(file)));
    if (renamed !== file) renameSync(file, renamed);
  }
  return to;
}

function filesUnder(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) filesUnder(full, out);
    else out.push(full);
  }
  return out;
}
