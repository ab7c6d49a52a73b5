import { describe, expect, it } from 'vitest';
import {
  decodeIntervals,
  lastCoveredDate,
  publicHoliday,
  regularDay,
} from '../../../shared/domain/compiled-hours.ts';
import { compileOpeningHours } from '../../../shared/domain/opening-hours.ts';

/**
 * The compiled form of docs/grid.md ("Compiled opening hours", "Validity"): purely weekly strings
 * (weekdays, times, `PH`, states, comments) hold for every date and carry no range; strings with
 * date rules are compiled over a range, with later weekly patterns as `periods`, single dates that
 * differ as `days`, and the `PH` intervals of each year as `phYears`.
 */

const NOW = Date.parse('2026-01-10T12:00:00+08:00');
const compile = (value: string) => compileOpeningHours(value, NOW);
const WEEKDAYS_9_TO_5 = ['', '09:00-17:00', '09:00-17:00', '09:00-17:00', '09:00-17:00', '09:00-17:00', ''];

describe('purely weekly hours hold for every date', () => {
  it.each([
    ['weekday rules with two-digit times', 'Mo-Fr 09:00-17:00'],
    ['a comment', 'Mo-Fr 09:00-17:00 "by appointment"'],
    ['a PH rule', 'Mo-Fr 09:00-17:00; PH off'],
    ['a state word', 'Mo-Fr 09:00-17:00; Sa,Su closed'],
    ['the state word open', 'Mo-Fr 09:00-17:00 open'],
    [
      'each weekday named on its own',
      'Mo 09:00-17:00; Tu 09:00-17:00; We 09:00-17:00; Th 09:00-17:00; Fr 09:00-17:00',
    ],
  ])('compiles %s to one week with no range', (_, value) => {
    const compiled = compile(value);
    expect(compiled.week).toEqual(WEEKDAYS_9_TO_5);
    expect(compiled.range).toBeUndefined();
    expect(lastCoveredDate(compiled)).toBeNull();
    expect(regularDay(compiled, '2031-06-04')).toBe('09:00-17:00');
  });

  it('keeps hours with the state word unknown weekly', () => {
    expect(compile('Mo-Fr 09:00-17:00; Sa 10:00-12:00 unknown').range).toBeUndefined();
  });

  it('compiles 24/7 to a week open all day, valid for every date', () => {
    const compiled = compile('24/7');
    expect(compiled.week).toEqual(new Array(7).fill('00:00-24:00'));
    expect(compiled.range).toBeUndefined();
  });

  it('keeps hours without PH rules that run past midnight weekly, with no PH intervals', () => {
    const compiled = compile('Fr 22:00-02:00');
    expect(compiled.range).toBeUndefined();
    expect(compiled.ph).toBeUndefined();
    expect(compiled.week[5]).toBe('22:00-24:00');
    expect(compiled.week[6]).toBe('00:00-02:00');
  });

  it('keeps no PH intervals for weekly hours without PH rules', () => {
    expect(compile('Mo-Fr 09:00-17:00').ph).toBeUndefined();
  });

  it('stores the PH intervals once when they are the same whatever the weekday of 1 January', () => {
    const compiled = compile('Mo-Fr 09:00-17:00; PH off');
    expect(compiled.ph).toEqual(['']);
    expect(publicHoliday(compiled, '2027-10-01')).toBe('');
  });

  it('stores seven PH intervals when a holiday falling on a weekday keeps the weekday hours as well', () => {
    // `,` adds the PH rule to the weekday rule: 1 January 2026 is a Thursday, 1 January 2028 a Saturday
    const compiled = compile('Mo-Fr 09:00-17:00, PH 10:00-12:00');
    expect(compiled.range).toBeUndefined();
    expect(compiled.ph).toHaveLength(7);
    const y2026 = decodeIntervals(publicHoliday(compiled, '2026-10-01') ?? '');
    expect(y2026[0]?.[0]).toBe(9 * 60);
    expect(y2026.at(-1)?.[1]).toBe(17 * 60);
    expect(publicHoliday(compiled, '2028-10-01')).toBe('10:00-12:00');
  });
});

describe('hours with date rules are compiled over a range', () => {
  it('compiles a month rule for the year of compiling and the next, with a week of margin before and two after', () => {
    const compiled = compile('Mo-Fr 09:00-17:00; Mar 05 off');
    expect(compiled.range).toEqual({ from: '2025-12-25', to: '2028-01-15' });
    expect(lastCoveredDate(compiled)).toBe('2028-01-14');
  });

  it('keeps a date that differs for one week only as a single day, not a new period', () => {
    const compiled = compile('Mo-Fr 09:00-17:00; Mar 05 off');
    expect(compiled.week).toEqual(WEEKDAYS_9_TO_5);
    expect(compiled.days).toEqual({ '2026-03-05': '', '2027-03-05': '' });
    expect(compiled.periods).toBeUndefined();
    expect(compiled.phYears).toBeUndefined();
    expect(regularDay(compiled, '2026-03-05')).toBe('');
    expect(regularDay(compiled, '2026-03-12')).toBe('09:00-17:00');
  });

  it('starts a new period where the weekly pattern changes for good, with no single days', () => {
    const compiled = compile('Jan-Jun Mo-Fr 09:00-17:00; Jul-Dec Mo-Fr 10:00-16:00');
    expect(compiled.days).toBeUndefined();
    const starts = (compiled.periods ?? []).map((p) => p.from);
    expect(starts).toContain('2026-07-01');
    expect(starts).toContain('2027-01-01');
    expect(starts).toContain('2027-07-01');
    expect(regularDay(compiled, '2026-06-30')).toBe('09:00-17:00');
    expect(regularDay(compiled, '2026-07-01')).toBe('10:00-16:00');
    expect(regularDay(compiled, '2027-03-03')).toBe('09:00-17:00');
  });

  it('keeps the PH intervals of the year before, the two compiled years and the year after', () => {
    const compiled = compile('Jan-Jun Mo-Fr 09:00-17:00; PH 10:00-12:00');
    expect(Object.keys(compiled.phYears ?? {}).sort()).toEqual(['2025', '2026', '2027', '2028']);
    // the margin reaches back into 2025 and on into 2028
    expect(publicHoliday(compiled, '2025-12-31')).toBe('10:00-12:00');
    expect(publicHoliday(compiled, '2028-01-01')).toBe('10:00-12:00');
  });
});
