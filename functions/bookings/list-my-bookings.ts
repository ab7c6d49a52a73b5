import { MyBookingsQuery, publicBooking } from '../../shared/domain/booking.ts';
import { assertPerson } from '../../shared/domain/service-order-access.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { ok } from '../../shared/runtime/responses.ts';
import { listResidentBookings } from '../../shared/store/bookings.ts';

const options = { query: MyBookingsQuery } as const;

/** The caller's bookings, latest start first, cancelled ones with who cancelled and why. */
export const run: Run<typeof options> = async ({ query, principal }) => {
  assertPerson(principal);
  const page = await listResidentBookings(principal.sub, query.limit, query.cursor);
  return ok({ items: page.items.map(publicBooking), nextCursor: page.nextCursor });
};

export const handler = httpHandler(options, run);
