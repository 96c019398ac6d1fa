import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { scaffoldPlugin } from '../../scripts/plugins/scaffold.js';

const root = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

describe('npm run new-plugin', () => {
  it('scaffolds a plugin from the template, renamed throughout, whose tests pass with no edit', async () => {
    const key = `scaffold${process.pid}`;
    const dir = path.join(root, 'packages', `plugin-${key}`);
    try {
      scaffoldPlugin(root, key);
      const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
      expect(manifest.name).toBe(`@provider-data/plugin-${key}`);
      expect(manifest['provider-data']).toEqual({
        plugin: `${key}Plugin`,
        generator: `generate${key[0]!.toUpperCase()}${key.slice(1)}Pull`,
      });
      const transformer = readFileSync(path.join(dir, `src/${key}-transformer.ts`), 'utf8');
      expect(transformer).toContain(`export const ${key.toUpperCase()} = '${key}';`);
      expect(transformer).not.toMatch(/sunrise/i);
      expect(readFileSync(path.join(dir, 'README.md'), 'utf8')).toContain(`@provider-data/plugin-${key}`);
      // The package's own tests, from inside it, as a newcomer runs them.
      const { stdout } = await run(
        process.execPath,
        [path.join(root, 'node_modules/vitest/vitest.mjs'), 'run'],
        {
          cwd: dir,
          env: { ...process.env, CI: '1', NO_COLOR: '1' },
        },
      );
      expect(stdout).toMatch(/Tests\s+5 passed/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(existsSync(dir)).toBe(false);
  });

  it('refuses a key that cannot name a plugin, and a package that exists', () => {
    expect(() => scaffoldPlugin(root, 'Max-Care')).toThrow(/lower-case letters and digits/);
    expect(() => scaffoldPlugin(root, 'fortis')).toThrow(/exists already/);
  });
});
