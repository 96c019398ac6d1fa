import { describe, expect, it } from 'vitest';
import type { DataPull } from '../pull/data-pull.js';
import { summarizePull } from './summarize.js';
import { testFileResult } from '../testing/canonical-fixtures.js';
import type { FileResult } from './summary.js';

const pull = { pullId: 'p', healthSystem: 'apollo', dataType: 'full' } as DataPull;

function result(key: string, changedFields?: FileResult['changedFields']): FileResult {
  return testFileResult(key, changedFields ? { changedFields } : {});
}

describe('summarizePull', () => {
  it("sums the files' changed fields per entity; files without them add nothing", () => {
    const summary = summarizePull({
      pull,
      files: 3,
      processed: 3,
      resumed: 0,
      results: [
        result('a', { practitioner: { phone: 2, email: 1 } }),
        result('b'),
        result('c', { practitioner: { phone: 1 }, practice: { name: 4 } }),
      ],
      enrichment: {},
      started: Date.now(),
    });
    expect(summary.changedFields).toEqual({ practitioner: { phone: 3, email: 1 }, practice: { name: 4 } });
    expect(summary.reconciled).toBe(true);
  });
});
