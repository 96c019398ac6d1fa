import { describe, it } from 'vitest';
import { pullFlowSuite } from './flow.js';
import { dropSchema, TEST_DATABASE_URL } from './pdm.js';

// A real PostgreSQL server, when PDM_TEST_DATABASE_URL names one: a fresh
// schema for the canonical tables and data_pulls, dropped afterwards.
const url = TEST_DATABASE_URL;

if (url) {
  describe('pdm on PostgreSQL', () => {
    const schema = `pdm_cli_test_${process.pid}_${Date.now().toString(36)}`;
    pullFlowSuite({
      setup: async () => ({
        database: url,
        schemas: { schema, pullSchema: schema },
        cleanup: () => dropSchema(url, schema),
      }),
      edgeCases: true,
      fortis: true,
      concurrent: true,
    });
  });
} else {
  describe('pdm on PostgreSQL', () => {
    it.skip('skipped: set PDM_TEST_DATABASE_URL=postgres://… to run the CLI against PostgreSQL', () => {});
  });
}
