import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createRegistry, defineHealthSystem, runPull, type Sink, type Source } from '../src/index.js';
import { testPull } from '../src/testing/index.js';
import { acmeTransformer } from './acme-plugin.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const RECORDS = 1_000_000;
/** The heap may grow by at most this much over the pull, whatever its size. */
const HEAP_GROWTH_BOUND = 64 * 1024 * 1024;

// A source that makes its records as it goes, and a sink that only counts:
// whatever the heap keeps, the pipeline kept.
const generated: Source = {
  async *listFiles() {
    yield { key: 'generated/datapulls/20261120T053000Z/by_city/one.ndjson', size: 0 };
  },
  async *readFile() {
    for (let i = 0; i < RECORDS; i++) {
      yield {
        kind: 'record',
        type: 'doctor',
        position: `line ${i + 1}`,
        value: { id: `D${i}`, name: `Doctor ${i}`, hospital: `H${i % 50}` },
      };
    }
  },
};

describe('memory', () => {
  it(`stays flat over ${RECORDS.toLocaleString('en')} records`, async () => {
    let written = 0;
    const samples: number[] = [];
    const sink: Sink = {
      name: 'counting',
      checkpoints: async () => new Map(),
      openFile: async () => ({
        async write(batch) {
          written += batch.practitioners.length;
          if (written % 100_000 < batch.practitioners.length) {
            gc();
            samples.push(process.memoryUsage().heapUsed);
          }
        },
        commit: async () => ({
          practitioner: { inserted: 0, updated: 0, unchanged: 0, superseded: 0 },
          practice: { inserted: 0, updated: 0, unchanged: 0, superseded: 0 },
        }),
        abort: async () => {},
      }),
      finishPull: async () => ({
        providers: { inserted: 0, updated: 0, unchanged: 0, superseded: 0, quarantined: 0 },
        deactivated: { practitioner: 0, practice: 0, provider: 0 },
      }),
      resetPull: async () => {},
    };
    const plugin = defineHealthSystem({
      key: 'generated',
      description: 'generated records',
      configSchema: z.object({}),
      create: () => ({ source: generated, transformer: acmeTransformer }),
    });
    gc();
    const before = process.memoryUsage().heapUsed;
    const { summary } = await runPull({
      pull: testPull({ healthSystem: 'generated' }),
      healthSystem: createRegistry().register(plugin).get('generated'),
      store: {
        name: 'none',
        list: async function* () {},
        open: async () => {
          throw new Error('unused');
        },
      },
      sink,
    });
    expect(summary.records.read).toBe(RECORDS);
    expect(written).toBe(RECORDS);
    const peakGrowth = Math.max(...samples) - before;
    console.log(
      `heap before ${(before / 2 ** 20).toFixed(1)} MiB, peak growth ${(peakGrowth / 2 ** 20).toFixed(1)} MiB over ${samples.length} samples`,
    );
    expect(peakGrowth).toBeLessThan(HEAP_GROWTH_BOUND);
  });
});
