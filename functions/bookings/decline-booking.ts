import {
  BookingParams,
  DeclineBookingSchema,
  isStaffOf,
  publicBooking,
} from '../../shared/domain/booking.ts';
import { ForbiddenError } from '../../shared/domain/errors.ts';
import { assertPerson, who } from '../../shared/domain/service-order-access.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { ok } from '../../shared/runtime/responses.ts';
import { endBooking } from '../../shared/store/booking-flow.ts';
import { notify } from '../../shared/store/booking-notices.ts';
import { requireBooking } from '../../shared/store/bookings.ts';

const options = { params: BookingParams, body: DeclineBookingSchema } as const;

/** Staff of the center decline a pending booking, with the reason; its slot is free again. */
export const run: Run<typeof options> = async ({ params, body, principal }) => {
  assertPerson(principal);
  const booking = await requireBooking(params.id);
  if (!isStaffOf(principal, booking))
    throw new ForbiddenError('only staff of the center decline its bookings');
  const result = await endBooking(
    booking,
    'decline',
    { at: Date.now(), by: who(principal), note: body.reason },
    'declined',
  );
  await notify(result.notifications);
  return ok(publicBooking(result.booking), result.booking.version);
};

export const handler = httpHandler(options, run);
