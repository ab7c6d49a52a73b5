import type { Notification } from '../domain/booking-notifications.ts';
import { logger } from '../runtime/powertools.ts';
import { sendMessages } from './queue.ts';

/**
 * Sends notifications after the booking's write has landed. The booking is the truth and the
 * resident sees it in their bookings; a notification lost to a failed send is logged, not retried.
 */
export async function notify(notifications: readonly Notification[]): Promise<void> {
  if (notifications.length === 0) return;
  try {
    await sendMessages('notifications', notifications);
  } catch (error) {
    logger.warn('booking notifications not queued', { count: notifications.length, error: error as Error });
  }
}
