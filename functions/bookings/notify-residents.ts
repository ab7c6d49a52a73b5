import {
  type Notification,
  NotificationSchema,
  type Notifier,
  notificationText,
} from '../../shared/domain/booking-notifications.ts';
import { logger } from '../../shared/runtime/powertools.ts';
import { sqsHandler } from '../../shared/runtime/sqs.ts';

/**
 * Delivers residents' booking notifications. Locally (and until a channel is configured) the
 * notifier is a log line; a district plugs in its SMS or WeChat template-message adapter by
 * implementing `Notifier` (docs/bookings.md#notifications) and passing it here.
 */
export const logNotifier: Notifier = {
  channel: 'log',
  send: async (notification) => {
    logger.info('notification', { ...notification, text: notificationText(notification) });
  },
};

export function run(notification: Notification, notifier: Notifier = logNotifier): Promise<void> {
  return notifier.send(notification);
}

export const handler = sqsHandler(NotificationSchema, (message) => run(message));
