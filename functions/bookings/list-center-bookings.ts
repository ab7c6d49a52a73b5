import { CenterBookingsQuery, isStaffAt, publicBooking } from '../../shared/domain/booking.ts';
import { ForbiddenError } from '../../shared/domain/errors.ts';
import { CenterParams } from '../../shared/domain/params.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { ok } from '../../shared/runtime/responses.ts';
import { listCenterDayBookings } from '../../shared/store/bookings.ts';
import { requireCenter } from '../../shared/store/centers.ts';

const options = { params: CenterParams, query: CenterBookingsQuery } as const;

/** A center's bookings of a local day, by start: staff of the center or above, admins. */
export const run: Run<typeof options> = async ({ params, query, principal }) => {
  const center = await requireCenter(params.id);
  if (!isStaffAt(principal, center.path)) {
    throw new ForbiddenError('only staff of the center or above see its bookings');
  }
  const page = await listCenterDayBookings(center.id, query.date, query.limit, query.cursor);
  return ok({ items: page.items.map(publicBooking), nextCursor: page.nextCursor });
};

export const handler = httpHandler(options, run);
