import {
  applyBookingAction,
  assertCheckIn,
  BookingParams,
  CheckInSchema,
  isStaffOf,
  publicBooking,
} from '../../shared/domain/booking.ts';
import { ForbiddenError } from '../../shared/domain/errors.ts';
import { assertPerson, who } from '../../shared/domain/service-order-access.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { ok } from '../../shared/runtime/responses.ts';
import { changeBooking, requireBooking } from '../../shared/store/bookings.ts';

const options = { params: BookingParams, body: CheckInSchema } as const;

/**
 * Staff at the door check a resident in with the code the resident shows (scanned with the
 * booking id, or typed). The booking stops counting against the resident's active limit.
 */
export const run: Run<typeof options> = async ({ params, body, principal }) => {
  assertPerson(principal);
  const booking = await requireBooking(params.id);
  if (!isStaffOf(principal, booking)) throw new ForbiddenError('only staff of the center check residents in');
  const now = Date.now();
  assertCheckIn(booking, body.code, now);
  const next = applyBookingAction(booking, 'check-in', { at: now, by: who(principal) });
  await changeBooking(booking, next, true);
  return ok(publicBooking(next), next.version);
};

export const handler = httpHandler(options, run);
