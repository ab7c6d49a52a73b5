import { describe, expect, it } from 'vitest';
import { run as notifyResident } from '../../../functions/bookings/notify-residents.ts';
import {
  NOTIFICATION_KINDS,
  type Notification,
  type Notifier,
  notificationText,
} from '../../../shared/domain/booking-notifications.ts';

const notification = (kind: Notification['kind'], reason?: string): Notification => ({
  kind,
  bookingId: 'b-1',
  residentSub: 'r-1',
  centerId: 'c-youyi',
  title: '红色党课',
  start: '2026-03-10T19:00:00+08:00',
  ...(reason ? { reason } : {}),
});

describe('notificationText', () => {
  it('names the activity and its start for every kind', () => {
    for (const kind of NOTIFICATION_KINDS.filter((k) => k !== 'suspended')) {
      expect(notificationText(notification(kind))).toContain('红色党课 2026-03-10T19:00:00+08:00');
    }
  });

  it('tells a resident cancelled by a closure why', () => {
    expect(notificationText(notification('cancelled-by-closure', 'the center is closed: 停电检修'))).toBe(
      '中心临时闭馆，预约取消 Cancelled, the center is closed: 红色党课 2026-03-10T19:00:00+08:00 (the center is closed: 停电检修)',
    );
  });

  it('says a promoted resident got their seat', () => {
    expect(notificationText(notification('promoted'))).toMatch(/^候补成功 A seat came free, you are booked/);
  });
});

describe('notify-residents', () => {
  it('hands each notification to the notifier it is given (an SMS or WeChat adapter in AWS)', async () => {
    const sent: Notification[] = [];
    const fake: Notifier = { channel: 'fake', send: async (n) => void sent.push(n) };
    await notifyResident(notification('reminder'), fake);
    expect(sent).toEqual([notification('reminder')]);
  });

  it('lets a failing adapter fail the message, so the queue delivers it again', async () => {
    const failing: Notifier = {
      channel: 'sms',
      send: async () => {
        throw new Error('gateway down');
      },
    };
    await expect(notifyResident(notification('confirmed'), failing)).rejects.toThrow('gateway down');
  });
});
