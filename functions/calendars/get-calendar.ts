import { assertCanReadRegistry } from '../../shared/domain/auth.ts';
import { NotFoundError } from '../../shared/domain/errors.ts';
import { CalendarParams } from '../../shared/domain/params.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { ok } from '../../shared/runtime/responses.ts';
import { effectiveCalendars } from '../../shared/store/calendars.ts';

const options = { params: CalendarParams } as const;

/** The calendar in force for a year (admin-loaded, else packaged); its version is the ETag to PUT with. */
export const run: Run<typeof options> = async ({ params, principal }) => {
  assertCanReadRegistry(principal);
  const calendar = (await effectiveCalendars([params.year])).get(params.year);
  if (!calendar) {
    throw new NotFoundError(
      `no working-day calendar for ${params.year}: statuses in that year are unknown until an admin loads it (PUT /calendars/${params.year} with If-Match: "0")`,
      { resource: 'calendar', id: String(params.year) },
    );
  }
  return ok(calendar, calendar.version);
};

export const handler = httpHandler(options, run);
