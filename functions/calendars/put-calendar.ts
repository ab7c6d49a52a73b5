import { assertAdmin, describe } from '../../shared/domain/auth.ts';
import {
  assertConsistent,
  CalendarDaysSchema,
  weekdayOf,
  type YearCalendar,
} from '../../shared/domain/calendar.ts';
import { ValidationError } from '../../shared/domain/errors.ts';
import { CalendarParams } from '../../shared/domain/params.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { ok, requireIfMatch } from '../../shared/runtime/responses.ts';
import { effectiveCalendars, putCalendar } from '../../shared/store/calendars.ts';

const options = { params: CalendarParams, body: CalendarDaysSchema } as const;

/**
 * Loads or corrects a year's calendar when the State Council publishes it. If-Match carries the
 * version read from GET (0 for a year that is only packaged or missing), so two admins cannot
 * overwrite each other.
 */
export const run: Run<typeof options> = async ({ params, body, principal, headers }) => {
  assertAdmin(principal);
  const problems = assertConsistent(params.year, body);
  for (const date of Object.keys(body.workdays)) {
    if (![0, 6].includes(weekdayOf(date)))
      problems.push(`workdays.${date}: an adjusted working day falls on a weekend`);
  }
  if (problems.length > 0) {
    throw new ValidationError(
      problems.join('; '),
      problems.map((p) => ({ field: p.split(':')[0]!, message: p.split(': ')[1] ?? p, in: 'body' })),
    );
  }
  const current = (await effectiveCalendars([params.year])).get(params.year);
  const stored = current?.source === 'admin' ? current.version : 0;
  const expected = requireIfMatch(headers, stored);
  const calendar: YearCalendar = {
    year: params.year,
    ...body,
    source: 'admin',
    version: expected + 1,
    updatedAt: new Date().toISOString(),
    updatedBy: describe(principal),
  };
  await putCalendar(calendar, expected);
  return ok(calendar, calendar.version);
};

export const handler = httpHandler(options, run);
