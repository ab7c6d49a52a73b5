import chineseDays from 'chinese-days';
import { addDays, type YearCalendar } from './calendar.ts';

/**
 * A year the State Council has not published yet (each year's notice comes out in November or
 * December), derived from the statutory public holidays of the Regulation on Public Holidays for
 * National Annual Festivals and Memorial Days (as revised with effect from 2025-01-01): New Year's
 * Day (1 January), the Spring Festival (New Year's Eve and the first three days of the first lunar
 * month), Qingming (the day of the Qingming solar term), Labour Day (1-2 May), the Dragon Boat
 * Festival (5th of the 5th lunar month), the Mid-Autumn Festival (15th of the 8th lunar month) and
 * National Day (1-3 October). The notice also moves weekends around these days (调休): those
 * adjusted working days cannot be derived, so a provisional year has none, and everything computed
 * on it says so. Lunar dates and the solar term come from `chinese-days`.
 */

/** The first year the 2025 revision of the regulation governs; earlier years are never derived. */
export const FIRST_PROVISIONAL_YEAR = 2025;
/** The last year the lunar tables of `chinese-days` cover. */
export const LAST_PROVISIONAL_YEAR = 2100;

export const PROVISIONAL_NOTE =
  'derived from the statutory public holidays; the State Council notice for this year (with its adjusted working days) is not loaded yet';

interface LunarApi {
  getSolarDateFromLunar(lunar: string): { date: string; leapMonthDate?: string };
  getSolarTermDate(year: number, month: number, term: 'pure_brightness'): string;
}
const lunar = chineseDays as unknown as LunarApi;

const fromLunar = (year: number, month: number, day: number): string =>
  lunar.getSolarDateFromLunar(`${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`)
    .date;

/** Statutory holidays of `year`: date -> name, in the packaged calendar's naming style. */
export function statutoryHolidays(year: number): Record<string, string> {
  const holidays: Record<string, string> = {};
  const add = (date: string, name: string) => {
    if (!date.startsWith(`${year}-`)) return;
    holidays[date] = holidays[date] ? `${holidays[date]}; ${name}` : name;
  };
  add(`${year}-01-01`, "New Year's Day,元旦,1");
  // New Year's Eve is the last day of the twelfth lunar month: the day before the first of the first.
  const springFestival = fromLunar(year, 1, 1);
  add(addDays(springFestival, -1), 'Spring Festival,春节,4');
  for (let day = 0; day < 3; day++) add(addDays(springFestival, day), 'Spring Festival,春节,4');
  add(lunar.getSolarTermDate(year, 4, 'pure_brightness'), 'Tomb-sweeping Day,清明,1');
  add(`${year}-05-01`, 'Labour Day,劳动节,2');
  add(`${year}-05-02`, 'Labour Day,劳动节,2');
  add(fromLunar(year, 5, 5), 'Dragon Boat Festival,端午,1');
  add(fromLunar(year, 8, 15), 'Mid-autumn Festival,中秋,1');
  for (const day of ['01', '02', '03']) add(`${year}-10-${day}`, 'National Day,国庆节,3');
  return Object.fromEntries(Object.entries(holidays).sort(([a], [b]) => a.localeCompare(b)));
}

/** The provisional calendar of `year`, or undefined outside the years it can be derived for. */
export function provisionalCalendar(year: number): YearCalendar | undefined {
  if (!Number.isInteger(year) || year < FIRST_PROVISIONAL_YEAR || year > LAST_PROVISIONAL_YEAR)
    return undefined;
  return { year, holidays: statutoryHolidays(year), workdays: {}, source: 'provisional', version: 0 };
}

/** From this month (Beijing time) on, a next year still without its notice is a reason to alarm. */
export const NEXT_YEAR_WATCH_FROM_MONTH = 11;

/**
 * Whether next year's working-day calendar is still unofficial (provisional or missing) late in
 * the year, when the State Council's notice is due: the platform then alarms until an admin loads it.
 */
export function nextYearAwaitsNotice(
  now: number,
  nextYear: { readonly source: string } | undefined,
): boolean {
  const beijing = new Date(now + 8 * 3_600_000);
  if (beijing.getUTCMonth() + 1 < NEXT_YEAR_WATCH_FROM_MONTH) return false;
  return nextYear === undefined || nextYear.source === 'provisional';
}
