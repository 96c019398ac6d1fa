import { expect } from 'vitest';
import type { PullSummary } from '../pipeline/summary.js';
import { actualPullOutcome, type ExpectedPullOutcome } from '../testing/expect-outcome.js';
import type { MemorySink } from '../testing/memory-sink.js';

/**
 * Asserts that a run produced exactly the expected outcome, that its summary
 * reconciles, and that the sink's quarantine agrees with the summary.
 *
 * ### Examples
 * ```ts
 * import type { PullSummary } from '@provider-data/core';
 * import type { ExpectedPullOutcome, MemorySink } from '@provider-data/core/testing';
 * import { expectPullOutcome } from '@provider-data/core/vitest';
 *
 * declare const result: { summary: PullSummary; sink: MemorySink };
 * declare const expected: ExpectedPullOutcome;
 * expectPullOutcome(result, expected);
 * ```
 */
export function expectPullOutcome(
  result: { summary: PullSummary; sink: MemorySink },
  expected: ExpectedPullOutcome,
): void {
  const actual = actualPullOutcome(result.summary, result.sink);
  expect(actual).toEqual(expected);
  expect(result.summary.reconciled).toBe(true);
  expect(result.summary.quarantineByReason).toEqual(actual.quarantineByReason);
}
