import type { ScheduleSlot, Weekday } from '../model/common.js';
import { standardized, type Standardized } from './standardized.js';
import { BoundedCache, cleanString, describe, isBlank, memoized } from './text.js';

const WEEK: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

const DAY_WORDS = new Map<string, Weekday>([
  ['mon', 'mon'],
  ['monday', 'mon'],
  ['tue', 'tue'],
  ['tues', 'tue'],
  ['tuesday', 'tue'],
  ['wed', 'wed'],
  ['weds', 'wed'],
  ['wednesday', 'wed'],
  ['thu', 'thu'],
  ['thur', 'thu'],
  ['thurs', 'thu'],
  ['thursday', 'thu'],
  ['fri', 'fri'],
  ['friday', 'fri'],
  ['sat', 'sat'],
  ['saturday', 'sat'],
  ['sun', 'sun'],
  ['sunday', 'sun'],
]);
const DAY_GROUPS = new Map<string, readonly Weekday[]>([
  ['daily', WEEK],
  ['everyday', WEEK],
  ['all days', WEEK],
  ['all week', WEEK],
  ['weekdays', ['mon', 'tue', 'wed', 'thu', 'fri']],
  ['weekends', ['sat', 'sun']],
  ['weekend', ['sat', 'sun']],
]);

const TIME = String.raw`(\d{1,2})(?:[:.](\d{2}))?\s*(a\.?m\.?|p\.?m\.?|noon|hrs|h)?`;
const TIME_RANGE = new RegExp(String.raw`${TIME}\s*(?:-|–|—|to|till|until)\s*${TIME}`, 'gi');
const DAY_TOKEN =
  /\b(?:every\s*day|all days|all week|daily|weekdays|weekends?|mon(?:day)?|tue(?:s|sday)?|wed(?:s|nesday)?|thu(?:r|rs|rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)\b|-|–|to\b/gi;
const CLOSED = /\b(?:closed|holiday|off|leave|not available)\b/i;
const SEGMENTS = /[;\n|]+/;

/** Days named in a day expression: `Mon-Sat`, `Mon,Wed,Fri`, `Tue & Thu`, `Fri to Mon`, `Daily`. */
function parseDays(text: string): Weekday[] {
  const days = new Set<Weekday>();
  let previous: Weekday | null = null;
  let pendingRange = false;
  for (const m of text.matchAll(DAY_TOKEN)) {
    const token = m[0].toLowerCase().replace(/\s+/g, ' ');
    if (token === '-' || token === '–' || token === 'to') {
      pendingRange = previous !== null;
      continue;
    }
    const group = DAY_GROUPS.get(token === 'every day' ? 'everyday' : token);
    if (group !== undefined) {
      for (const d of group) days.add(d);
      previous = null;
      pendingRange = false;
      continue;
    }
    const day = DAY_WORDS.get(token);
    if (day === undefined) continue;
    if (pendingRange && previous !== null) {
      // Ranges wrap round the week: `Fri-Mon` is Fri, Sat, Sun, Mon.
      for (let i = WEEK.indexOf(previous); ; i = (i + 1) % 7) {
        days.add(WEEK[i]!);
        if (WEEK[i] === day) break;
      }
    } else days.add(day);
    previous = day;
    pendingRange = false;
  }
  return WEEK.filter((d) => days.has(d));
}

interface Clock {
  hour: number;
  minute: number;
  meridiem: 'am' | 'pm' | null;
}

function clock(
  hour: string | undefined,
  minute: string | undefined,
  suffix: string | undefined,
): Clock | null {
  const h = Number(hour);
  const m = minute === undefined ? 0 : Number(minute);
  if (!Number.isInteger(h) || m > 59) return null;
  const s = suffix?.toLowerCase().replace(/\./g, '');
  if (s === 'noon') return h === 12 ? { hour: 12, minute: m, meridiem: 'pm' } : null;
  const meridiem = s === 'am' || s === 'pm' ? s : null;
  if (meridiem !== null && (h < 1 || h > 12)) return null;
  if (h > 24) return null;
  return { hour: h, minute: m, meridiem };
}

function to24(c: Clock, meridiem: 'am' | 'pm' | null): number {
  const m = c.meridiem ?? meridiem;
  let h = c.hour;
  if (m === 'am' && h === 12) h = 0;
  if (m === 'pm' && h < 12) h += 12;
  return h * 60 + c.minute;
}

const hhmm = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/**
 * Start and end in minutes after midnight. A start without am/pm takes the
 * end's when that keeps it before the end (`5:30 - 8 PM`); without any
 * am/pm, `9-1` is read as 09:00-13:00. Overnight slots are not read.
 */
function parseRange(m: RegExpMatchArray): { start: number; end: number } | null {
  const a = clock(m[1], m[2], m[3]);
  const b = clock(m[4], m[5], m[6]);
  if (a === null || b === null) return null;
  let start = to24(a, null);
  let end = to24(b, null);
  if (a.meridiem === null && b.meridiem !== null) {
    const same = to24(a, b.meridiem);
    start = same < end ? same : to24(a, 'am');
  }
  if (b.meridiem === 'am' && b.hour === 12 && b.minute === 0) end = 24 * 60;
  if (a.meridiem === null && b.meridiem === null && end <= start && end + 12 * 60 > start && b.hour < 12)
    end += 12 * 60;
  if (start >= 24 * 60 || end > 24 * 60 || end <= start) return null;
  return { start, end };
}

/**
 * Reads weekly consultation hours into slots with 24-hour times:
 * `Mon-Sat 09:00 AM - 01:00 PM`, `Mon,Wed,Fri 10:00-14:00; Sat 09:00-12:00`,
 * `Tue & Thu 5:30 PM - 8 PM`, `Daily 10:00-13:00`. Segments it cannot read
 * go to `unmapped`.
 *
 * ### Examples
 * ```ts
 * import { standardizeSchedule } from '@provider-data/core';
 *
 * standardizeSchedule('Mon-Fri 9AM-1PM').value;
 * // [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '13:00' }]
 * ```
 */
export function standardizeSchedule(raw: unknown): Standardized<ScheduleSlot[]> {
  return memoized(RESULT_CACHE, raw, parseSchedule, (slots) =>
    slots.map((slot) => ({ days: slot.days.slice(), start: slot.start, end: slot.end })),
  );
}

const RESULT_CACHE = new BoundedCache<Standardized<ScheduleSlot[]>>(4096);

function parseSchedule(raw: unknown): Standardized<ScheduleSlot[]> {
  if (isBlank(raw)) return standardized([]);
  const text = cleanString(raw);
  if (text === null) return standardized([], [describe(raw)]);
  const slots: ScheduleSlot[] = [];
  const unmapped: string[] = [];
  const seen = new Set<string>();
  for (const part of text.split(SEGMENTS)) {
    const segment = part.trim();
    if (segment === '') continue;
    let days: Weekday[] = [];
    let cursor = 0;
    let readable = false;
    let failed = false;
    for (const m of segment.matchAll(TIME_RANGE)) {
      const before = segment.slice(cursor, m.index);
      const named = parseDays(before);
      if (named.length > 0) days = named;
      cursor = m.index + m[0].length;
      const range = parseRange(m);
      if (range === null || days.length === 0) {
        failed = true;
        continue;
      }
      readable = true;
      const slot: ScheduleSlot = { days: [...days], start: hhmm(range.start), end: hhmm(range.end) };
      const key = `${slot.days.join(',')} ${slot.start} ${slot.end}`;
      if (!seen.has(key)) {
        seen.add(key);
        slots.push(slot);
      }
    }
    if (failed || (!readable && !CLOSED.test(segment))) unmapped.push(segment);
  }
  return standardized(slots, unmapped);
}
