import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  asPlugin,
  type InstalledPlugin,
  type PullGenerator,
  selectPlugins,
} from '../plugin/installed-plugins.js';

/** Options of {@link discoverPlugins}. */
export interface DiscoverPluginsOptions {
  /** Where to start looking for `node_modules/@provider-data/`, walking up; default the working directory. */
  from?: string;
  /** The keys to keep; default `PDM_PLUGINS` (`apollo,fortis`), else every plugin found. */
  only?: readonly string[] | string;
}

/** The marker a plugin package puts in its package.json. */
interface Marker {
  /** The export of the package's main entry that is the plugin: `apolloPlugin`. */
  plugin: string;
  /** The export of its `./testing` entry that generates test pulls: `generateApolloPull`. */
  generator?: string;
  /** The template a new plugin is copied from: listed only when `PDM_PLUGINS` names it. */
  template?: boolean;
}

/**
 * The health-system plugins installed beside the application: every
 * `@provider-data/*` package whose package.json marks itself with
 * `"provider-data": { "plugin": "<export>", "generator": "<export of ./testing>" }`,
 * found in the `node_modules/@provider-data/` folders from `options.from`
 * (the working directory) up to the root and beside this package, imported,
 * narrowed by `PDM_PLUGINS` (see `selectPlugins`) and sorted by key. The
 * template package (`"template": true`) is listed only when named. Adding a
 * chain is installing its package: nothing else lists it.
 *
 * A bundle has no `node_modules` to look in: the Lambda's build replaces
 * this module with static imports of the plugins installed when it was built
 * (examples/lambda/scripts/package.mjs).
 *
 * ### Examples
 * ```ts
 * import { registryOf } from '@provider-data/core';
 * import { discoverPlugins } from '@provider-data/core/discover';
 *
 * const installed = await discoverPlugins({ only: process.env.PDM_PLUGINS });
 * console.log(installed.map((p) => p.plugin.key)); // ['apollo', 'fortis']
 * const registry = registryOf(installed);
 * ```
 */
export async function discoverPlugins(options: DiscoverPluginsOptions = {}): Promise<InstalledPlugin[]> {
  const found = new Map<string, { dir: string; marker: Marker }>();
  const starts = [options.from ?? process.cwd(), path.dirname(fileURLToPath(import.meta.url))];
  for (const start of starts) {
    for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
      const scope = path.join(dir, 'node_modules', '@provider-data');
      if (existsSync(scope)) {
        for (const name of readdirSync(scope)) {
          const packageName = `@provider-data/${name}`;
          if (found.has(packageName)) continue;
          const marker = markerOf(path.join(scope, name, 'package.json'));
          if (marker) found.set(packageName, { dir: path.join(scope, name), marker });
        }
      }
      if (path.dirname(dir) === dir) break;
    }
  }
  const installed: InstalledPlugin[] = [];
  for (const [packageName, { marker }] of found) {
    const main = (await import(packageName)) as Record<string, unknown>;
    const generator = marker.generator;
    installed.push({
      packageName,
      ...(marker.template === true ? { template: true } : {}),
      plugin: asPlugin(main[marker.plugin], packageName, marker.plugin),
      ...(generator
        ? {
            loadGenerator: async () =>
              ((await import(`${packageName}/testing`)) as Record<string, unknown>)[
                generator
              ] as PullGenerator,
          }
        : {}),
    });
  }
  return selectPlugins(installed, options.only);
}

function markerOf(file: string): Marker | null {
  try {
    const marker = (JSON.parse(readFileSync(file, 'utf8')) as { 'provider-data'?: Partial<Marker> })[
      'provider-data'
    ];
    return marker && typeof marker.plugin === 'string' ? (marker as Marker) : null;
  } catch {
    return null;
  }
}
