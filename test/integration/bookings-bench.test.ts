import { describe, expect, inject, it } from 'vitest';
import { measureBookings, SMOKE_BOOKINGS, SPREAD_ROOMS } from '../../bench/bookings.ts';

/**
 * The bookings bench at smoke size, so that `npm run bench -- --only bookings` cannot rot: the
 * three loads against the test tier's DynamoDB Local, with the guarantees the full run reports.
 */
describe('the bookings bench, smoke size', () => {
  it('confirms exactly the seats under contention, books every spread slot, and shows the naive way overbooking', async () => {
    const result = await measureBookings({ ...SMOKE_BOOKINGS, endpoints: inject('localEndpoints') });

    const { contention, spread, naive } = result;
    expect(contention).toMatchObject({ confirmed: SMOKE_BOOKINGS.seats, seatsLeft: [0], exact: true });
    expect(contention.byStatus).toEqual({
      201: SMOKE_BOOKINGS.seats,
      409: SMOKE_BOOKINGS.attempts - SMOKE_BOOKINGS.seats,
    });
    expect(contention.byCommand).toHaveProperty('TransactWriteItemsCommand', SMOKE_BOOKINGS.attempts);
    expect(contention.perConfirmed.capacityUnits).toBeGreaterThan(0);

    expect(spread).toMatchObject({ attempts: SMOKE_BOOKINGS.spread, booked: SMOKE_BOOKINGS.spread });
    expect(spread.rooms).toBe(SPREAD_ROOMS.length);
    expect(spread.perAttempt.requests).toBeGreaterThanOrEqual(2);

    expect(naive.booked).toBeGreaterThan(naive.seats);
    expect(naive.overbookedBy).toBe(naive.booked - naive.seats);
  }, 120_000);
});
