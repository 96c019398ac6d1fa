import { standardized, type Standardized } from './standardized.js';
import { cleanString, describe, isBlank } from './text.js';

/** More years of practice than this is a data error, not a career. */
const MAX_YEARS = 70;

// `(?<!\d)`: a number is read from its first digit only. Without it a run of
// 20,000 digits that is not followed by a unit was tried from each of its
// digits, each try backtracking over the rest: 1.3 s.
const YEARS = /(?<!\d)(\d+(?:\.\d+)?)\s*\+?\s*(?:years?|yrs?|yr\.?s?|y)\b/i;
const MONTHS = /(?<!\d)(\d+)\s*(?:months?|mths?|mos?|m)\b/i;
const BARE =
  /^(?:over|more than|above|about|around|approx\.?|~|>)?\s*(\d+(?:\.\d+)?)\s*\+?\s*(?:-\s*\d+(?:\.\d+)?)?$/i;
const RANGE = /(?<!\d)(\d+(?:\.\d+)?)\s*(?:-|–|to)\s*\d+(?:\.\d+)?\s*\+?\s*(?:years?|yrs?)\b/i;
const SINCE = /\b(?:since|from)\s+(\d{4})\b/i;
const NONE = /^(?:fresher|nil|none|n\/?a|-+|0)$/i;

/**
 * Turns years of experience (`22 Years`, `22+ yrs`, `Over 15 years`,
 * `5 Years 6 Months`, `15`, `"15+"`) into the practice start year, counted
 * back from the pull time, so that the figure never goes stale.
 *
 * Months are added to the years and the total floored; a range (`10-15
 * years`) counts its lower bound; a bare four-digit year or `since 2005` is
 * the start year itself. More than 70 years, a negative count or a year in
 * the future is null, with the input in `unmapped`.
 *
 * ### Examples
 * ```ts
 * import { standardizeExperience } from '@provider-data/core';
 *
 * standardizeExperience('22+ yrs', new Date('2026-11-20T05:30:00Z')).value; // 2004
 * ```
 */
export function standardizeExperience(raw: unknown, pullTime: Date): Standardized<number | null> {
  if (isBlank(raw)) return standardized(null);
  const pullYear = pullTime instanceof Date ? pullTime.getUTCFullYear() : Number.NaN;
  if (!Number.isFinite(pullYear)) return standardized(null, [describe(raw)], ['invalid_pull_time']);
  const years = yearsOf(raw, pullYear);
  if (years === undefined) return standardized(null, [describe(raw)]);
  if ('startYear' in years) return standardized(years.startYear);
  if (years.count < 0 || years.count > MAX_YEARS) return standardized(null, [describe(raw)]);
  return standardized(pullYear - Math.floor(years.count));
}

function yearsOf(raw: unknown, pullYear: number): { count: number } | { startYear: number } | undefined {
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return undefined;
    return asYearOrCount(raw, pullYear);
  }
  const text = typeof raw === 'string' ? cleanString(raw) : null;
  if (text === null) return undefined;
  if (NONE.test(text)) return { count: 0 };
  const since = SINCE.exec(text);
  if (since !== null) return asYearOrCount(Number(since[1]), pullYear);
  const bare = BARE.exec(text);
  if (bare !== null) return asYearOrCount(Number(bare[1]), pullYear);
  const range = RANGE.exec(text);
  if (range !== null) return { count: Number(range[1]) };
  const y = YEARS.exec(text);
  const m = MONTHS.exec(text);
  if (y === null && m === null) return undefined;
  const count = (y === null ? 0 : Number(y[1])) + (m === null ? 0 : Number(m[1]) / 12);
  return Number.isFinite(count) ? { count } : undefined;
}

/** `2005` is a start year when it is a plausible one; any other number is a count of years. */
function asYearOrCount(n: number, pullYear: number): { count: number } | { startYear: number } | undefined {
  if (Number.isInteger(n) && n >= 1000) {
    return n >= pullYear - MAX_YEARS && n <= pullYear ? { startYear: n } : undefined;
  }
  return { count: n };
}
