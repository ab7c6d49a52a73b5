import { assertCanReadBooking, BookingParams, publicBooking } from '../../shared/domain/booking.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { ok } from '../../shared/runtime/responses.ts';
import { requireBooking } from '../../shared/store/bookings.ts';

const options = { params: BookingParams } as const;

/** One booking: the resident who made it, staff of its center or above, admins. */
export const run: Run<typeof options> = async ({ params, principal }) => {
  const booking = await requireBooking(params.id);
  assertCanReadBooking(principal, booking);
  return ok(publicBooking(booking), booking.version);
};

export const handler = httpHandler(options, run);
