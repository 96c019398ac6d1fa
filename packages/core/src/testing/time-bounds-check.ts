import { checkRecordBounds } from '../source/record-bounds.js';

/**
 * Microseconds per record that {@link checkRecordBounds} takes on `records`,
 * over `rounds` passes: what the record bounds cost a plugin's benchmark.
 *
 * ### Examples
 * ```ts
 * import { timeBoundsCheck } from '@provider-data/core/testing';
 *
 * const us = timeBoundsCheck([{ doctor_code: 'FD-1', degrees: ['MBBS'] }]);
 * console.log(`${us.toFixed(2)} µs per record`);
 * ```
 */
export function timeBoundsCheck(records: readonly unknown[], rounds = 20): number {
  if (records.length === 0) return 0;
  const started = performance.now();
  for (let r = 0; r < rounds; r++) for (const record of records) checkRecordBounds(record);
  return ((performance.now() - started) * 1000) / (rounds * records.length);
}
