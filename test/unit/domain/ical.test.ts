import { describe, expect, it } from 'vitest';
import type { Occurrence } from '../../../shared/domain/activities.ts';
import type { Booking, BookingStatus } from '../../../shared/domain/booking.ts';
import { activitiesCalendar, bookingsCalendar } from '../../../shared/domain/ical.ts';

/** The two iCalendar feeds of docs/bookings.md: instants in UTC, statuses as calendar apps read them. */

/** The events of a feed, each as its unfolded property lines. */
function events(text: string): Record<string, string>[] {
  const unfolded = text.replace(/\r\n[ \t]/g, '');
  return [...unfolded.matchAll(/BEGIN:VEVENT\r\n([\s\S]*?)END:VEVENT/g)].map((m) =>
    Object.fromEntries(
      (m[1] ?? '')
        .split('\r\n')
        .filter(Boolean)
        .map((line) => {
          const colon = line.indexOf(':');
          return [line.slice(0, colon).split(';')[0], line.slice(colon + 1)];
        }),
    ),
  );
}

const occurrence = (patch: Partial<Occurrence & { place: string; description: string }> = {}) => ({
  id: 'a-class.20260310t1900',
  activityId: 'a-class',
  centerId: 'c-youyi',
  title: '红色党课',
  start: '2026-03-10T19:00:00+08:00',
  end: '2026-03-10T20:30:00+08:00',
  seats: 20,
  signUpOpensAt: '2026-03-03T11:00:00.000Z',
  signUpClosesAt: '2026-03-10T11:00:00.000Z',
  cancelBy: '2026-03-10T10:00:00.000Z',
  partyMembersOnly: false,
  status: 'scheduled' as const,
  ...patch,
});

describe('activitiesCalendar', () => {
  const center = { id: 'c-youyi', name: '友谊路街道党群服务中心', address: '宝山区友谊路 1 号' };

  it('writes each occurrence in UTC under a stable id, named after the center', () => {
    const text = activitiesCalendar(center, [occurrence()]);
    expect(text).toContain('X-WR-CALNAME:友谊路街道党群服务中心 活动 Activities');
    const [event] = events(text);
    expect(event).toMatchObject({
      UID: 'a-class.20260310t1900@pmsc',
      DTSTART: '20260310T110000Z',
      DTEND: '20260310T123000Z',
      SUMMARY: '红色党课',
      STATUS: 'CONFIRMED',
    });
  });

  it('places an occurrence at its own place, else at the center’s address, else the center', () => {
    const at = (c: { id: string; name: string; address?: string }, o = occurrence()) =>
      events(activitiesCalendar(c, [o]))[0]?.LOCATION;
    expect(at(center, occurrence({ place: 'the park pavilion' }))).toBe('the park pavilion');
    expect(at(center)).toBe('宝山区友谊路 1 号');
    expect(at({ id: 'c-youyi', name: 'Youyi' })).toBe('Youyi');
  });

  it('carries the description when there is one, and marks a cancelled occurrence cancelled', () => {
    const [described, cancelled] = events(
      activitiesCalendar(center, [
        occurrence({ description: 'Bring your Party card' }),
        occurrence({ id: 'a-class.20260317t1900', status: 'cancelled' }),
      ]),
    );
    expect(described?.DESCRIPTION).toBe('Bring your Party card');
    expect(described?.STATUS).toBe('CONFIRMED');
    expect(cancelled?.DESCRIPTION).toBeUndefined();
    expect(cancelled?.STATUS).toBe('CANCELLED');
  });
});

describe('bookingsCalendar', () => {
  const booking = (id: string, status: BookingStatus): Booking => ({
    id,
    kind: 'room',
    centerId: 'c-youyi',
    roomId: 'r-reading',
    title: 'Reading room',
    start: '2026-03-10T09:00:00+08:00',
    end: '2026-03-10T10:00:00+08:00',
    partySize: 1,
    status,
    residentSub: 'r-1',
    code: 'K7M2QX',
    history: [],
    createdAt: '2026-03-01T00:00:00.000Z',
    updatedAt: '2026-03-01T00:00:00.000Z',
    version: 1,
  });

  it('shows waitlisted and pending as tentative, cancelled as cancelled, the rest as confirmed', () => {
    const statuses: BookingStatus[] = ['confirmed', 'pending', 'waitlisted', 'cancelled', 'checked-in'];
    const text = bookingsCalendar(statuses.map((s) => booking(`b-${s}`, s)));
    expect(text).toContain('X-WR-CALNAME:我的预约 My bookings');
    expect(text).toContain('PRODID:-//Party-Mass Service Centers//pmsc-bookings//ZH');
    expect(Object.fromEntries(events(text).map((e) => [e.UID, e.STATUS]))).toEqual({
      'b-confirmed@pmsc': 'CONFIRMED',
      'b-pending@pmsc': 'TENTATIVE',
      'b-waitlisted@pmsc': 'TENTATIVE',
      'b-cancelled@pmsc': 'CANCELLED',
      'b-checked-in@pmsc': 'CONFIRMED',
    });
  });

  it('leaves out declined bookings and no-shows', () => {
    const text = bookingsCalendar([booking('b-1', 'declined'), booking('b-2', 'no-show')]);
    expect(events(text)).toEqual([]);
  });

  it('writes the booking in UTC with its check-in code, and says a waitlist place is one', () => {
    const [held, waiting] = events(
      bookingsCalendar([booking('b-1', 'confirmed'), booking('b-2', 'waitlisted')]),
    );
    expect(held).toMatchObject({
      DTSTART: '20260310T010000Z',
      DTEND: '20260310T020000Z',
      SUMMARY: 'Reading room',
      DESCRIPTION: '签到码 Check-in code: K7M2QX',
    });
    expect(waiting?.SUMMARY).toBe('(候补 waitlist) Reading room');
  });
});
