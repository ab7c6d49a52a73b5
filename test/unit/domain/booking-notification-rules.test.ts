import { describe, expect, it } from 'vitest';
import type { StoredBooking } from '../../../shared/domain/booking.ts';
import {
  type Notification,
  type NotificationKind,
  NotificationSchema,
  notificationOf,
  notificationText,
} from '../../../shared/domain/booking-notifications.ts';

/** What a resident is told, per docs/bookings.md#notifications: the kind of change in plain words. */

const notification = (kind: NotificationKind, reason?: string): Notification => ({
  kind,
  bookingId: 'b-1',
  residentSub: 'r-1',
  centerId: 'c-youyi',
  title: '红色党课',
  start: '2026-03-10T19:00:00+08:00',
  ...(reason ? { reason } : {}),
});

describe('notificationText', () => {
  it('says in words what happened to the booking, in Chinese and English', () => {
    const said: Record<NotificationKind, RegExp> = {
      confirmed: /^预约成功 Booked: /,
      approved: /^预约成功 Booked: /,
      pending: /^待审核 Waiting for approval: /,
      waitlisted: /^已候补 On the waitlist: /,
      promoted: /^候补成功 A seat came free, you are booked: /,
      declined: /^未通过 Declined: /,
      cancelled: /^已取消 Cancelled: /,
      'cancelled-by-closure': /^中心临时闭馆，预约取消 Cancelled, the center is closed: /,
      reminder: /^提醒 Reminder: /,
      'no-show': /^未签到 Not checked in: /,
      suspended: /^预约暂停 Booking suspended/,
    };
    for (const [kind, words] of Object.entries(said))
      expect(notificationText(notification(kind as NotificationKind)), kind).toMatch(words);
  });

  it('gives the reason of a decline or a cancellation in brackets, and nothing when there is none', () => {
    expect(notificationText(notification('declined', 'the hall is being painted'))).toBe(
      '未通过 Declined: 红色党课 2026-03-10T19:00:00+08:00 (the hall is being painted)',
    );
    expect(notificationText(notification('cancelled', 'moved to Thursday'))).toBe(
      '已取消 Cancelled: 红色党课 2026-03-10T19:00:00+08:00 (moved to Thursday)',
    );
    expect(notificationText(notification('declined'))).toBe(
      '未通过 Declined: 红色党课 2026-03-10T19:00:00+08:00',
    );
    expect(notificationText(notification('cancelled'))).toBe(
      '已取消 Cancelled: 红色党课 2026-03-10T19:00:00+08:00',
    );
    expect(notificationText(notification('cancelled-by-closure'))).toMatch(/08:00$/);
  });

  it('tells a suspended resident until when, when it is known', () => {
    expect(notificationText(notification('suspended', '2026-04-09'))).toBe(
      '预约暂停 Booking suspended until 2026-04-09',
    );
    expect(notificationText(notification('suspended'))).toBe('预约暂停 Booking suspended');
  });
});

describe('notificationOf', () => {
  const booking = {
    id: 'b-7',
    residentSub: 'r-9',
    centerId: 'c-youyi',
    title: 'Reading room',
    start: '2026-03-10T09:00:00+08:00',
  } as StoredBooking;

  it('names the booking, its resident, center, title and start, with the reason only when there is one', () => {
    expect(notificationOf(booking, 'cancelled', 'the center is closed: 停电检修')).toEqual({
      kind: 'cancelled',
      bookingId: 'b-7',
      residentSub: 'r-9',
      centerId: 'c-youyi',
      title: 'Reading room',
      start: '2026-03-10T09:00:00+08:00',
      reason: 'the center is closed: 停电检修',
    });
    expect(notificationOf(booking, 'reminder')).not.toHaveProperty('reason');
    const queued = notificationOf(booking, 'no-show', 'not checked in by 09:15');
    expect(NotificationSchema.parse(queued)).toEqual(queued);
    expect(NotificationSchema.safeParse({ ...queued, kind: 'thanks' }).success).toBe(false);
  });
});
