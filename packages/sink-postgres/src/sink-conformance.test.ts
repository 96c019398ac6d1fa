import { sinkConformanceSuite } from '@provider-data/core/vitest';
import { postgresSinkConformance, targets } from './test-support.js';

for (const target of targets) {
  sinkConformanceSuite(postgresSinkConformance(target.name, process.env.PDM_TEST_DATABASE_URL));
}
