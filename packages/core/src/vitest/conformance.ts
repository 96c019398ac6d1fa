import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { practiceId, practitionerId } from '../model/ids.js';
import type { ObjectStore } from '../object-store/object-store.js';
import type { HealthSystemPlugin } from '../plugin/health-system-plugin.js';
import type { DataPull } from '../pull/data-pull.js';
import { entityReconciles } from '../pipeline/summary.js';
import { actualPullOutcome, type ExpectedPullOutcome } from '../testing/expect-outcome.js';
import { createMemorySink } from '../testing/memory-sink.js';
import { runPlugin } from '../testing/run-plugin.js';

/** One pull the conformance suite runs a plugin on. */
export interface ConformancePull {
  label: string;
  store: ObjectStore;
  pull?: Partial<DataPull>;
  expected?: ExpectedPullOutcome;
}

/** Options of {@link pluginConformanceSuite}. */
export interface ConformanceOptions<Schema extends z.ZodType = z.ZodType> {
  name: string;
  plugin: HealthSystemPlugin<Schema>;
  config?: z.input<Schema>;
  pulls: () => Promise<ConformancePull[]>;
}

/**
 * The suite every health-system plugin runs on itself: over each pull it is
 * given, every record ends loaded or quarantined, the summary reconciles, a
 * second run of the same pull changes nothing, and ids are stable. Call it at
 * the top level of a test file.
 *
 * ### Examples
 * ```ts
 * import type { HealthSystemPlugin } from '@provider-data/core';
 * import { createMemoryObjectStore } from '@provider-data/core/testing';
 * import { pluginConformanceSuite } from '@provider-data/core/vitest';
 *
 * declare const acme: HealthSystemPlugin;
 * pluginConformanceSuite({
 *   name: 'acme',
 *   plugin: acme,
 *   pulls: async () => [{ label: 'empty pull', store: createMemoryObjectStore() }],
 * });
 * ```
 */
export function pluginConformanceSuite<Schema extends z.ZodType>(options: ConformanceOptions<Schema>): void {
  describe(`${options.name} plugin conformance`, () => {
    it('accounts for every record, reruns without change and keeps ids stable', async () => {
      const pulls = await options.pulls();
      expect(pulls.length).toBeGreaterThan(0);
      for (const { label, store, pull, expected } of pulls) {
        const sink = createMemorySink();
        const first = await runPlugin({ plugin: options.plugin, config: options.config, store, pull, sink });
        const s = first.summary;
        // Every raw record ends loaded or quarantined; every canonical record is accounted for.
        expect(s.records.read, label).toBe(s.records.loaded + s.records.quarantined);
        for (const entity of ['practitioner', 'practice', 'provider'] as const) {
          expect(entityReconciles(s.entities[entity]), `${label}: ${entity} counts reconcile`).toBe(true);
        }
        expect(s.reconciled, label).toBe(true);
        const quarantineRows = sink.quarantine.filter((q) => q.pullId === first.pull.pullId).length;
        expect(quarantineRows, `${label}: quarantine rows match the summary`).toBe(
          Object.values(s.quarantineByReason).reduce((a, b) => a + b, 0),
        );
        if (expected) expect(actualPullOutcome(s, sink), label).toEqual(expected);

        // Ids are the stable function of (health system, source id).
        for (const row of sink.practitioners.values()) {
          expect(row.id).toBe(practitionerId(row.healthSystem, row.sourceId));
        }
        for (const row of sink.practices.values())
          expect(row.id).toBe(practiceId(row.healthSystem, row.sourceId));

        // A second run of the same pull rewrites nothing.
        const snapshot = JSON.stringify([
          ...sink.practitioners.values(),
          ...sink.practices.values(),
          ...sink.providers.values(),
        ]);
        const writes = sink.writes;
        await sink.resetPull(first.pull);
        const second = await runPlugin({ plugin: options.plugin, config: options.config, store, pull, sink });
        expect(sink.writes, `${label}: second run writes nothing`).toBe(writes);
        expect(
          JSON.stringify([
            ...sink.practitioners.values(),
            ...sink.practices.values(),
            ...sink.providers.values(),
          ]),
        ).toBe(snapshot);
        expect(second.summary.records).toEqual(s.records);
        expect(
          second.summary.entities.practitioner.inserted + second.summary.entities.practitioner.updated,
        ).toBe(0);
        expect(second.summary.entities.practice.inserted + second.summary.entities.practice.updated).toBe(0);
        expect(second.summary.entities.provider.inserted + second.summary.entities.provider.updated).toBe(0);
      }
    });
  });
}
