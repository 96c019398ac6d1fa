// Lines of every plugin package: its source (src/ without tests and without
// src/testing/), its test-pull generator (src/testing/ without tests) and its
// tests (every *.test.ts). Usage: npm run plugin-lines
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const packages = path.join(root, 'packages');

function files(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name === 'fixtures') continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) files(full, out);
    else if (name.endsWith('.ts')) out.push(full);
  }
  return out;
}

const lines = (file: string) => readFileSync(file, 'utf8').split('\n').length - 1;
const rows: string[][] = [];
for (const name of readdirSync(packages)
  .filter((n) => n.startsWith('plugin-'))
  .sort()) {
  const dir = path.join(packages, name);
  const count = { src: 0, generator: 0, tests: 0 };
  for (const file of files(dir)) {
    const relative = path.relative(dir, file).split(path.sep).join('/');
    if (relative.endsWith('.test.ts')) count.tests += lines(file);
    else if (relative.startsWith('src/testing/')) count.generator += lines(file);
    else if (relative.startsWith('src/')) count.src += lines(file);
  }
  rows.push([name, String(count.src), String(count.generator), String(count.tests)]);
}
const header = ['package', 'src', 'generator', 'tests'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
for (const row of [header, ...rows])
  console.log(
    row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '),
  );
