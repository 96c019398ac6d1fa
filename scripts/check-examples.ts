// Type-checks every code example that users read: the ```ts blocks of each
// README and the `### Examples` blocks of JSDoc in packages' sources.
// Usage: npm run check:examples
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, '.examples');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

function walk(dir: string, files: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) walk(full, files);
    else files.push(full);
  }
  return files;
}

const blocks: { from: string; code: string }[] = [];
const fence = /```(?:ts|typescript)\n([\s\S]*?)```/g;
for (const file of walk(root)) {
  const rel = path.relative(root, file);
  if (file.endsWith('README.md') && !rel.startsWith('.')) {
    for (const match of readFileSync(file, 'utf8').matchAll(fence)) {
      if (!match[1]!.includes('// not compiled')) blocks.push({ from: rel, code: match[1]! });
    }
  } else if (/^(packages|examples)\/[^/]+\/src\/.*\.ts$/.test(rel) && !rel.endsWith('.test.ts')) {
    const text = readFileSync(file, 'utf8');
    for (const comment of text.matchAll(/\/\*\*([\s\S]*?)\*\//g)) {
      const body = comment[1]!.replace(/^[ \t]*\* ?/gm, '');
      if (!body.includes('### Examples')) continue;
      for (const match of body.matchAll(fence)) blocks.push({ from: rel, code: match[1]! });
    }
  }
}

blocks.forEach((block, i) => {
  const name = `${String(i).padStart(3, '0')}-${block.from.replace(/[^a-z0-9]+/gi, '-')}.ts`;
  writeFileSync(path.join(out, name), `// from ${block.from}\nexport {};\n${block.code}`);
});
writeFileSync(
  path.join(out, 'tsconfig.json'),
  JSON.stringify({
    extends: '../tsconfig.base.json',
    compilerOptions: { noUnusedLocals: false },
    include: ['*.ts'],
  }),
);
try {
  execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', out], {
    stdio: 'inherit',
  });
  console.log(`${blocks.length} examples compile`);
} catch {
  console.error(`examples do not compile (see .examples/ for the extracted files)`);
  process.exit(1);
}
