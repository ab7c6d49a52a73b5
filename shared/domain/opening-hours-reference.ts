import OpeningHours from 'opening_hours';
import { addDays, type CalendarLookup, type DayInfo, dayInfo, weekdayOf } from './calendar.ts';
import type { MinuteInterval } from './compiled-hours.ts';
import {
  applyClosures,
  basisOfDay,
  type ClosureSpan,
  calendarMissing,
  type Evaluation,
  type Hours,
  type StatusReason,
  statusAmong,
} from './opening-status.ts';
import { instantOf, wallClock } from './zoned-time.ts';

/**
 * The status rules evaluated with the `opening_hours` library itself: the reference the compiled
 * hours (compiled-hours.ts, evaluated by opening-status.ts) are made from and tested against.
 * Write side only: it bundles the library.
 *
 * `opening_hours` evaluates in the host's local time and knows only fixed-date Chinese holidays
 * (some of them wrong for closing, such as Women's Day). So each local day of the center is
 * evaluated on a stand-in date, in host time, and mapped back to real instants in the center's
 * zone:
 * - a working or rest day is evaluated as itself (or, if the library thinks it is a holiday, as
 *   the same weekday a week away);
 * - a public holiday is evaluated with the hours' `PH` rules when they have any (on a date the
 *   library treats as a holiday), otherwise as a Sunday: a holiday is a rest day;
 * - an adjusted working day (调休) is evaluated as a Monday: it is a working day.
 * Temporary closures then cut the open intervals.
 */

/** The library needs a place to resolve `PH`/`SH` rules; the centers are all in mainland China. */
export const CHINA_NOMINATIM = { lat: 31.23, lon: 121.47, address: { country_code: 'cn', state: '上海市' } };

/** How far ahead the next change is looked for. */
const LOOKAHEAD_DAYS = 7;
const MINUTES_PER_DAY = 24 * 60;

type Interval = MinuteInterval;

/** Caches parsed hours and per-day minute intervals: thousands of centers share a few strings. */
export class LibraryHoursEvaluator {
  private readonly parsed = new Map<string, OpeningHours>();
  private readonly dayMinutes = new Map<string, Interval[]>();
  private readonly libHoliday = new Map<string, boolean>();
  private readonly phProbe = new OpeningHours('PH', CHINA_NOMINATIM, 0);

  constructor(private readonly calendar: CalendarLookup) {}

  private hours(value: string): OpeningHours {
    let oh = this.parsed.get(value);
    if (!oh) {
      oh = new OpeningHours(value, CHINA_NOMINATIM, 0);
      this.parsed.set(value, oh);
    }
    return oh;
  }

  /** A host-local Date with the wall clock of `date` `minutes` (what the library evaluates). */
  private static host(date: string, minutes = 0): Date {
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    return new Date(y, m - 1, d, Math.floor(minutes / 60), minutes % 60);
  }

  private isLibraryHoliday(date: string): boolean {
    let known = this.libHoliday.get(date);
    if (known === undefined) {
      known = this.phProbe.getState(LibraryHoursEvaluator.host(date, 12 * 60));
      this.libHoliday.set(date, known);
    }
    return known;
  }

  /** A date with the same weekday as `date`, near it, that the library does not treat as a holiday. */
  private plainDay(date: string): string {
    for (const shift of [0, 7, -7, 14, -14]) {
      const candidate = addDays(date, shift);
      if (!this.isLibraryHoliday(candidate)) return candidate;
    }
    return date;
  }

  private nextWeekday(date: string, weekday: number): string {
    return this.plainDay(addDays(date, (weekday - weekdayOf(date) + 7) % 7 || 7));
  }

  /** The stand-in date for a local day and the rule it follows. */
  standIn(value: string, date: string, day: DayInfo): { date: string; rule: string } {
    if (day.kind === 'holiday') {
      if (/\bPH\b/.test(value))
        return { date: `${date.slice(0, 4)}-01-01`, rule: 'public holiday: PH rules of the hours' };
      return {
        date: this.nextWeekday(date, 0),
        rule: 'public holiday, no PH rule in the hours: Sunday hours',
      };
    }
    if (day.kind === 'adjusted-working-day') {
      return { date: this.nextWeekday(date, 1), rule: 'adjusted working day: Monday hours' };
    }
    return { date: this.plainDay(date), rule: 'regular hours' };
  }

  /** Open intervals of one local day in minutes since its midnight, as the library gives them. */
  minutesOf(value: string, standIn: string): Interval[] {
    const key = `${value}\u0000${standIn}`;
    let cached = this.dayMinutes.get(key);
    if (!cached) {
      const start = LibraryHoursEvaluator.host(standIn);
      const end = LibraryHoursEvaluator.host(addDays(standIn, 1));
      cached = this.hours(value)
        .getOpenIntervals(start, end)
        .map(([from, to]): Interval => {
          const a = from.getHours() * 60 + from.getMinutes();
          const b = to.getTime() >= end.getTime() ? MINUTES_PER_DAY : to.getHours() * 60 + to.getMinutes();
          return [a, b];
        });
      this.dayMinutes.set(key, cached);
    }
    return cached;
  }

  /**
   * Status of `hours` at `at` (epoch ms), with closures applied. Pure: same inputs, same answer,
   * whatever the host time zone.
   */
  evaluate(hours: Hours, at: number, closures: readonly ClosureSpan[] = []): Evaluation {
    const tz = hours.timeZone;
    const today = wallClock(at, tz).date;
    const todayInfo = dayInfo(today, this.calendar);
    const base = {
      localDate: today,
      ...(todayInfo ? { dayKind: todayInfo.kind } : {}),
      ...(todayInfo?.name ? { dayName: todayInfo.name } : {}),
    };

    if (hours.status && hours.status !== 'active') {
      return {
        status: hours.status === 'suspended' ? 'temporarily-closed' : 'closed',
        nextChange: null,
        reason: { ...base, basis: 'administrative', rule: `center is ${hours.status}` },
      };
    }

    // open intervals from yesterday (for spans past midnight) up to the lookahead, as long as the calendar is known
    const open: Interval[] = [];
    let rule = 'regular hours';
    let horizon = instantOf(addDays(today, -1), 0, tz);
    let missingYear: number | undefined;
    for (let offset = -1; offset <= LOOKAHEAD_DAYS; offset++) {
      const date = addDays(today, offset);
      const info = dayInfo(date, this.calendar);
      if (!info) {
        missingYear = Number(date.slice(0, 4));
        break;
      }
      const stand = this.standIn(hours.openingHours, date, info);
      if (offset === 0) rule = stand.rule;
      for (const [a, b] of this.minutesOf(hours.openingHours, stand.date)) {
        const span: Interval = [instantOf(date, a, tz), instantOf(date, b, tz)];
        const last = open.at(-1);
        if (last && last[1] >= span[0]) open[open.length - 1] = [last[0], Math.max(last[1], span[1])];
        else open.push(span);
      }
      horizon = instantOf(addDays(date, 1), 0, tz);
    }

    const cut = applyClosures(open, closures, at, horizon, base, tz);
    if (cut.during) return cut.during;
    if (!todayInfo) return calendarMissing(base, today);

    const reason: StatusReason = {
      ...base,
      basis: basisOfDay(todayInfo),
      rule,
      ...(missingYear ? { missingYear } : {}),
    };
    return statusAmong(cut.intervals, at, horizon, reason, tz);
  }
}
