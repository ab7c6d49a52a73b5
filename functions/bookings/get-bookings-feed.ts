import { FeedParams, publicBooking } from '../../shared/domain/booking.ts';
import { NotFoundError } from '../../shared/domain/errors.ts';
import { bookingsCalendar } from '../../shared/domain/ical.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { feedOwner } from '../../shared/store/booking-feeds.ts';
import { listResidentBookings } from '../../shared/store/bookings.ts';

const options = { params: FeedParams, auth: 'public' } as const;

/**
 * A resident's bookings as iCalendar, for their calendar app to subscribe to: the secret token of
 * the URL is the credential (calendar apps send no bearer token). A revoked token is 404.
 */
export const run: Run<typeof options> = async ({ params }) => {
  const sub = await feedOwner(params.token);
  if (!sub) throw new NotFoundError('no such feed (it may have been revoked)');
  const page = await listResidentBookings(sub, 100);
  return {
    status: 200,
    headers: { 'content-type': 'text/calendar; charset=utf-8', 'cache-control': 'private, max-age=300' },
    raw: { body: bookingsCalendar(page.items.map(publicBooking)) },
  };
};

export const handler = httpHandler(options, run);
