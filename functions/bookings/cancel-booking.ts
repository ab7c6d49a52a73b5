import {
  assertCanReadBooking,
  assertMayCancel,
  BookingParams,
  CancelBookingSchema,
  publicBooking,
} from '../../shared/domain/booking.ts';
import { assertPerson, who } from '../../shared/domain/service-order-access.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { ok } from '../../shared/runtime/responses.ts';
import { endBooking } from '../../shared/store/booking-flow.ts';
import { notify } from '../../shared/store/booking-notices.ts';
import { requireBooking } from '../../shared/store/bookings.ts';

const options = { params: BookingParams, body: CancelBookingSchema } as const;

/**
 * The resident cancels before the cut-off, staff of the center any time with a reason; the seats
 * go to the first waiting people in the same write.
 */
export const run: Run<typeof options> = async ({ params, body, principal }) => {
  assertPerson(principal);
  const booking = await requireBooking(params.id);
  assertCanReadBooking(principal, booking);
  const now = Date.now();
  const own = principal.sub === booking.residentSub;
  assertMayCancel(booking, own ? { kind: 'owner' } : { kind: 'staff', reason: body.reason }, now);
  const result = await endBooking(
    booking,
    'cancel',
    { at: now, by: who(principal), ...(body.reason ? { note: body.reason } : {}) },
    'cancelled',
  );
  // a resident cancelling their own booking needs no message about it; the promoted do
  await notify(own ? result.notifications.slice(1) : result.notifications);
  return ok(publicBooking(result.booking), result.booking.version);
};

export const handler = httpHandler(options, run);
