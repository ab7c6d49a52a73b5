import { applyBookingAction, BookingParams, isStaffOf, publicBooking } from '../../shared/domain/booking.ts';
import { notificationOf } from '../../shared/domain/booking-notifications.ts';
import { ForbiddenError } from '../../shared/domain/errors.ts';
import { assertPerson, who } from '../../shared/domain/service-order-access.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { ok } from '../../shared/runtime/responses.ts';
import { notify } from '../../shared/store/booking-notices.ts';
import { changeBooking, requireBooking } from '../../shared/store/bookings.ts';

const options = { params: BookingParams } as const;

/** Staff of the center approve a pending booking: it keeps the slot it already holds. */
export const run: Run<typeof options> = async ({ params, principal }) => {
  assertPerson(principal);
  const booking = await requireBooking(params.id);
  if (!isStaffOf(principal, booking))
    throw new ForbiddenError('only staff of the center approve its bookings');
  const next = applyBookingAction(booking, 'approve', { at: Date.now(), by: who(principal) });
  await changeBooking(booking, next, false);
  await notify([notificationOf(next, 'approved')]);
  return ok(publicBooking(next), next.version);
};

export const handler = httpHandler(options, run);
