import { REMIND_BEFORE_MINUTES } from '../../shared/domain/booking.ts';
import { type Notification, notificationOf } from '../../shared/domain/booking-notifications.ts';
import { ConflictError } from '../../shared/domain/errors.ts';
import { logger } from '../../shared/runtime/powertools.ts';
import { scheduleHandler } from '../../shared/runtime/schedule.ts';
import { cancelCoveredBookings, endBooking } from '../../shared/store/booking-flow.ts';
import { notify } from '../../shared/store/booking-notices.ts';
import { markReminded, openBookingsStartingBefore } from '../../shared/store/bookings.ts';
import { listClosuresEndingAfter } from '../../shared/store/rooms.ts';

export interface SweepResult {
  readonly reminded: number;
  readonly noShows: number;
  readonly expired: number;
  /** Bookings a closure covers that the closure's own request left active (it failed midway). */
  readonly closedOver: number;
}

/**
 * Every 5 minutes, over the active bookings starting within the reminder lead (one Query of the
 * sparse open-bookings index): reminds those due; at the start, declines what staff never
 * approved and takes the rest of the waitlist off; a set time after the start, marks confirmed
 * bookings nobody checked in as no-shows, which frees their seats for the first waiting (and
 * counts towards the resident's suspension). Each change is guarded by the status it was read
 * in, so overlapping runs change a booking once.
 *
 * First, as a safety net, it cancels those a temporary closure covers: adding a closure cancels
 * its bookings in the same request, but a request that fails after storing the closure leaves
 * them active, and nobody should come to a closed door (one more Query: the closures still to end).
 */
export async function run(now: Date): Promise<SweepResult> {
  const at = now.getTime();
  const result = { reminded: 0, noShows: 0, expired: 0, closedOver: 0 };
  const notifications: Notification[] = [];
  const [bookings, closures] = await Promise.all([
    openBookingsStartingBefore(at + REMIND_BEFORE_MINUTES * 60_000),
    listClosuresEndingAfter(at),
  ]);
  const closedOver = new Set<string>();
  for (const closure of closures) {
    try {
      const ended = await cancelCoveredBookings(bookings, closure, at);
      for (const id of ended.cancelled) closedOver.add(id);
      notifications.push(...ended.notifications);
    } catch (error) {
      logger.error('booking sweep failed on a closure', { closureId: closure.id, error: error as Error });
    }
  }
  result.closedOver = closedOver.size;
  for (const booking of bookings) {
    if (closedOver.has(booking.id)) continue;
    try {
      const started = Date.parse(booking.start) <= at;
      if (booking.status === 'confirmed' && Date.parse(booking.holds.noShowAt) <= at) {
        const ended = await endBooking(
          booking,
          'no-show',
          { at, by: 'system', note: 'not checked in' },
          'no-show',
        );
        notifications.push(...ended.notifications);
        result.noShows++;
      } else if (started && booking.status === 'pending') {
        const ended = await endBooking(
          booking,
          'decline',
          { at, by: 'system', note: 'not approved before the start' },
          'declined',
        );
        notifications.push(...ended.notifications);
        result.expired++;
      } else if (started && booking.status === 'waitlisted') {
        const ended = await endBooking(
          booking,
          'cancel',
          { at, by: 'system', note: 'no seat came free before the start' },
          'cancelled',
        );
        notifications.push(...ended.notifications);
        result.expired++;
      } else if (
        !started &&
        booking.status === 'confirmed' &&
        booking.holds.remindAt &&
        Date.parse(booking.holds.remindAt) <= at
      ) {
        if (await markReminded(booking)) {
          notifications.push(notificationOf(booking, 'reminder'));
          result.reminded++;
        }
      }
    } catch (error) {
      // another run or a person changed it first: it is no longer this sweep's
      if (error instanceof ConflictError) continue;
      logger.error('booking sweep failed on a booking', { bookingId: booking.id, error: error as Error });
    }
  }
  await notify(notifications);
  return result;
}

export const handler = scheduleHandler(run);
