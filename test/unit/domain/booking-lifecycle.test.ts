import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../shared/domain/auth.ts';
import {
  applyBookingAction,
  assertCanReadBooking,
  assertCheckIn,
  assertMayCancel,
  BOOKING_STATUSES,
  type BookingAction,
  type BookingStatus,
  holdsSeats,
  isActive,
  isStaffAt,
  isStaffOf,
  newCheckInCode,
  publicBooking,
  type StoredBooking,
} from '../../../shared/domain/booking.ts';
import { ConflictError, ForbiddenError, ValidationError } from '../../../shared/domain/errors.ts';

const booking = (status: BookingStatus): StoredBooking => ({
  id: 'b-1',
  kind: 'activity',
  centerId: 'c-youyi',
  activityId: 'a-1',
  occurrenceId: 'a-1.20260310t1900',
  title: '红色党课',
  start: '2026-03-10T19:00:00+08:00',
  end: '2026-03-10T20:30:00+08:00',
  partySize: 1,
  status,
  residentSub: 'r-1',
  code: 'K7M2QX',
  history: [{ at: '2026-03-01T00:00:00.000Z', action: 'book', by: 'resident r-1', from: null, to: status }],
  createdAt: '2026-03-01T00:00:00.000Z',
  updatedAt: '2026-03-01T00:00:00.000Z',
  version: 1,
  holds: {
    shard: 0,
    take: 1,
    residentCells: [],
    noShowAt: '2026-03-10T11:15:00.000Z',
    localDate: '2026-03-10',
    cancelBy: '2026-03-10T10:00:00.000Z',
    centerPath: '/c-shanghai/c-baoshan/c-youyi/',
  },
});

const AT = Date.parse('2026-03-05T12:00:00Z');

/** Every status each action may leave from, stated here independently of the table in the code. */
const EXPECTED: Record<BookingAction, { from: BookingStatus[]; to: BookingStatus }> = {
  approve: { from: ['pending'], to: 'confirmed' },
  decline: { from: ['pending'], to: 'declined' },
  cancel: { from: ['pending', 'confirmed', 'waitlisted'], to: 'cancelled' },
  promote: { from: ['waitlisted'], to: 'confirmed' },
  'check-in': { from: ['confirmed'], to: 'checked-in' },
  'no-show': { from: ['confirmed'], to: 'no-show' },
};

describe('applyBookingAction', () => {
  for (const [action, { from, to }] of Object.entries(EXPECTED) as [
    BookingAction,
    (typeof EXPECTED)[BookingAction],
  ][]) {
    for (const status of BOOKING_STATUSES) {
      if (from.includes(status)) {
        it(`${action} takes a ${status} booking to ${to}`, () => {
          const next = applyBookingAction(booking(status), action, { at: AT, by: 'staff s-1', note: 'n' });
          expect(next.status).toBe(to);
          expect(next.version).toBe(2);
          expect(next.history.at(-1)).toEqual({
            at: '2026-03-05T12:00:00.000Z',
            action,
            by: 'staff s-1',
            from: status,
            to,
            note: 'n',
          });
        });
      } else {
        it(`${action} of a ${status} booking is a 409 naming its status`, () => {
          let thrown: unknown;
          try {
            applyBookingAction(booking(status), action, { at: AT, by: 'system' });
          } catch (error) {
            thrown = error;
          }
          expect(thrown).toBeInstanceOf(ConflictError);
          expect((thrown as ConflictError).message).toBe(`cannot ${action} a booking that is ${status}`);
          expect((thrown as ConflictError).extensions).toEqual({ bookingStatus: status, allowedFrom: from });
        });
      }
    }
  }

  it('records who cancelled and why, so the resident sees the reason', () => {
    const next = applyBookingAction(booking('confirmed'), 'cancel', {
      at: AT,
      by: 'system',
      note: 'closure: 停电检修',
    });
    expect(next.cancellation).toEqual({
      by: 'system',
      at: '2026-03-05T12:00:00.000Z',
      reason: 'closure: 停电检修',
    });
    expect(
      applyBookingAction(booking('confirmed'), 'check-in', { at: AT, by: 'staff s' }).cancellation,
    ).toBeUndefined();
  });
});

describe('what a status holds', () => {
  it('takes seats only while pending or confirmed', () => {
    expect(BOOKING_STATUSES.filter(holdsSeats)).toEqual(['pending', 'confirmed']);
  });
  it('counts pending, confirmed and waitlisted as active for the resident', () => {
    expect(BOOKING_STATUSES.filter(isActive)).toEqual(['pending', 'confirmed', 'waitlisted']);
  });
});

describe('assertMayCancel', () => {
  it('lets the resident cancel until the cut-off and not after', () => {
    expect(() =>
      assertMayCancel(booking('confirmed'), { kind: 'owner' }, Date.parse('2026-03-10T09:59:00Z')),
    ).not.toThrow();
    expect(() =>
      assertMayCancel(booking('confirmed'), { kind: 'owner' }, Date.parse('2026-03-10T10:01:00Z')),
    ).toThrow(ForbiddenError);
  });
  it('lets a waitlisted resident leave the list at any time', () => {
    expect(() =>
      assertMayCancel(booking('waitlisted'), { kind: 'owner' }, Date.parse('2026-03-10T10:59:00Z')),
    ).not.toThrow();
  });
  it('lets staff cancel after the cut-off, but only with a reason', () => {
    const late = Date.parse('2026-03-10T10:30:00Z');
    expect(() =>
      assertMayCancel(booking('confirmed'), { kind: 'staff', reason: '场地维修' }, late),
    ).not.toThrow();
    expect(() => assertMayCancel(booking('confirmed'), { kind: 'staff' }, late)).toThrow(ValidationError);
  });
});

describe('assertCheckIn', () => {
  it('checks in with the right code from 30 minutes before the start until the end', () => {
    expect(() =>
      assertCheckIn(booking('confirmed'), 'K7M2QX', Date.parse('2026-03-10T10:30:00Z')),
    ).not.toThrow();
    expect(() => assertCheckIn(booking('confirmed'), 'K7M2QX', Date.parse('2026-03-10T10:29:00Z'))).toThrow(
      /check-in opens/,
    );
    expect(() => assertCheckIn(booking('confirmed'), 'K7M2QX', Date.parse('2026-03-10T12:30:00Z'))).toThrow(
      /has ended/,
    );
    expect(() => assertCheckIn(booking('confirmed'), 'K7M2QY', Date.parse('2026-03-10T11:00:00Z'))).toThrow(
      /does not match/,
    );
  });
});

describe('newCheckInCode', () => {
  it('is six characters a person cannot misread (no 0, O, 1, I, L)', () => {
    for (let i = 0; i < 200; i++) expect(newCheckInCode()).toMatch(/^[2-9A-HJKMNP-Z]{6}$/);
  });
});

describe('publicBooking', () => {
  it('leaves out what the store keeps for itself', () => {
    expect(publicBooking(booking('confirmed'))).not.toHaveProperty('holds');
    expect(publicBooking(booking('confirmed'))).toHaveProperty('code', 'K7M2QX');
  });
});

describe('who sees and manages a booking', () => {
  const b = booking('confirmed');
  const user = (role: 'resident' | 'staff' | 'admin', sub: string, centerId?: string): Principal =>
    role === 'staff' ? { kind: 'user', sub, role, centerId: centerId! } : { kind: 'user', sub, role };

  it('lets the resident who booked read it, and no other resident', () => {
    expect(() => assertCanReadBooking(user('resident', 'r-1'), b)).not.toThrow();
    expect(() => assertCanReadBooking(user('resident', 'r-2'), b)).toThrow(ForbiddenError);
  });

  it('lets staff of its center and of the centers above it manage it, not staff of another subtree', () => {
    expect(isStaffOf(user('staff', 's-1', 'c-youyi'), b)).toBe(true);
    expect(isStaffOf(user('staff', 's-2', 'c-baoshan'), b)).toBe(true);
    expect(isStaffOf(user('staff', 's-3', 'c-gucun'), b)).toBe(false);
    expect(() => assertCanReadBooking(user('staff', 's-3', 'c-gucun'), b)).toThrow(ForbiddenError);
    expect(isStaffAt(user('admin', 'a-1'), '/c-anywhere/')).toBe(true);
    expect(
      isStaffAt({ kind: 'machine', clientId: 'm', scopes: ['pmsc/menus:push'] }, b.holds.centerPath),
    ).toBe(false);
    // a resident who happens to book is not staff of anything
    expect(isStaffOf(user('resident', 'r-1'), b)).toBe(false);
  });
});
