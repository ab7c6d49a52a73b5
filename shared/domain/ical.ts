import ical, { ICalEventStatus } from 'ical-generator';
import type { Occurrence } from './activities.ts';
import type { Booking } from './booking.ts';

/**
 * iCalendar (RFC 5545) feeds: a center's public activities, and a resident's own bookings.
 * Instants are written in UTC, so every calendar client places them right whatever its zone.
 */

const PRODUCT = { company: 'Party-Mass Service Centers', product: 'pmsc-bookings', language: 'ZH' };

export function activitiesCalendar(
  center: { readonly id: string; readonly name: string; readonly address?: string },
  occurrences: readonly (Occurrence & { readonly place?: string; readonly description?: string })[],
): string {
  const calendar = ical({ name: `${center.name} 活动 Activities`, prodId: PRODUCT });
  for (const o of occurrences) {
    calendar.createEvent({
      id: `${o.id}@pmsc`,
      start: new Date(o.start),
      end: new Date(o.end),
      summary: o.title,
      location: o.place ?? center.address ?? center.name,
      ...(o.description ? { description: o.description } : {}),
      status: o.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  return calendar.toString();
}

/** The bookings that matter to a calendar: those held or waiting, and those cancelled (as cancelled). */
export function bookingsCalendar(bookings: readonly Booking[]): string {
  const calendar = ical({ name: '我的预约 My bookings', prodId: PRODUCT });
  for (const b of bookings) {
    if (b.status === 'declined' || b.status === 'no-show') continue;
    calendar.createEvent({
      id: `${b.id}@pmsc`,
      start: new Date(b.start),
      end: new Date(b.end),
      summary: b.status === 'waitlisted' ? `(候补 waitlist) ${b.title}` : b.title,
      description: `签到码 Check-in code: ${b.code}`,
      status:
        b.status === 'cancelled'
          ? ICalEventStatus.CANCELLED
          : b.status === 'pending' || b.status === 'waitlisted'
            ? ICalEventStatus.TENTATIVE
            : ICalEventStatus.CONFIRMED,
    });
  }
  return calendar.toString();
}
