import * as z from 'zod';
import type { StoredBooking } from './booking.ts';

/**
 * What residents are told about their bookings. Written to the `notifications` queue after the
 * booking's transaction, delivered by `notify-residents` through a Notifier: a log line locally;
 * in AWS an SMS or WeChat template-message adapter (docs/bookings.md#notifications).
 */

export const NOTIFICATION_KINDS = [
  'confirmed',
  'pending',
  'waitlisted',
  'promoted',
  'approved',
  'declined',
  'cancelled',
  'cancelled-by-closure',
  'reminder',
  'no-show',
  'suspended',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const NotificationSchema = z.object({
  kind: z.enum(NOTIFICATION_KINDS),
  bookingId: z.string(),
  residentSub: z.string(),
  centerId: z.string(),
  title: z.string(),
  start: z.string(),
  reason: z.string().optional(),
});
export type Notification = z.infer<typeof NotificationSchema>;

export function notificationOf(
  booking: StoredBooking,
  kind: NotificationKind,
  reason?: string,
): Notification {
  return {
    kind,
    bookingId: booking.id,
    residentSub: booking.residentSub,
    centerId: booking.centerId,
    title: booking.title,
    start: booking.start,
    ...(reason ? { reason } : {}),
  };
}

/**
 * Delivers one notification. An adapter resolves the resident's contact (mobile number, WeChat
 * openid) from their sub and sends a template; it throws on a failure worth retrying (the queue
 * redelivers, then parks the message in the DLQ) and returns normally when there is nothing to do.
 */
export interface Notifier {
  readonly channel: string;
  send(notification: Notification): Promise<void>;
}

/** The short text of a notification, the same whatever the channel. */
export function notificationText(n: Notification): string {
  const what = `${n.title} ${n.start}`;
  switch (n.kind) {
    case 'confirmed':
    case 'approved':
      return `预约成功 Booked: ${what}`;
    case 'pending':
      return `待审核 Waiting for approval: ${what}`;
    case 'waitlisted':
      return `已候补 On the waitlist: ${what}`;
    case 'promoted':
      return `候补成功 A seat came free, you are booked: ${what}`;
    case 'declined':
      return `未通过 Declined: ${what}${n.reason ? ` (${n.reason})` : ''}`;
    case 'cancelled':
      return `已取消 Cancelled: ${what}${n.reason ? ` (${n.reason})` : ''}`;
    case 'cancelled-by-closure':
      return `中心临时闭馆，预约取消 Cancelled, the center is closed: ${what}${n.reason ? ` (${n.reason})` : ''}`;
    case 'reminder':
      return `提醒 Reminder: ${what}`;
    case 'no-show':
      return `未签到 Not checked in: ${what}`;
    case 'suspended':
      return `预约暂停 Booking suspended${n.reason ? ` until ${n.reason}` : ''}`;
  }
}
