import OpeningHours from 'opening_hours';
import { addDays, type DayInfo, weekdayOf } from './calendar.ts';
import {
  COMPILED_HOURS_VERSION,
  type CompiledHours,
  type CompiledPeriod,
  encodeIntervals,
  hasPhRules,
  regularDay,
} from './compiled-hours.ts';
import { installOpeningHoursTools, type OpeningHoursTools } from './opening-hours-port.ts';
import { CHINA_NOMINATIM, LibraryHoursEvaluator } from './opening-hours-reference.ts';

/**
 * OSM `opening_hours` strings on the write side: whether a string is acceptable to store, and
 * its compiled form for the read path (compiled-hours.ts). This module bundles the library; read
 * functions never import it.
 */

export { CHINA_NOMINATIM } from './opening-hours-reference.ts';

/** Strings already checked: an import repeats a few strings thousands of times, at about 1 ms a check. */
const checked = new Map<string, string | undefined>();
const CHECKED_UP_TO = 1000;

/** Returns the parse error of `value`, or undefined when it is valid. */
export function openingHoursError(value: string): string | undefined {
  if (checked.has(value)) return checked.get(value);
  if (checked.size >= CHECKED_UP_TO) checked.clear();
  const error = checkOpeningHours(value);
  checked.set(value, error);
  return error;
}

function checkOpeningHours(value: string): string | undefined {
  try {
    // some strings parse and only fail when evaluated (`SH` has no data for China)
    new OpeningHours(value, CHINA_NOMINATIM, 0).getOpenIntervals(new Date(2026, 0, 1), new Date(2026, 0, 8));
    return undefined;
  } catch (error) {
    return String(error).replace(/\s+/g, ' ').trim();
  }
}

/** Weekday rules, times, `PH`, states and comments: nothing that depends on the date. */
const WEEKLY_WORDS = new Set([
  'Mo',
  'Tu',
  'We',
  'Th',
  'Fr',
  'Sa',
  'Su',
  'PH',
  'off',
  'closed',
  'open',
  'unknown',
]);

function isWeeklySyntax(value: string): boolean {
  const bare = value
    .replace(/"[^"]*"/g, ' ')
    .replace(/\b\d{1,2}:\d{2}\b/g, ' ')
    .replace(/\b24\/7\b/g, ' ');
  if (/[^A-Za-z\s,;:+|-]/.test(bare)) return false; // dates, years, weeks, [n], sun times
  return (bare.match(/[A-Za-z]+/g) ?? []).every((word) => WEEKLY_WORDS.has(word));
}

const REGULAR: DayInfo = { kind: 'working-day' };
const HOLIDAY: DayInfo = { kind: 'holiday' };
/** A week with no library holiday on or next to it: the weekly pattern is read there. */
const PATTERN_SUNDAY = '2026-02-08';

/**
 * Compiles with the library-based rules themselves, so that the compiled form answers exactly as
 * they do: a regular day is the library's intervals on its stand-in date, a holiday with `PH`
 * rules the library's intervals on 1 January of its year.
 */
export class OpeningHoursCompiler {
  private readonly reference = new LibraryHoursEvaluator(() => undefined);
  private readonly cache = new Map<string, CompiledHours>();

  regular(value: string, date: string): string {
    return encodeIntervals(
      this.reference.minutesOf(value, this.reference.standIn(value, date, REGULAR).date),
    );
  }

  publicHoliday(value: string, year: number): string {
    const stand = this.reference.standIn(value, `${year}-01-01`, HOLIDAY);
    return encodeIntervals(this.reference.minutesOf(value, stand.date));
  }

  compile(value: string, now: number): CompiledHours {
    const year = new Date(now).getUTCFullYear();
    const key = `${year}\u0000${value}`;
    const known = this.cache.get(key);
    if (known) return { ...known, compiledAt: new Date(now).toISOString() };
    const compiled = this.weekly(value, now) ?? this.dated(value, year, now);
    if (this.cache.size > 1_000) this.cache.clear();
    this.cache.set(key, compiled);
    return compiled;
  }

  /**
   * Hours without date rules hold for every date. With `PH` rules, a rule running past midnight
   * would spill into the day after a date the library takes for a holiday, which recurs by date
   * and not by week: such hours are compiled over a range instead.
   */
  private weekly(value: string, now: number): CompiledHours | undefined {
    if (!isWeeklySyntax(value)) return undefined;
    const week = [0, 1, 2, 3, 4, 5, 6].map((w) => this.regular(value, addDays(PATTERN_SUNDAY, w)));
    let ph: string[] | undefined;
    if (hasPhRules(value)) {
      ph = new Array<string>(7);
      for (let y = 2026, found = 0; found < 7; y++) {
        const weekday = weekdayOf(`${y}-01-01`);
        if (ph[weekday] !== undefined) continue;
        ph[weekday] = this.publicHoliday(value, y);
        found++;
      }
      if ([...week, ...ph].some((day) => day.endsWith('24:00'))) return undefined;
      if (ph.every((day) => day === ph?.[0])) ph = [ph[0] ?? ''];
    }
    return {
      v: COMPILED_HOURS_VERSION,
      source: value,
      compiledAt: new Date(now).toISOString(),
      week,
      ...(ph ? { ph } : {}),
    };
  }

  /** This year and next, with a week of margin before and two after for the lookahead. */
  private dated(value: string, year: number, now: number): CompiledHours {
    const from = addDays(`${year}-01-01`, -7);
    const to = addDays(`${year + 2}-01-01`, 14);
    const dates: string[] = [];
    for (let d = from; d < to; d = addDays(d, 1)) dates.push(d);
    const values = dates.map((d) => this.regular(value, d));

    // periods of one weekly pattern; a date that differs for one week only is a single date
    const periods: { from: string; week: (string | undefined)[] }[] = [{ from, week: new Array(7) }];
    const days: Record<string, string> = {};
    dates.forEach((date, i) => {
      const current = periods.at(-1) as (typeof periods)[number];
      const weekday = weekdayOf(date);
      const value = values[i] as string;
      const pattern = current.week[weekday];
      if (pattern === undefined) current.week[weekday] = value;
      else if (pattern !== value) {
        if (values[i + 7] === pattern) days[date] = value;
        else {
          const week = new Array<string | undefined>(7);
          week[weekday] = value;
          periods.push({ from: date, week });
        }
      }
    });
    const [first, ...later] = periods.map(
      (p): CompiledPeriod => ({ from: p.from, week: [...p.week].map((day) => day ?? '') }),
    );
    const compiled: CompiledHours = {
      v: COMPILED_HOURS_VERSION,
      source: value,
      compiledAt: new Date(now).toISOString(),
      week: first?.week ?? [],
      range: { from, to },
      ...(later.length > 0 ? { periods: later } : {}),
      ...(Object.keys(days).length > 0 ? { days } : {}),
      ...(hasPhRules(value)
        ? {
            phYears: Object.fromEntries(
              [year - 1, year, year + 1, year + 2].map((y) => [String(y), this.publicHoliday(value, y)]),
            ),
          }
        : {}),
    };
    dates.forEach((date, i) => {
      if (regularDay(compiled, date) !== values[i]) {
        throw new Error(`compiled hours of "${value}" disagree with the library on ${date}`);
      }
    });
    return compiled;
  }
}

const compiler = new OpeningHoursCompiler();

/** `value` (a valid opening_hours string) compiled for the read path, as of `now`. */
export function compileOpeningHours(value: string, now: number = Date.now()): CompiledHours {
  return compiler.compile(value, now);
}

export const OPENING_HOURS_LIBRARY: OpeningHoursTools = {
  error: openingHoursError,
  compile: compileOpeningHours,
};

/** Lets this function's schemas check, and `newCenter` compile, opening hours. */
export function installOpeningHoursLibrary(): void {
  installOpeningHoursTools(OPENING_HOURS_LIBRARY);
}
