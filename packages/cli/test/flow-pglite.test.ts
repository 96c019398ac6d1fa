import path from 'node:path';
import { describe } from 'vitest';
import { pullFlowSuite } from './flow.js';
import { TEST_DATABASE_URL } from './pdm.js';

// Embedded PGlite in a temporary folder: what runs on every machine. Each pdm
// run starts PGlite (seconds), so the exit-code checks run here only when no
// PostgreSQL server is given.
describe('pdm on PGlite', () => {
  pullFlowSuite({
    setup: async (work) => ({
      database: path.join(work, 'db'),
      schemas: { schema: 'provider_data', pullSchema: 'provider_connector' },
      cleanup: async () => {},
    }),
    edgeCases: !TEST_DATABASE_URL,
    fortis: false,
    concurrent: false,
  });
});
