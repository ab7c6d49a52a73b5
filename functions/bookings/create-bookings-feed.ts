import { assertPerson } from '../../shared/domain/service-order-access.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { created } from '../../shared/runtime/responses.ts';
import { rotateFeed } from '../../shared/store/booking-feeds.ts';

const options = {} as const;

/** A new private iCalendar feed of the caller's bookings; the previous feed URL stops working. */
export const run: Run<typeof options> = async ({ principal }) => {
  assertPerson(principal);
  const token = await rotateFeed(principal.sub, Date.now());
  const url = `/feeds/${token}/bookings.ics`;
  return created({ url }, url);
};

export const handler = httpHandler(options, run);
