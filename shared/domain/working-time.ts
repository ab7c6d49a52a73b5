import { addDays, type CalendarLookup, dayInfo } from './calendar.ts';
import { instantOf, wallClock } from './zoned-time.ts';

/**
 * Time limits on the mainland China working-day calendar: weekends and public holidays do not
 * count, adjusted working days (调休) do. A year without a calendar cannot be counted through:
 * the caller learns which year is missing instead of getting a guess.
 */

export type TimeLimit = { readonly unit: 'working-days' | 'hours'; readonly value: number };

export class CalendarMissingError extends Error {
  constructor(readonly year: number) {
    super(`no working-day calendar for ${year}`);
  }
}

export function isWorkingDay(date: string, lookup: CalendarLookup): boolean {
  const info = dayInfo(date, lookup);
  if (!info) throw new CalendarMissingError(Number(date.slice(0, 4)));
  return info.kind === 'working-day' || info.kind === 'adjusted-working-day';
}

/** End of the working day: a limit of N working days runs to the end of the Nth working day after the start day. */
const END_OF_DAY_MINUTES = 24 * 60 - 1 / 60;

/**
 * When something started at `start` (epoch ms) with `limit` is due, in `timeZone`. Hours are
 * clock hours; working days are counted from the day after the start day, so an order placed on
 * Friday evening with 1 working day is due at the end of Monday (or of the next working day).
 */
export function dueAt(start: number, limit: TimeLimit, timeZone: string, lookup: CalendarLookup): number {
  if (limit.unit === 'hours') return start + limit.value * 3_600_000;
  let date = wallClock(start, timeZone).date;
  let counted = 0;
  // a bounded walk: even a long holiday cannot push 60 working days past a year and a half
  for (let guard = 0; counted < limit.value && guard < 550; guard++) {
    date = addDays(date, 1);
    if (isWorkingDay(date, lookup)) counted++;
  }
  return Math.floor(instantOf(date, END_OF_DAY_MINUTES, timeZone) / 1000) * 1000;
}
