import { describe, expect, it } from 'vitest';
import {
  type CompiledHours,
  decodeIntervals,
  encodeIntervals,
  hasPhRules,
  isCompiledFor,
  lastCoveredDate,
  nextWeekdayAfter,
  publicHoliday,
  regularDay,
} from '../../../shared/domain/compiled-hours.ts';

/** The stored form of compiled hours as its module states it: day intervals, the range, PH answers. */

const WEEK = ['', '09:00-17:00', '09:00-17:00', '09:00-17:00', '09:00-17:00', '09:00-17:00', '09:00-12:00'];

describe('a day’s intervals', () => {
  it('are written HH:MM-HH:MM, comma-separated, 24:00 ending at midnight, and read back the same', () => {
    const day: [number, number][] = [
      [510, 720],
      [810, 1050],
      [1320, 1440],
    ];
    expect(encodeIntervals(day)).toBe('08:30-12:00,13:30-17:30,22:00-24:00');
    expect(decodeIntervals('08:30-12:00,13:30-17:30,22:00-24:00')).toEqual(day);
    expect(decodeIntervals('00:05-09:07')).toEqual([[5, 547]]);
  });

  it('are empty for a day closed throughout', () => {
    expect(encodeIntervals([])).toBe('');
    expect(decodeIntervals('')).toEqual([]);
  });
});

describe('the dates compiled hours cover', () => {
  const dated: CompiledHours = {
    v: 1,
    source: 'x',
    compiledAt: '2026-01-10T04:00:00.000Z',
    week: WEEK,
    range: { from: '2025-12-25', to: '2028-01-15' },
    periods: [{ from: '2026-04-01', week: WEEK.map((d) => (d ? '08:30-17:30' : d)) }],
    days: { '2026-12-24': '10:00-14:00' },
    phYears: { '2026': '09:00-12:00' },
  };

  it('run from the range’s first date to the day before its end', () => {
    expect(lastCoveredDate(dated)).toBe('2028-01-14');
    expect(lastCoveredDate({ ...dated, range: undefined } as CompiledHours)).toBeNull();
    expect(regularDay(dated, '2025-12-25')).toBe('09:00-17:00');
    expect(regularDay(dated, '2025-12-24')).toBeUndefined();
    expect(regularDay(dated, '2028-01-14')).toBe('08:30-17:30');
    expect(regularDay(dated, '2028-01-15')).toBeUndefined();
  });

  it('take a single date over its period, and a period from its first date on', () => {
    expect(regularDay(dated, '2026-12-24')).toBe('10:00-14:00');
    expect(regularDay(dated, '2026-03-31')).toBe('09:00-17:00');
    expect(regularDay(dated, '2026-04-01')).toBe('08:30-17:30');
    expect(regularDay(dated, '2026-04-05')).toBe('');
  });

  it('answer PH per year of the range, or one answer (or one per weekday of 1 January) for weekly hours', () => {
    expect(publicHoliday(dated, '2026-10-01')).toBe('09:00-12:00');
    expect(publicHoliday(dated, '2027-10-01')).toBeUndefined();
    const weekly: CompiledHours = { v: 1, source: 'x', compiledAt: '', week: WEEK, ph: ['10:00-16:00'] };
    expect(publicHoliday(weekly, '2031-05-01')).toBe('10:00-16:00');
    const byWeekday = { ...weekly, ph: ['a', 'b', 'c', 'd', 'e', 'f', 'g'] };
    // 1 January 2026 is a Thursday, 1 January 2027 a Friday
    expect(publicHoliday(byWeekday, '2026-10-01')).toBe('e');
    expect(publicHoliday(byWeekday, '2027-10-01')).toBe('f');
  });

  it('belong to the hours they were compiled from, in the format this code reads', () => {
    expect(isCompiledFor(dated, 'x')).toBe(true);
    expect(isCompiledFor(dated, 'y')).toBe(false);
    expect(isCompiledFor({ ...dated, v: 2 }, 'x')).toBe(false);
    expect(isCompiledFor(undefined, 'x')).toBe(false);
  });
});

describe('hasPhRules', () => {
  it('sees PH as a rule of its own, not inside another word', () => {
    expect(hasPhRules('Mo-Fr 09:00-17:00; PH off')).toBe(true);
    expect(hasPhRules('PH,Su 10:00-14:00')).toBe(true);
    expect(hasPhRules('Mo-Fr 09:00-17:00 "PHONE first"')).toBe(false);
    expect(hasPhRules('Mo-Fr 09:00-17:00; SH off')).toBe(false);
  });
});

describe('nextWeekdayAfter', () => {
  it('is the next such weekday, a week on when the date is one', () => {
    // 2026-03-04 is a Wednesday
    expect(nextWeekdayAfter('2026-03-04', 1)).toBe('2026-03-09');
    expect(nextWeekdayAfter('2026-03-04', 4)).toBe('2026-03-05');
    expect(nextWeekdayAfter('2026-03-04', 3)).toBe('2026-03-11');
    expect(nextWeekdayAfter('2026-03-04', 0)).toBe('2026-03-08');
  });
});
