import { CreateBookingSchema, publicBooking } from '../../shared/domain/booking.ts';
import { assertPerson, who } from '../../shared/domain/service-order-access.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { runIdempotent } from '../../shared/runtime/idempotency.ts';
import { created } from '../../shared/runtime/responses.ts';
import { bookOccurrence, bookRoom } from '../../shared/store/booking-flow.ts';
import { notify } from '../../shared/store/booking-notices.ts';

const options = { body: CreateBookingSchema, idempotent: runIdempotent } as const;

/**
 * Books a room slot or seats of an activity occurrence: confirmed, pending approval, or
 * waitlisted when full and the resident asked to wait. 201 either way; the status says which.
 */
export const run: Run<typeof options> = async ({ body, principal, idempotencyKey }) => {
  assertPerson(principal);
  const booker = { sub: principal.sub, partyMember: principal.partyMember === true, by: who(principal) };
  const now = Date.now();
  const result =
    'roomId' in body
      ? await bookRoom(booker, body, idempotencyKey, now)
      : await bookOccurrence(booker, body, idempotencyKey, now);
  await notify(result.notifications);
  return created(publicBooking(result.booking), `/bookings/${result.booking.id}`, result.booking.version);
};

export const handler = httpHandler(options, run);
