import { describe, expect, it } from 'vitest';
import { BOOKING_STATUSES, holdsSeats, isActive, occupiesItsTime } from '../../../shared/domain/booking.ts';

const except = (...some: string[]) => BOOKING_STATUSES.filter((s) => !some.includes(s));

/**
 * Which bookings count where (docs/bookings.md, docs/grid.md): seats are held by a pending or
 * confirmed booking; the grid's `bookedNow` counts those and the people checked in, who are in
 * the room; a resident's limits count what is still to come, the waitlist included.
 */
describe('what a booking’s status counts for', () => {
  it('holds seats while pending or confirmed', () => {
    expect(['pending', 'confirmed'].every((s) => holdsSeats(s as never))).toBe(true);
    for (const s of except('pending', 'confirmed')) {
      expect(holdsSeats(s as never), s).toBe(false);
    }
  });

  it('has its people in the room while pending, confirmed or checked in, and never otherwise', () => {
    for (const s of ['pending', 'confirmed', 'checked-in']) expect(occupiesItsTime(s as never), s).toBe(true);
    for (const s of except('pending', 'confirmed', 'checked-in')) {
      expect(occupiesItsTime(s as never), s).toBe(false);
    }
  });

  it('counts against the resident’s limits while pending, confirmed or waitlisted', () => {
    for (const s of ['pending', 'confirmed', 'waitlisted']) expect(isActive(s as never), s).toBe(true);
    for (const s of ['checked-in', 'cancelled', 'rejected', 'no-show', 'expired'])
      expect(isActive(s as never), s).toBe(false);
  });
});
