/**
 * Test-only: imported first by this package's test files.
 *
 * The workspace's vitest workers run with `--conditions import`, which Node
 * also applies to `require()`: node-postgres's `require('pg-pool')` then gets
 * pg-pool's ESM wrapper instead of its class ("Class extends value [object
 * Module]"). A bare `require` that lands on an `.mjs` file is sent to the
 * package's own `require` export instead, as plain Node (and the Lambda) does.
 */
import { readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';

type ResolveFilename = (request: string, parent: unknown, isMain: boolean, options?: unknown) => string;
const internals = Module as unknown as { _resolveFilename: ResolveFilename; __pdmLambdaPatched?: boolean };

function requireEntry(resolved: string, request: string): string | undefined {
  for (let dir = path.dirname(resolved); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    let manifest: { name?: string; exports?: Record<string, unknown> };
    try {
      manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    } catch {
      continue;
    }
    if (manifest.name !== request) return undefined;
    const entry = manifest.exports?.['.'] as { require?: unknown; default?: unknown } | undefined;
    const target = entry?.require ?? entry?.default;
    return typeof target === 'string' ? path.join(dir, target) : undefined;
  }
  return undefined;
}

if (!internals.__pdmLambdaPatched) {
  internals.__pdmLambdaPatched = true;
  const original = internals._resolveFilename;
  internals._resolveFilename = function (request, parent, isMain, options) {
    const resolved = original.call(this, request, parent, isMain, options);
    if (resolved.endsWith('.mjs') && /^[a-z@][\w./@-]*$/.test(request)) {
      return requireEntry(resolved, request) ?? resolved;
    }
    return resolved;
  };
  const pg = createRequire(import.meta.url)('pg') as { Pool?: unknown };
  if (typeof pg.Pool !== 'function') throw new Error('node-postgres did not load as CommonJS');
}
