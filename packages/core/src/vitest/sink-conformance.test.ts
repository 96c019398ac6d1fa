import { randomUUID } from 'node:crypto';
import { createMemorySink, TEST_HEALTH_SYSTEM } from '../testing/index.js';
import { sinkConformanceSuite } from './sink-conformance.js';

sinkConformanceSuite({
  name: 'memory',
  async create() {
    const sink = createMemorySink();
    return {
      sink,
      createPull: async (dataType) => ({
        pullId: randomUUID(),
        healthSystem: TEST_HEALTH_SYSTEM,
        pullTimestamp: '20261120T053000Z',
        dataType,
        bucket: null,
        status: 'processing',
      }),
      // Copies: the sink's maps hold its live rows.
      readCanonical: async () =>
        structuredClone({
          practitioners: [...sink.practitioners.values()],
          practices: [...sink.practices.values()],
          providers: [...sink.providers.values()],
        }),
      readQuarantine: async () => structuredClone(sink.quarantine),
      close: async () => {},
    };
  },
});
