import { ConfigError } from '../errors.js';
import { createRegistry, type Registry } from '../registry/registry.js';
import type { ExpectedPullOutcome } from '../testing/expect-outcome.js';
import type { HealthSystemPlugin } from './health-system-plugin.js';

/** What a test-pull generator is given: `generateApolloPull`, `generateFortisPull`, … */
export interface PullGeneratorOptions {
  /** The same seed gives the same pull. */
  seed: number;
  /** Valid doctors; a dirty pull's bad records come on top. */
  doctors: number;
  /** City files or folders. */
  cities: number;
  /** Share of records given a deviation of the format, 0 to 1 (default 0: a clean pull). */
  dirt?: number;
  /** The pull timestamp, `YYYYMMDDTHHMMSSZ`. Default `20261120T053000Z`. */
  timestamp?: string;
  /** A folder laid out like the bucket, or a store to put the files in. */
  target:
    | { dir: string }
    | { store: { put(key: string, body: string | Uint8Array | AsyncIterable<Uint8Array>): Promise<void> } };
}

/** What a test-pull generator returns: the keys it wrote and the outcome a correct run must have. */
export interface GeneratedPullResult {
  pullTimestamp: string;
  keys: readonly string[];
  expected: ExpectedPullOutcome;
}

/** A plugin package's test-pull generator. */
export type PullGenerator = (options: PullGeneratorOptions) => Promise<GeneratedPullResult>;

/** A health-system plugin found installed; see `discoverPlugins` in `@provider-data/core/discover`. */
export interface InstalledPlugin {
  /** `@provider-data/plugin-apollo`. */
  packageName: string;
  plugin: HealthSystemPlugin;
  /** The template a new plugin is copied from (`@provider-data/plugin-template`): kept only when named. */
  template?: boolean;
  /** Loads the package's test-pull generator (its `./testing` entry), when its marker names one. */
  loadGenerator?: () => Promise<PullGenerator>;
}

/**
 * The plugins named by `PDM_PLUGINS` (`apollo,fortis`), or all but the
 * template when it is unset or empty, sorted by key. A name that no installed plugin has
 * is a {@link ConfigError} naming the installed ones.
 *
 * ### Examples
 * ```ts
 * import { type InstalledPlugin, selectPlugins } from '@provider-data/core';
 *
 * declare const installed: InstalledPlugin[];
 * const onlyFortis = selectPlugins(installed, ['fortis']);
 * ```
 */
export function selectPlugins(
  installed: readonly InstalledPlugin[],
  only: readonly string[] | string | undefined = process.env.PDM_PLUGINS,
): InstalledPlugin[] {
  const names = (typeof only === 'string' ? only.split(',') : (only ?? []))
    .map((n) => n.trim())
    .filter(Boolean);
  const sorted = [...installed].sort((a, b) => a.plugin.key.localeCompare(b.plugin.key));
  if (names.length === 0) return sorted.filter((p) => !p.template);
  const keys = sorted.map((p) => p.plugin.key);
  const unknown = names.filter((name) => !keys.includes(name));
  if (unknown.length > 0) {
    throw new ConfigError(
      `PDM_PLUGINS names ${unknown.join(', ')}, which no installed plugin is; installed: ${keys.join(', ') || 'none'}`,
    );
  }
  return sorted.filter((p) => names.includes(p.plugin.key));
}

/**
 * A registry of the given installed plugins, each with its default config.
 *
 * ### Examples
 * ```ts
 * import { registryOf } from '@provider-data/core';
 * import { discoverPlugins } from '@provider-data/core/discover';
 *
 * const registry = registryOf(await discoverPlugins());
 * console.log(registry.list());
 * ```
 */
export function registryOf(installed: readonly InstalledPlugin[]): Registry {
  const registry = createRegistry();
  for (const { plugin } of installed) registry.register(plugin);
  return registry;
}

/** Checks that an export a package names as its plugin is one. */
export function asPlugin(value: unknown, packageName: string, exportName: string): HealthSystemPlugin {
  const plugin = value as Partial<HealthSystemPlugin> | undefined;
  if (
    !plugin ||
    typeof plugin.key !== 'string' ||
    typeof plugin.create !== 'function' ||
    !plugin.configSchema
  ) {
    throw new ConfigError(
      `${packageName} marks ${JSON.stringify(exportName)} as its plugin, but that export is not one`,
    );
  }
  return plugin as HealthSystemPlugin;
}
