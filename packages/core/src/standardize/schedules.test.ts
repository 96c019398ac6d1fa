import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScheduleSlot } from '../model/common.js';
import { standardizeSchedule } from './schedules.js';

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;

describe('standardizeSchedule', () => {
  it.each<[unknown, ScheduleSlot[], string[]]>([
    ['Mon-Sat 09:00 AM - 01:00 PM', [{ days: [...WEEKDAYS, 'sat'], start: '09:00', end: '13:00' }], []],
    [
      'Mon,Wed,Fri 10:00-14:00; Sat 09:00-12:00',
      [
        { days: ['mon', 'wed', 'fri'], start: '10:00', end: '14:00' },
        { days: ['sat'], start: '09:00', end: '12:00' },
      ],
      [],
    ],
    ['Mon-Fri 9AM-1PM', [{ days: [...WEEKDAYS], start: '09:00', end: '13:00' }], []],
    ['Daily 10:00-13:00', [{ days: [...WEEKDAYS, 'sat', 'sun'], start: '10:00', end: '13:00' }], []],
    ['Tue & Thu 5:30 PM - 8 PM', [{ days: ['tue', 'thu'], start: '17:30', end: '20:00' }], []],
    ['Fri-Mon 10:00-12:00', [{ days: ['mon', 'fri', 'sat', 'sun'], start: '10:00', end: '12:00' }], []],
    ['Monday to Saturday 10 am to 1 pm', [{ days: [...WEEKDAYS, 'sat'], start: '10:00', end: '13:00' }], []],
    ['Sat 11:00 AM - 12:00 PM', [{ days: ['sat'], start: '11:00', end: '12:00' }], []],
    ['Sun 6 PM - 12 AM', [{ days: ['sun'], start: '18:00', end: '24:00' }], []],
    ['Wed 12 noon - 3 PM', [{ days: ['wed'], start: '12:00', end: '15:00' }], []],
    [
      'Mon-Fri 9AM-1PM, 5PM-8PM, Sat 10AM-12PM',
      [
        { days: [...WEEKDAYS], start: '09:00', end: '13:00' },
        { days: [...WEEKDAYS], start: '17:00', end: '20:00' },
        { days: ['sat'], start: '10:00', end: '12:00' },
      ],
      [],
    ],
    ['Mon-Sat 09:00-13:00; Sun Closed', [{ days: [...WEEKDAYS, 'sat'], start: '09:00', end: '13:00' }], []],
    ['By appointment', [], ['By appointment']],
    ['10:00-13:00', [], ['10:00-13:00']],
    ['Mon 9 PM - 2 AM', [], ['Mon 9 PM - 2 AM']],
    ['Mon 25:00-26:00', [], ['Mon 25:00-26:00']],
    ['', [], []],
    [null, [], []],
    [7, [], ['7']],
  ])('%j', (raw, value, unmapped) => {
    expect(standardizeSchedule(raw)).toEqual({ value, unmapped, warnings: [] });
  });

  it('emits only valid slots and never throws', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.jsonValue()), (raw) => {
        for (const slot of standardizeSchedule(raw).value) {
          expect(ScheduleSlot.safeParse(slot).success).toBe(true);
          expect(slot.start < slot.end).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('emits only valid slots for schedule-like text', () => {
    const day = fc.constantFrom('Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun', 'Daily');
    const time = fc.tuple(
      fc.integer({ min: 0, max: 30 }),
      fc.integer({ min: 0, max: 65 }),
      fc.constantFrom('', ' AM', 'PM'),
    );
    const text = fc
      .tuple(day, fc.constantFrom('-', ', ', ' & '), day, time, time)
      .map(
        ([a, sep, b, [h1, m1, s1], [h2, m2, s2]]) =>
          `${a}${sep}${b} ${h1}:${String(m1).padStart(2, '0')}${s1} - ${h2}:${String(m2).padStart(2, '0')}${s2}`,
      );
    fc.assert(
      fc.property(text, (raw) => {
        for (const slot of standardizeSchedule(raw).value)
          expect(ScheduleSlot.safeParse(slot).success).toBe(true);
      }),
    );
  });
});
