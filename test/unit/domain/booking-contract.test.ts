import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../shared/domain/auth.ts';
import {
  AvailabilityQuery,
  AvailabilityResultSchema,
  AvailabilitySchema,
  applyBookingAction,
  assertCanReadBooking,
  assertMayCancel,
  BookingParams,
  BookingSchema,
  type BookingStatus,
  CancelBookingSchema,
  CenterBookingsQuery,
  isStaffAt,
  publicBooking,
  type StoredBooking,
} from '../../../shared/domain/booking.ts';
import { BookingRulesSchema } from '../../../shared/domain/booking-rules.ts';
import { ForbiddenError, type ValidationError } from '../../../shared/domain/errors.ts';

/** The booking answers and the rules of who acts on a booking, as docs/bookings.md and docs/api.md state them. */

const stored = (status: BookingStatus): StoredBooking => ({
  id: 'b-1',
  kind: 'room',
  centerId: 'c-youyi',
  roomId: 'r-reading',
  title: 'Reading room',
  start: '2026-03-10T09:00:00+08:00',
  end: '2026-03-10T10:00:00+08:00',
  partySize: 3,
  status,
  residentSub: 'r-1',
  code: 'K7M2QX',
  note: 'for our study group',
  history: [{ at: '2026-03-01T00:00:00.000Z', action: 'book', by: 'resident r-1', from: null, to: status }],
  createdAt: '2026-03-01T00:00:00.000Z',
  updatedAt: '2026-03-01T00:00:00.000Z',
  version: 1,
  holds: {
    roomCells: ['x'],
    take: 1,
    residentCells: [],
    noShowAt: '2026-03-10T01:15:00.000Z',
    localDate: '2026-03-10',
    cancelBy: '2026-03-09T23:00:00.000Z',
    centerPath: '/c-shanghai/c-baoshan/c-youyi/',
  },
});

describe('a booking as the resident and staff read it', () => {
  it('fits its schema with its history, its note and who declined it and why', () => {
    const declined = applyBookingAction(stored('pending'), 'decline', {
      at: Date.parse('2026-03-02T08:00:00Z'),
      by: 'staff s-1',
      note: 'the hall is being painted',
    });
    const shown = publicBooking(declined);
    expect(BookingSchema.parse(shown)).toEqual(shown);
    expect(shown.cancellation).toEqual({
      by: 'staff s-1',
      at: '2026-03-02T08:00:00.000Z',
      reason: 'the hall is being painted',
    });
    expect(shown.history.at(-1)).toEqual({
      at: '2026-03-02T08:00:00.000Z',
      action: 'decline',
      by: 'staff s-1',
      from: 'pending',
      to: 'declined',
      note: 'the hall is being painted',
    });
  });

  it('is a room or an activity booking of at least one person', () => {
    const shown = publicBooking(stored('confirmed'));
    expect(BookingSchema.safeParse({ ...shown, kind: 'activity' }).success).toBe(true);
    expect(BookingSchema.safeParse({ ...shown, kind: 'desk' }).success).toBe(false);
    expect(BookingSchema.safeParse({ ...shown, partySize: 0 }).success).toBe(false);
    expect(
      BookingSchema.safeParse({ ...shown, history: [{ ...shown.history[0], action: 'rebook' }] }).success,
    ).toBe(false);
  });
});

describe('the availability answers', () => {
  it('show a room’s day with its rules, the day’s kind and name, and each slot', () => {
    const day = {
      centerId: 'c-youyi',
      roomId: 'r-reading',
      date: '2026-05-01',
      timeZone: 'Asia/Shanghai',
      capacity: 12,
      rules: BookingRulesSchema.parse({ onHolidays: true }),
      dayKind: 'holiday',
      dayName: '劳动节 Labour Day',
      slots: [
        {
          start: '2026-05-01T10:00:00+08:00',
          end: '2026-05-01T10:30:00+08:00',
          remaining: 1,
          bookable: true,
        },
      ],
    };
    expect(AvailabilitySchema.parse(day)).toEqual(day);
    for (const dayKind of ['working-day', 'rest-day', 'adjusted-working-day'])
      expect(AvailabilitySchema.safeParse({ ...day, dayKind }).success, dayKind).toBe(true);
    expect(AvailabilitySchema.safeParse({ ...day, dayKind: 'festival' }).success).toBe(false);
  });

  it('show the centers found nearby with their free rooms and activities', () => {
    const found = {
      items: [
        {
          centerId: 'c-youyi',
          centerName: '友谊路街道党群服务中心',
          distanceMeters: 420,
          rooms: [
            { roomId: 'r-reading', name: 'Reading room', kind: 'reading-room', capacity: 12, remaining: 9 },
          ],
          activities: [
            {
              occurrenceId: 'a-class.20260310t1900',
              activityId: 'a-class',
              title: '红色党课',
              kind: 'party-class',
              start: '2026-03-10T19:00:00+08:00',
              end: '2026-03-10T20:30:00+08:00',
              seatsLeft: 4,
            },
          ],
        },
      ],
    };
    expect(AvailabilityResultSchema.parse(found)).toEqual(found);
  });
});

describe('the booking paths and queries', () => {
  it('name a booking by its id, a day by its local date, and nothing else', () => {
    expect(BookingParams.parse({ id: 'b-1' })).toEqual({ id: 'b-1' });
    expect(BookingParams.safeParse({ id: 'b-1', extra: 'x' }).success).toBe(false);
    expect(AvailabilityQuery.parse({ date: '2026-03-04' })).toEqual({ date: '2026-03-04' });
    expect(AvailabilityQuery.safeParse({ date: '2026-03-04', extra: 'x' }).success).toBe(false);
    expect(AvailabilityQuery.safeParse({ date: '4 March' }).success).toBe(false);
    expect(CenterBookingsQuery.parse({ date: '2026-03-04' })).toMatchObject({
      date: '2026-03-04',
      limit: 25,
    });
    expect(CenterBookingsQuery.safeParse({}).success).toBe(false);
  });

  it('take a cancellation with or without a reason, and nothing else', () => {
    expect(CancelBookingSchema.parse({})).toEqual({});
    expect(CancelBookingSchema.parse({ reason: 'ill' })).toEqual({ reason: 'ill' });
    expect(CancelBookingSchema.safeParse({ reason: 'ill', refund: true }).success).toBe(false);
  });
});

describe('who acts on a booking', () => {
  const machine: Principal = { kind: 'machine', clientId: 'm', scopes: ['pmsc/menus:push'] };

  it('lets the resident cancel up to the very cut-off instant, and says until when after it', () => {
    const b = stored('confirmed');
    const cutOff = Date.parse(b.holds.cancelBy);
    expect(() => assertMayCancel(b, { kind: 'owner' }, cutOff)).not.toThrow();
    try {
      assertMayCancel(b, { kind: 'owner' }, cutOff + 1);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ForbiddenError);
      expect((error as Error).message).toBe(
        'a booking can be cancelled online until 2026-03-09T23:00:00.000Z; ask the center',
      );
      // the problem says until when as a member a front end can read
      expect((error as ForbiddenError).extensions).toEqual({ cancelBy: b.holds.cancelBy });
    }
  });

  it('asks staff who cancel for a reason, on reason', () => {
    try {
      assertMayCancel(stored('confirmed'), { kind: 'staff' }, 0);
      expect.unreachable();
    } catch (error) {
      expect((error as ValidationError).errors).toEqual([
        { field: 'reason', message: 'is required when staff cancel a booking' },
      ]);
    }
  });

  it('never counts a staff member without a center, or a machine, as staff; refuses others with a 403', () => {
    const path = stored('confirmed').holds.centerPath;
    expect(isStaffAt({ kind: 'user', sub: 's', role: 'staff' }, path)).toBe(false);
    expect(isStaffAt({ kind: 'user', sub: 's', role: 'resident', centerId: 'c-youyi' }, path)).toBe(false);
    expect(() => assertCanReadBooking(machine, stored('confirmed'))).toThrow('this is not your booking');
    expect(() =>
      assertCanReadBooking({ kind: 'user', sub: 'r-2', role: 'resident' }, stored('confirmed')),
    ).toThrow(ForbiddenError);
    expect(() =>
      assertCanReadBooking({ kind: 'user', sub: 'a', role: 'admin' }, stored('confirmed')),
    ).not.toThrow();
  });
});
