import type { z } from 'zod';
import type { Enricher } from '../enricher/enricher.js';
import type { ObjectStore } from '../object-store/object-store.js';
import { createLocalObjectStore } from '../object-store/local-object-store.js';
import type { HealthSystemPlugin } from '../plugin/health-system-plugin.js';
import type { DataPull } from '../pull/data-pull.js';
import { createRegistry } from '../registry/registry.js';
import { runPull } from '../pipeline/run-pull.js';
import type { PullSummary } from '../pipeline/summary.js';
import { createMemorySink, type MemorySink } from './memory-sink.js';

/** Options of {@link runPlugin}. */
export interface RunPluginOptions<Schema extends z.ZodType = z.ZodType> {
  plugin: HealthSystemPlugin<Schema>;
  config?: z.input<Schema>;
  store: ObjectStore;
  /** Fields of the pull; the rest defaults (a fixed id, `full`, `20261120T053000Z`). */
  pull?: Partial<DataPull>;
  /** Reuse a sink across runs (to show that a second run changes nothing). */
  sink?: MemorySink;
  enrichers?: Enricher[];
  batchSize?: number;
}

/** The pull a test runs when it names none. */
export function testPull(pull: Partial<DataPull> & Pick<DataPull, 'healthSystem'>): DataPull {
  return {
    pullId: '00000000-0000-4000-8000-000000000001',
    pullTimestamp: '20261120T053000Z',
    dataType: 'full',
    bucket: null,
    status: 'pending',
    ...pull,
  };
}

/**
 * Runs one plugin through the real pipeline into an in-memory sink: the way a
 * plugin tests itself without a database.
 *
 * ### Examples
 * ```ts
 * import type { HealthSystemPlugin } from '@provider-data/core';
 * import { createMemoryObjectStore, runPlugin } from '@provider-data/core/testing';
 *
 * declare const acme: HealthSystemPlugin;
 * const { summary, sink } = await runPlugin({ plugin: acme, store: createMemoryObjectStore() });
 * console.log(summary.reconciled, sink.practitioners.size);
 * ```
 */
export async function runPlugin<Schema extends z.ZodType>(
  options: RunPluginOptions<Schema>,
): Promise<{ summary: PullSummary; sink: MemorySink; pull: DataPull }> {
  const registry = createRegistry().register(options.plugin, options.config);
  const pull = testPull({ healthSystem: options.plugin.key, ...options.pull });
  const sink = options.sink ?? createMemorySink();
  const { summary } = await runPull({
    pull,
    healthSystem: registry.get(options.plugin.key),
    store: options.store,
    sink,
    enrichers: options.enrichers,
    batchSize: options.batchSize,
  });
  return { summary, sink, pull };
}

/** Runs a plugin over a local folder laid out like the bucket. */
export function runPluginOnFolder<Schema extends z.ZodType>(
  plugin: HealthSystemPlugin<Schema>,
  folder: string,
  pull?: Partial<DataPull>,
): Promise<{ summary: PullSummary; sink: MemorySink; pull: DataPull }> {
  return runPlugin({ plugin, store: createLocalObjectStore(folder), pull });
}
