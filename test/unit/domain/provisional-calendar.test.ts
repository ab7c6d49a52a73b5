import { describe, expect, it } from 'vitest';
import { dayInfo, packagedCalendar } from '../../../shared/domain/calendar.ts';
import { calendarDaysOf, calendarOfNotice } from '../../../shared/domain/calendar-notice.ts';
import { compileOpeningHours } from '../../../shared/domain/opening-hours.ts';
import { HoursEvaluator } from '../../../shared/domain/opening-status.ts';
import {
  nextYearAwaitsNotice,
  provisionalCalendar,
  statutoryHolidays,
} from '../../../shared/domain/provisional-calendar.ts';
import { deadline, recountProvisionalDeadline } from '../../../shared/domain/service-order.ts';

describe('statutoryHolidays', () => {
  it('gives the 13 statutory days of 2027, lunar and solar-term dates included', () => {
    expect(Object.keys(statutoryHolidays(2027))).toEqual([
      '2027-01-01',
      '2027-02-05', // New Year's Eve: the day before the first of the first lunar month
      '2027-02-06',
      '2027-02-07',
      '2027-02-08',
      '2027-04-05', // Qingming solar term
      '2027-05-01',
      '2027-05-02',
      '2027-06-09', // 5th of the 5th lunar month
      '2027-09-15', // 15th of the 8th lunar month
      '2027-10-01',
      '2027-10-02',
      '2027-10-03',
    ]);
  });

  it.each([2025, 2026])('derives only days the official %s calendar has off', (year) => {
    const official = packagedCalendar(year)!;
    const derived = Object.keys(statutoryHolidays(year));
    expect(derived).toHaveLength(13);
    for (const date of derived) expect(official.holidays[date], date).toBeDefined();
  });

  it('names a day on which two holidays fall once, with both names', () => {
    // 2028: the Mid-Autumn Festival (lunar 8/15) is 3 October, inside National Day
    const holidays = statutoryHolidays(2028);
    expect(holidays['2028-10-03']).toMatch(/National Day.*Mid-autumn|Mid-autumn.*National Day/);
    expect(Object.keys(holidays)).toHaveLength(12);
  });
});

describe('provisionalCalendar', () => {
  it('is a provisional year without adjusted working days, version 0', () => {
    expect(provisionalCalendar(2027)).toMatchObject({
      year: 2027,
      source: 'provisional',
      version: 0,
      workdays: {},
    });
  });

  it('is not derived before the 2025 regulation or past the lunar tables', () => {
    expect(provisionalCalendar(2024)).toBeUndefined();
    expect(provisionalCalendar(2101)).toBeUndefined();
  });

  it('marks the days and the statuses computed on it as provisional', () => {
    const lookup = (year: number) => packagedCalendar(year) ?? provisionalCalendar(year);
    expect(dayInfo('2027-02-06', lookup)).toEqual({
      kind: 'holiday',
      name: 'Spring Festival,春节,4',
      provisional: true,
    });
    expect(dayInfo('2026-02-17', lookup)?.provisional).toBeUndefined();
    const status = new HoursEvaluator(lookup).evaluate(
      {
        openingHours: 'Mo-Fr 09:00-17:00',
        timeZone: 'Asia/Shanghai',
        compiledHours: compileOpeningHours('Mo-Fr 09:00-17:00', Date.parse('2026-12-01T00:00:00Z')),
      },
      Date.parse('2027-01-05T10:00:00+08:00'),
    );
    expect(status).toMatchObject({ status: 'open', reason: { basis: 'hours', provisional: true } });
    expect(status.reason.calendarNote).toMatch(/not loaded yet/);
  });
});

describe('calendarOfNotice', () => {
  it('turns each holiday range into days off and its worked weekend days into adjusted working days', () => {
    const days = calendarOfNotice({
      year: 2027,
      holidays: [
        { name: '春节', from: '2027-02-05', to: '2027-02-07', workdays: ['2027-02-20'] },
        { name: '元旦', from: '2027-01-01', to: '2027-01-01', workdays: [] },
      ],
    });
    expect(days).toEqual({
      holidays: { '2027-02-05': '春节', '2027-02-06': '春节', '2027-02-07': '春节', '2027-01-01': '元旦' },
      workdays: { '2027-02-20': '春节 (调休)' },
    });
  });

  it('refuses a range that ends before it starts or runs past 15 days', () => {
    const notice = (from: string, to: string) => ({
      year: 2027,
      holidays: [{ name: 'x', from, to, workdays: [] }],
    });
    expect(() => calendarOfNotice(notice('2027-02-05', '2027-02-01'))).toThrow(/ends before it starts/);
    expect(() => calendarOfNotice(notice('2027-02-01', '2027-03-01'))).toThrow(/more than 15 days/);
  });

  it('accepts the stored form as it is, and tells the notice form by its holiday list', () => {
    const stored = { holidays: { '2027-01-01': '元旦' }, workdays: {} };
    expect(calendarDaysOf(stored)).toEqual({ days: stored });
    expect(
      calendarDaysOf({ year: 2027, holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-01' }] }),
    ).toEqual({ year: 2027, days: { holidays: { '2027-01-01': '元旦' }, workdays: {} } });
  });
});

describe('deadline on a provisional year', () => {
  const lookup = (year: number) => packagedCalendar(year) ?? provisionalCalendar(year);
  const fiveDays = { unit: 'working-days', value: 5 } as const;

  it('is set, and flagged, when the working days run into the provisional year', () => {
    // 29-31 December are working days, then New Year's Day and a weekend: due Tuesday 5 January
    expect(deadline(Date.parse('2026-12-28T10:00:00+08:00'), fiveDays, 'Asia/Shanghai', lookup)).toEqual({
      dueAt: '2027-01-05T23:59:59+08:00',
      provisional: true,
    });
  });

  it('is not flagged when it stays within an official year', () => {
    expect(deadline(Date.parse('2026-12-01T10:00:00+08:00'), fiveDays, 'Asia/Shanghai', lookup)).toEqual({
      dueAt: '2026-12-08T23:59:59+08:00',
    });
  });
});

describe('nextYearAwaitsNotice', () => {
  const at = (iso: string) => Date.parse(iso);

  it('is false before November, whatever next year is', () => {
    expect(nextYearAwaitsNotice(at('2026-10-31T15:59:00Z'), undefined)).toBe(false); // 23:59 in Beijing
  });

  it('is true from 1 November (Beijing time) while next year is provisional or missing', () => {
    expect(nextYearAwaitsNotice(at('2026-10-31T16:00:00Z'), { source: 'provisional' })).toBe(true);
    expect(nextYearAwaitsNotice(at('2026-12-31T10:00:00Z'), undefined)).toBe(true);
  });

  it('is false once the official year is loaded or packaged', () => {
    expect(nextYearAwaitsNotice(at('2026-12-01T00:00:00Z'), { source: 'admin' })).toBe(false);
    expect(nextYearAwaitsNotice(at('2025-12-01T00:00:00Z'), { source: 'chinese-days' })).toBe(false);
  });
});

describe('recountProvisionalDeadline', () => {
  const provisional = (year: number) => packagedCalendar(year) ?? provisionalCalendar(year);
  // the notice, as an admin loads it: 4 January 2027 is a day off too
  const official = (year: number) =>
    year === 2027
      ? {
          year,
          holidays: { '2027-01-01': '元旦', '2027-01-04': '元旦' },
          workdays: {},
          source: 'admin' as const,
          version: 1,
        }
      : packagedCalendar(year);
  const placed = Date.parse('2026-12-28T10:00:00+08:00');
  const limit = { unit: 'working-days', value: 5 } as const;
  const order = {
    createdAt: new Date(placed).toISOString(),
    timeLimit: limit,
    timeZone: 'Asia/Shanghai',
    escalations: 0,
    version: 3,
    ...deadline(placed, limit, 'Asia/Shanghai', provisional),
  };
  const provisionalOrder = { ...order, dueAtProvisional: order.provisional } as never;

  it('counts the deadline again on the official year and drops the flag', () => {
    const next = recountProvisionalDeadline(provisionalOrder, official) as unknown as Record<string, unknown>;
    expect(next).toMatchObject({ dueAt: '2027-01-06T23:59:59+08:00', version: 4 });
    expect(next.escalateAt).toBe(new Date('2027-01-06T23:59:59+08:00').toISOString());
    expect(next).not.toHaveProperty('dueAtProvisional');
  });

  it('waits while the year is still provisional, and leaves escalated orders alone', () => {
    expect(recountProvisionalDeadline(provisionalOrder, provisional)).toBeUndefined();
    expect(
      recountProvisionalDeadline({ ...(provisionalOrder as object), escalations: 1 } as never, official),
    ).toBeUndefined();
  });
});
