import { addDays, weekdayOf } from './calendar.ts';

/**
 * Opening hours compiled, when they are written, into a form the read path evaluates without the
 * `opening_hours` library (about 760 KiB): open intervals of a regular day per weekday, the
 * intervals of the `PH` rules, and, for strings with date rules (months, dates, weeks, years),
 * the periods and single dates that differ from the weekly pattern over a validity range.
 *
 * It is calendar-independent: which days are holidays or adjusted working days is decided at
 * read time from the working-day calendar, which an admin may change after the hours were
 * compiled. What it holds is exactly what the library says for the stand-in days the status
 * rules use (see opening-status.ts), so both give the same answers.
 *
 * A day's intervals are written `HH:MM-HH:MM,HH:MM-HH:MM` (`24:00` ends at midnight; an empty
 * string is closed all day): readable in the table, and small.
 */

/** The format version; a reader that does not know a version answers `unknown`. */
export const COMPILED_HOURS_VERSION = 1;

export interface CompiledPeriod {
  /** First date of the period; it lasts until the next period or the end of the range. */
  readonly from: string;
  /** Regular-day intervals by weekday, Sunday first. */
  readonly week: readonly string[];
}

export interface CompiledHours {
  readonly v: number;
  /** The opening_hours string compiled: a center whose hours differ from it is not compiled. */
  readonly source: string;
  readonly compiledAt: string;
  /** Regular-day intervals by weekday, Sunday first (from `range.from` when there is a range). */
  readonly week: readonly string[];
  /**
   * Intervals of the `PH` rules on a public holiday, for hours that have them: one for every
   * year, or seven, by the weekday of 1 January (the day the rules are read on).
   */
  readonly ph?: readonly string[];
  /** Only for hours with date rules: the dates covered, `from` inclusive, `to` exclusive. */
  readonly range?: { readonly from: string; readonly to: string };
  /** Later periods of the range whose weekly pattern differs from `week`. */
  readonly periods?: readonly CompiledPeriod[];
  /** Single dates whose intervals differ from their period's pattern. */
  readonly days?: Readonly<Record<string, string>>;
  /** With a range and `PH` rules: the `PH` intervals of each year of the range. */
  readonly phYears?: Readonly<Record<string, string>>;
}

/** Minutes since local midnight: [start, end), end up to 1440. */
export type MinuteInterval = readonly [start: number, end: number];

const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

export function encodeIntervals(intervals: readonly MinuteInterval[]): string {
  return intervals.map(([a, b]) => `${hhmm(a)}-${hhmm(b)}`).join(',');
}

const decoded = new Map<string, MinuteInterval[]>();

export function decodeIntervals(text: string): MinuteInterval[] {
  let intervals = decoded.get(text);
  if (!intervals) {
    intervals =
      text === ''
        ? []
        : text.split(',').map((span): MinuteInterval => {
            const [a = '', b = ''] = span.split('-');
            const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
            return [minutes(a), minutes(b)];
          });
    if (decoded.size > 10_000) decoded.clear();
    decoded.set(text, intervals);
  }
  return intervals;
}

/** The hours have `PH` rules (the same test the library-based rules make). */
export const hasPhRules = (openingHours: string): boolean => /\bPH\b/.test(openingHours);

/** Whether `compiled` is a compiled form of `openingHours` this code can read. */
export function isCompiledFor(
  compiled: CompiledHours | undefined,
  openingHours: string,
): compiled is CompiledHours {
  return compiled !== undefined && compiled.v === COMPILED_HOURS_VERSION && compiled.source === openingHours;
}

/** The last date the compiled hours cover, or null when they hold for every date. */
export function lastCoveredDate(compiled: CompiledHours): string | null {
  return compiled.range ? addDays(compiled.range.to, -1) : null;
}

/** Regular-day intervals of `date` (its own weekday rules), or undefined outside the range. */
export function regularDay(compiled: CompiledHours, date: string): string | undefined {
  const weekday = weekdayOf(date);
  if (!compiled.range) return compiled.week[weekday];
  if (date < compiled.range.from || date >= compiled.range.to) return undefined;
  const single = compiled.days?.[date];
  if (single !== undefined) return single;
  let week = compiled.week;
  for (const period of compiled.periods ?? []) {
    if (period.from > date) break;
    week = period.week;
  }
  return week[weekday];
}

/** Intervals of the `PH` rules in the year of `date`, or undefined outside the range. */
export function publicHoliday(compiled: CompiledHours, date: string): string | undefined {
  const year = date.slice(0, 4);
  if (compiled.range) return compiled.phYears?.[year];
  const ph = compiled.ph ?? [];
  return ph.length === 1 ? ph[0] : ph[weekdayOf(`${year}-01-01`)];
}

/** The date `weekday` (0 = Sunday) falls on after `date`, a week on if `date` is one. */
export function nextWeekdayAfter(date: string, weekday: number): string {
  return addDays(date, (weekday - weekdayOf(date) + 7) % 7 || 7);
}

/** Days before the end of its range that compiled hours are compiled again. */
export const RECOMPILE_MARGIN_DAYS = 45;

/**
 * Whether a center's hours need compiling (again) on `today`: never compiled, compiled from
 * another string or in a format this code does not read, or a range ending within the margin.
 */
export function needsCompiling(
  compiled: CompiledHours | undefined,
  openingHours: string,
  today: string,
  marginDays = RECOMPILE_MARGIN_DAYS,
): boolean {
  if (!isCompiledFor(compiled, openingHours)) return true;
  return compiled.range !== undefined && compiled.range.to <= addDays(today, marginDays);
}
