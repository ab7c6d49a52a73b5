import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  addDays,
  assertConsistent,
  CalendarListQuery,
  CalendarListSchema,
  type CalendarLookup,
  dayInfo,
  packagedCalendar,
  summarize,
  weekdayOf,
  type YearCalendar,
  YearCalendarSchema,
} from '../../../shared/domain/calendar.ts';
import {
  CalendarNoticeSchema,
  calendarDaysOf,
  calendarOfNotice,
} from '../../../shared/domain/calendar-notice.ts';
import { provisionalCalendar, statutoryHolidays } from '../../../shared/domain/provisional-calendar.ts';
import { CalendarMissingError, dueAt, isWorkingDay } from '../../../shared/domain/working-time.ts';

/** The working-day calendar as docs/grid.md ("Calendar files") and docs/service-orders.md state it. */

const admin2027: YearCalendar = {
  year: 2027,
  holidays: { '2027-02-08': '春节' },
  workdays: { '2027-02-20': '春节 (调休)', '2027-02-22': 'a Monday marked as worked' },
  source: 'admin',
  version: 2,
};
const lookup: CalendarLookup = (year) => (year === 2027 ? admin2027 : packagedCalendar(year));

describe('assertConsistent (an admin calendar)', () => {
  it('accepts a year whose days are all in it', () => {
    expect(
      assertConsistent(2027, { holidays: { '2027-01-01': '元旦' }, workdays: { '2027-02-20': '调休' } }),
    ).toEqual([]);
  });

  it('names every holiday and working day outside the year', () => {
    expect(
      assertConsistent(2027, {
        holidays: { '2026-12-31': 'x', '2027-01-01': '元旦' },
        workdays: { '2028-01-02': 'y' },
      }),
    ).toEqual(['holidays.2026-12-31: is not in 2027', 'workdays.2028-01-02: is not in 2027']);
  });

  it('does not take a date that merely contains the year for one in it', () => {
    expect(assertConsistent(2027, { holidays: { '12027-01-01': 'x' }, workdays: {} })).toEqual([
      'holidays.12027-01-01: is not in 2027',
    ]);
  });

  it('refuses a day that is both a holiday and a working day', () => {
    expect(
      assertConsistent(2027, { holidays: { '2027-02-06': '春节' }, workdays: { '2027-02-06': '调休' } }),
    ).toEqual(['workdays.2027-02-06: is also a holiday']);
  });
});

describe('summarize (a year in the calendar list)', () => {
  it('counts holidays and adjusted working days and says where the year comes from', () => {
    expect(summarize(2027, admin2027)).toEqual({
      year: 2027,
      source: 'admin',
      provisional: false,
      version: 2,
      holidays: 1,
      workdays: 2,
    });
  });

  it('marks a provisional year', () => {
    expect(summarize(2027, provisionalCalendar(2027))).toMatchObject({
      source: 'provisional',
      provisional: true,
      version: 0,
      holidays: 13,
      workdays: 0,
    });
  });

  it('is what the list schema describes', () => {
    const items = [summarize(2027, admin2027), summarize(2031, undefined)];
    expect(CalendarListSchema.parse({ items })).toEqual({ items });
  });

  it('shows a missing year as nulls and zeros', () => {
    expect(summarize(2031, undefined)).toEqual({
      year: 2031,
      source: null,
      provisional: false,
      version: null,
      holidays: 0,
      workdays: 0,
    });
  });
});

describe('CalendarListQuery', () => {
  const parse = (q: Record<string, string>) => CalendarListQuery.safeParse(q);

  it('takes either bound alone, or a range of up to 20 years', () => {
    expect(parse({}).data).toEqual({});
    expect(parse({ from: '2026' }).data).toEqual({ from: 2026 });
    expect(parse({ to: '2030' }).data).toEqual({ to: 2030 });
    expect(parse({ from: '2026', to: '2026' }).data).toEqual({ from: 2026, to: 2026 });
    expect(parse({ from: '2026', to: '2045' }).success).toBe(true);
  });

  it('refuses a range that ends before it starts or spans more than 20 years, naming to', () => {
    for (const q of [
      { from: '2027', to: '2026' },
      { from: '2026', to: '2046' },
    ]) {
      expect(parse(q).error?.issues[0]).toMatchObject({
        path: ['to'],
        message: 'to must be at least from and at most 19 years after it',
      });
    }
  });

  it('keeps years between 2000 and 2100', () => {
    expect(parse({ from: '2000', to: '2000' }).success).toBe(true);
    expect(parse({ from: '2100' }).success).toBe(true);
    expect(parse({ from: '1999' }).success).toBe(false);
    expect(parse({ to: '2101' }).success).toBe(false);
  });
});

describe('YearCalendarSchema', () => {
  it('takes the three sources and a version from 0', () => {
    for (const source of ['chinese-days', 'admin', 'provisional'] as const) {
      expect(YearCalendarSchema.parse({ ...admin2027, source, version: 0 })).toEqual({
        ...admin2027,
        source,
        version: 0,
      });
    }
    expect(YearCalendarSchema.safeParse({ ...admin2027, version: -1 }).success).toBe(false);
    expect(YearCalendarSchema.safeParse({ ...admin2027, source: 'guess' }).success).toBe(false);
  });
});

describe('packagedCalendar', () => {
  it('has the 2026 State Council year, marked as coming from chinese-days', () => {
    const year = packagedCalendar(2026);
    expect(year).toMatchObject({ year: 2026, source: 'chinese-days', version: 0 });
    expect(year?.holidays['2026-02-17']).toMatch(/Spring Festival/);
    expect(Object.keys(year?.workdays ?? {})).toContain('2026-02-14');
    expect(Object.keys(year?.holidays ?? {}).every((date) => date.startsWith('2026-'))).toBe(true);
  });

  it('gives the same answer every time it is asked', () => {
    expect(packagedCalendar(2026)).toBe(packagedCalendar(2026));
    expect(packagedCalendar(2031)).toBeUndefined();
    expect(packagedCalendar(2031)).toBeUndefined();
  });
});

describe('dayInfo', () => {
  it('tells holidays, adjusted working days, weekends and working days apart', () => {
    expect(dayInfo('2027-02-08', lookup)).toEqual({ kind: 'holiday', name: '春节' });
    expect(dayInfo('2027-02-20', lookup)).toEqual({ kind: 'adjusted-working-day', name: '春节 (调休)' });
    expect(dayInfo('2027-02-21', lookup)).toEqual({ kind: 'rest-day' });
    expect(dayInfo('2027-02-19', lookup)).toEqual({ kind: 'working-day' });
  });

  it('treats a working day on a weekday as the ordinary working day it is', () => {
    expect(dayInfo('2027-02-22', lookup)).toEqual({ kind: 'working-day' });
  });

  it('knows nothing of a year without a calendar', () => {
    expect(dayInfo('2031-03-03', lookup)).toBeUndefined();
  });

  it('reads weekdays and adds days across months and years', () => {
    expect(weekdayOf('2026-03-01')).toBe(0);
    expect(weekdayOf('2026-03-07')).toBe(6);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});

describe('working days', () => {
  it('counts working and adjusted working days, not rest days or holidays', () => {
    expect(isWorkingDay('2027-02-19', lookup)).toBe(true);
    expect(isWorkingDay('2027-02-20', lookup)).toBe(true);
    expect(isWorkingDay('2027-02-21', lookup)).toBe(false);
    expect(isWorkingDay('2027-02-08', lookup)).toBe(false);
  });

  it('names the year that has no calendar', () => {
    const error = (() => {
      try {
        isWorkingDay('2031-03-03', lookup);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(CalendarMissingError);
    expect(error).toMatchObject({ year: 2031, message: 'no working-day calendar for 2031' });
  });

  it('stops counting after a year and a half of days off rather than walking on forever', () => {
    const allOff: CalendarLookup = (year) => ({
      year,
      holidays: new Proxy({}, { get: () => 'closed' }) as Record<string, string>,
      workdays: {},
      source: 'admin',
      version: 1,
    });
    const start = Date.parse('2026-01-01T10:00:00+08:00');
    expect(
      new Date(dueAt(start, { unit: 'working-days', value: 1 }, 'Asia/Shanghai', allOff)).toISOString(),
    ).toBe(`${addDays('2026-01-01', 550)}T15:59:59.000Z`);
  });
});

describe('the State Council notice', () => {
  const notice = (holidays: unknown[]) => ({ year: 2027, holidays });

  it('takes a range of exactly 15 days off, not 16', () => {
    const days = calendarOfNotice(
      CalendarNoticeSchema.parse(notice([{ name: '春节', from: '2027-02-01', to: '2027-02-15' }])),
    );
    expect(Object.keys(days.holidays)).toHaveLength(15);
    expect(() =>
      calendarOfNotice(
        CalendarNoticeSchema.parse(notice([{ name: '春节', from: '2027-02-01', to: '2027-02-16' }])),
      ),
    ).toThrow('春节: more than 15 days off');
  });

  it('trims holiday names and refuses empty ones, and more than 10 worked days per holiday', () => {
    expect(
      CalendarNoticeSchema.parse(notice([{ name: ' 春节 ', from: '2027-02-05', to: '2027-02-05' }]))
        .holidays[0]?.name,
    ).toBe('春节');
    expect(
      CalendarNoticeSchema.safeParse(notice([{ name: '  ', from: '2027-02-05', to: '2027-02-05' }])).success,
    ).toBe(false);
    const worked = (n: number) =>
      Array.from({ length: n }, (_, i) => `2027-03-${String(i + 1).padStart(2, '0')}`);
    expect(
      CalendarNoticeSchema.safeParse(
        notice([{ name: 'x', from: '2027-02-05', to: '2027-02-05', workdays: worked(10) }]),
      ).success,
    ).toBe(true);
    expect(
      CalendarNoticeSchema.safeParse(
        notice([{ name: 'x', from: '2027-02-05', to: '2027-02-05', workdays: worked(11) }]),
      ).success,
    ).toBe(false);
  });

  it('takes 1 to 20 holidays', () => {
    const one = { name: 'x', from: '2027-02-05', to: '2027-02-05' };
    expect(CalendarNoticeSchema.safeParse(notice([])).success).toBe(false);
    expect(CalendarNoticeSchema.safeParse(notice(Array(20).fill(one))).success).toBe(true);
    expect(CalendarNoticeSchema.safeParse(notice(Array(21).fill(one))).success).toBe(false);
  });

  it('reads anything without a holiday list as the stored form, and refuses what is neither as invalid', () => {
    for (const input of [null, undefined, '2027', { holidays: { '2027-01-01': '元旦' } }]) {
      expect(() => calendarDaysOf(input), String(input)).toThrow(z.ZodError);
    }
    expect(calendarDaysOf({ holidays: {}, workdays: {} })).toEqual({ days: { holidays: {}, workdays: {} } });
  });
});

describe('the provisional year', () => {
  it('is derived from 2025 to 2100 only', () => {
    expect(provisionalCalendar(2025)?.year).toBe(2025);
    expect(provisionalCalendar(2100)?.year).toBe(2100);
    expect(provisionalCalendar(2027.5)).toBeUndefined();
  });

  it('names each statutory holiday as the packaged calendar does', () => {
    expect(statutoryHolidays(2027)).toEqual({
      '2027-01-01': "New Year's Day,元旦,1",
      '2027-02-05': 'Spring Festival,春节,4',
      '2027-02-06': 'Spring Festival,春节,4',
      '2027-02-07': 'Spring Festival,春节,4',
      '2027-02-08': 'Spring Festival,春节,4',
      '2027-04-05': 'Tomb-sweeping Day,清明,1',
      '2027-05-01': 'Labour Day,劳动节,2',
      '2027-05-02': 'Labour Day,劳动节,2',
      '2027-06-09': 'Dragon Boat Festival,端午,1',
      '2027-09-15': 'Mid-autumn Festival,中秋,1',
      '2027-10-01': 'National Day,国庆节,3',
      '2027-10-02': 'National Day,国庆节,3',
      '2027-10-03': 'National Day,国庆节,3',
    });
  });

  it('lists the days in date order', () => {
    // 2025: the Mid-Autumn Festival (6 October) falls after National Day
    const dates = Object.keys(statutoryHolidays(2025));
    expect(dates.at(-1)).toBe('2025-10-06');
    expect(dates).toEqual([...dates].sort());
  });
});
