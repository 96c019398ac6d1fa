import type { z } from 'zod';
import { ConfigError, PdmError, UnknownHealthSystemError } from '../errors.js';
import type { HealthSystemPlugin, HealthSystemRoles } from '../plugin/health-system-plugin.js';

/** A plugin with its config validated and its roles created. */
export interface RegisteredHealthSystem extends HealthSystemRoles {
  key: string;
  plugin: HealthSystemPlugin;
  /** The config as validated by the plugin's schema (its defaults filled in). */
  config?: unknown;
}

/** Health-system plugins by registry key. */
export interface Registry {
  /** Validates `config` against the plugin's schema and creates its roles. Registering a key twice throws. */
  register<Schema extends z.ZodType>(plugin: HealthSystemPlugin<Schema>, config?: z.input<Schema>): Registry;
  /** The plugin for `key`; throws {@link UnknownHealthSystemError} naming the registered keys. */
  get(key: string): RegisteredHealthSystem;
  has(key: string): boolean;
  /** Registered keys, sorted. */
  list(): string[];
}

/**
 * Creates an empty registry of health-system plugins.
 *
 * ### Examples
 * ```ts
 * import { createRegistry, defineHealthSystem, type Source, type Transformer } from '@provider-data/core';
 * import { z } from 'zod';
 *
 * declare const source: Source;
 * declare const transformer: Transformer;
 * const acme = defineHealthSystem({
 *   key: 'acme', description: 'Acme', configSchema: z.object({}), create: () => ({ source, transformer }),
 * });
 *
 * const registry = createRegistry().register(acme);
 * registry.list(); // ['acme']
 * registry.get('acme').transformer;
 * ```
 */
export function createRegistry(): Registry {
  const entries = new Map<string, RegisteredHealthSystem>();
  const registry: Registry = {
    register(plugin, config) {
      if (!/^[a-z0-9][a-z0-9_-]*$/.test(plugin.key)) {
        throw new ConfigError(
          `health-system key "${plugin.key}" must be lower case letters, digits, - or _`,
          {
            plugin: plugin.key,
          },
        );
      }
      if (entries.has(plugin.key)) {
        throw new PdmError('duplicate_health_system', `health system "${plugin.key}" is already registered`, {
          stage: 'registry',
          plugin: plugin.key,
        });
      }
      const parsed = plugin.configSchema.safeParse(config ?? {});
      if (!parsed.success) {
        const first = parsed.error.issues[0];
        throw new ConfigError(
          `invalid config for "${plugin.key}": ${first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'rejected'}`,
          { plugin: plugin.key, cause: parsed.error },
        );
      }
      const roles = plugin.create(parsed.data);
      entries.set(plugin.key, {
        key: plugin.key,
        plugin: plugin as unknown as HealthSystemPlugin,
        config: parsed.data,
        ...roles,
      });
      return registry;
    },
    get(key) {
      const entry = entries.get(key);
      if (!entry) throw new UnknownHealthSystemError(key, registry.list());
      return entry;
    },
    has: (key) => entries.has(key),
    list: () => [...entries.keys()].sort(),
  };
  return registry;
}
