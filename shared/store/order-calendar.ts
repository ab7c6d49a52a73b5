import type { CalendarLookup } from '../domain/calendar.ts';
import { calendarLookupAround } from './calendars.ts';

/**
 * The working-day calendars around now, kept by a container for a minute: every order needs them
 * for its deadline, and they change a few times a year (an admin's PUT /calendars/{year} reaches
 * new deadlines within a minute).
 */
const TTL_MS = 60_000;
let cached: { year: number; at: number; lookup: Promise<CalendarLookup> } | undefined;

export function orderCalendar(now: number = Date.now()): Promise<CalendarLookup> {
  const year = new Date(now).getUTCFullYear();
  if (cached && cached.year === year && now - cached.at < TTL_MS) return cached.lookup;
  const lookup = calendarLookupAround(now);
  cached = { year, at: now, lookup };
  lookup.catch(() => {
    if (cached?.lookup === lookup) cached = undefined;
  });
  return lookup;
}
