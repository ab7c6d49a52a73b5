import { assertCanReadRegistry } from '../../shared/domain/auth.ts';
import { CalendarListQuery, summarize } from '../../shared/domain/calendar.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { ok } from '../../shared/runtime/responses.ts';
import { effectiveCalendars } from '../../shared/store/calendars.ts';

const options = { query: CalendarListQuery } as const;

/** The years around now and where each one's calendar comes from: which are still provisional. */
export const run: Run<typeof options> = async ({ query, principal }) => {
  assertCanReadRegistry(principal);
  const thisYear = new Date().getUTCFullYear();
  const from = query.from ?? Math.min(thisYear - 1, query.to ?? thisYear - 1);
  const to = query.to ?? Math.max(thisYear + 1, from);
  const years = Array.from({ length: Math.min(to - from + 1, 20) }, (_, i) => from + i);
  const calendars = await effectiveCalendars(years);
  return ok({ items: years.map((year) => summarize(year, calendars.get(year))) });
};

export const handler = httpHandler(options, run);
