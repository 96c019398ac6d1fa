/**
 * Test-only workaround, imported first by this package's test files.
 *
 * The workspace's vitest config starts its workers with `--conditions import`,
 * and Node then applies that condition to `require()` too: node-postgres's
 * `require('pg-pool')` gets pg-pool's ESM wrapper (a module namespace) instead
 * of the class, and `new pg.Pool()` throws "Class extends value [object
 * Module]". Here a `require` from CommonJS code of a bare package name whose
 * resolution lands on a `.mjs` file is sent to the package's own `require`
 * export, which is what plain Node does. Nothing in `src` outside the tests
 * imports this file.
 */
import { readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';

type ResolveFilename = (request: string, parent: unknown, isMain: boolean, options?: unknown) => string;
const moduleInternals = Module as unknown as { _resolveFilename: ResolveFilename; __pdmPatched?: boolean };

function requireExport(resolved: string, request: string): string | undefined {
  let dir = path.dirname(resolved);
  while (dir !== path.dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
      if (manifest.name !== request) return undefined;
      const entry = manifest.exports?.['.'];
      const target = typeof entry === 'object' && entry ? (entry.require ?? entry.default) : undefined;
      return typeof target === 'string' ? path.join(dir, target) : undefined;
    } catch {
      dir = path.dirname(dir);
    }
  }
  return undefined;
}

if (!moduleInternals.__pdmPatched) {
  moduleInternals.__pdmPatched = true;
  const original = moduleInternals._resolveFilename;
  moduleInternals._resolveFilename = function (request, parent, isMain, options) {
    const resolved = original.call(this, request, parent, isMain, options);
    if (resolved.endsWith('.mjs') && /^[a-z@][\w./@-]*$/.test(request) && !request.startsWith('.')) {
      return requireExport(resolved, request) ?? resolved;
    }
    return resolved;
  };
  // Fail early and clearly if the workaround does not take.
  const pg = createRequire(import.meta.url)('pg') as { Pool?: unknown };
  if (typeof pg.Pool !== 'function') throw new Error('node-postgres did not load as CommonJS');
}
