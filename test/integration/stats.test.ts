import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as cancelBooking } from '../../functions/bookings/cancel-booking.ts';
import { run as checkIn } from '../../functions/bookings/check-in-booking.ts';
import { run as createActivity } from '../../functions/bookings/create-activity.ts';
import { run as createBooking } from '../../functions/bookings/create-booking.ts';
import { run as sweepBookings } from '../../functions/bookings/sweep-bookings.ts';
import { run as getStats } from '../../functions/centers/get-center-stats.ts';
import { run as assign } from '../../functions/service-orders/assign-order.ts';
import { run as completeOrder } from '../../functions/service-orders/complete-service-order.ts';
import { run as createOrder } from '../../functions/service-orders/create-service-order.ts';
import { run as rateOrder } from '../../functions/service-orders/rate-service-order.ts';
import { run as sweepOrders } from '../../functions/service-orders/sweep-service-orders.ts';
import { type Activity, CreateActivitySchema, occurrenceId } from '../../shared/domain/activities.ts';
import type { Principal } from '../../shared/domain/auth.ts';
import { type Booking, CreateBookingSchema } from '../../shared/domain/booking.ts';
import type { Center } from '../../shared/domain/center.ts';
import { COURSE_CATEGORIES } from '../../shared/domain/menus.ts';
import { installOpeningHoursLibrary } from '../../shared/domain/opening-hours.ts';
import { applyChange, type ServiceOrder } from '../../shared/domain/service-order.ts';
import {
  COURSE_ORIGINS,
  type CourseOrigin,
  ratio,
  type StatsAnswer,
  StatsQuery,
  statDay,
} from '../../shared/domain/stats.ts';
import { isoInZone } from '../../shared/domain/zoned-time.ts';
import { listChildren } from '../../shared/store/centers.ts';
import { changeOrder } from '../../shared/store/service-orders.ts';
import { countsOver, statCounterWrites } from '../../shared/store/stats.ts';
import { transact } from '../../shared/store/transact.ts';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';

/**
 * The figures of a subtree against DynamoDB Local on the demo network (Shanghai > Baoshan > 12
 * streets > communities): course deliveries recorded through the counters' write API, and
 * bookings and service orders counted by their real flows, read back through the route.
 */

let platform: TestPlatform;
const TZ = 'Asia/Shanghai';
const admin: Principal = { kind: 'user', sub: 'admin-st', role: 'admin' };
const request = <B>(principal: Principal, body: B, extra: Record<string, unknown> = {}) => ({
  body,
  principal,
  query: undefined,
  params: undefined,
  headers: {},
  requestId: 'test',
  ...extra,
});

async function stats(id: string, query: Record<string, unknown>, principal: Principal = admin) {
  const result = await getStats({
    ...request(principal, undefined),
    params: { id },
    query: StatsQuery.parse(query),
  });
  return result.body as StatsAnswer;
}

/** Today and the days around an instant, as a range that holds them all. */
const around = (...instants: number[]) => ({
  from: statDay(Math.min(...instants) - 86_400_000),
  to: statDay(Math.max(...instants) + 86_400_000),
});

/** A course order's delivery as its store will record it: the order's change, guarded, with its counters. */
function recordDelivery(
  delivery: {
    id: string;
    origin: CourseOrigin;
    category: (typeof COURSE_CATEGORIES)[number];
    attendees: number;
  },
  center: { path: string },
  at: string,
) {
  return transact([
    {
      Put: {
        TableName: process.env.TABLE_MAIN,
        Item: { pk: `TESTDELIVERY#${delivery.id}`, sk: 'META', entity: 'test-delivery' },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    ...statCounterWrites(
      {
        kind: 'courseDelivered',
        origin: delivery.origin,
        category: delivery.category,
        attendees: delivery.attendees,
      },
      center,
      { at, id: delivery.id },
    ),
  ]);
}

beforeAll(async () => {
  platform = await startTestPlatform({ seed: true, pollers: false });
  installOpeningHoursLibrary();
});
afterAll(async () => {
  await platform?.stop();
});

describe('231 course deliveries with 6,338 attendees over the streets of Baoshan', () => {
  let streets: Center[];
  const expected = new Map<string, { courses: number; people: number }>();
  const deliveries: {
    id: string;
    centerId: string;
    attendees: number;
    origin: CourseOrigin;
    path: string;
  }[] = [];

  beforeAll(async () => {
    streets = (await listChildren('c-baoshan', 100)).items;
    const communities = (await Promise.all(streets.map((s) => listChildren(s.id, 100)))).flatMap(
      (p) => p.items,
    );
    expect(streets).toHaveLength(12);
    const at = new Date().toISOString();
    // uneven on purpose: community i takes i % 7 + 1 turns per round, so streets differ
    const turns = communities.flatMap((c, i) => Array.from({ length: (i % 7) + 1 }, () => c));
    for (let i = 0; i < 231; i++) {
      const center = turns[i % turns.length]!;
      const attendees = 27 + (i < 101 ? 1 : 0);
      deliveries.push({
        id: `co-${i}`,
        centerId: center.id,
        attendees,
        origin: COURSE_ORIGINS[i % 3]!,
        path: center.path,
      });
      const street = center.parentId!;
      const sum = expected.get(street) ?? { courses: 0, people: 0 };
      expected.set(street, { courses: sum.courses + 1, people: sum.people + attendees });
    }
    // ten at a time: concurrent transactions on the same district and street buckets
    for (let i = 0; i < deliveries.length; i += 10) {
      await Promise.all(
        deliveries.slice(i, i + 10).map((d, j) =>
          recordDelivery(
            {
              id: d.id,
              origin: d.origin,
              category: COURSE_CATEGORIES[(i + j) % 4]!,
              attendees: d.attendees,
            },
            { path: d.path },
            at,
          ),
        ),
      );
    }
  });

  it('shows exactly 231 courses and 6,338 people at the district and at the city above it', async () => {
    expect(deliveries.reduce((sum, d) => sum + d.attendees, 0)).toBe(6338);
    for (const id of ['c-baoshan', 'c-shanghai']) {
      const answer = await stats(id, {});
      expect(answer.figures.courses.distributed).toBe(231);
      expect(answer.figures.courses.peopleReached).toBe(6338);
      expect(answer.figures.courses.byOrigin.resident.distributed).toBe(77);
      expect(Object.values(answer.figures.courses.byCategory).reduce((s, c) => s + c.distributed, 0)).toBe(
        231,
      );
    }
  });

  it('gives each street its own courses and people and its share of the district with groupBy=child', async () => {
    const answer = await stats('c-baoshan', { groupBy: 'child' });
    if (!('children' in answer)) throw new Error('expected the children');
    expect(answer.children.map((c) => c.center.id).sort()).toEqual(streets.map((s) => s.id).sort());
    for (const child of answer.children) {
      const want = expected.get(child.center.id) ?? { courses: 0, people: 0 };
      expect(child.figures.courses.distributed).toBe(want.courses);
      expect(child.figures.courses.peopleReached).toBe(want.people);
      expect(child.share.coursesDistributed).toBe(ratio(want.courses, 231));
      expect(child.share.peopleReached).toBe(ratio(want.people, 6338));
    }
    expect(new Set(answer.children.map((c) => c.figures.courses.distributed)).size).toBeGreaterThan(1);
    expect(answer.own.figures.courses.distributed).toBe(0);
  });

  it('counts a redelivered delivery once: its guarded write fails and takes its counters with it', async () => {
    const again = deliveries[0]!;
    await expect(
      recordDelivery(
        { id: again.id, origin: again.origin, category: 'problem-solving', attendees: again.attendees },
        { path: again.path },
        new Date().toISOString(),
      ),
    ).rejects.toMatchObject({ name: 'TransactionCanceledException' });
    expect((await stats('c-baoshan', {})).figures.courses).toMatchObject({
      distributed: 231,
      peopleReached: 6338,
    });
  });

  it('counts only the days asked for', async () => {
    const answer = await stats('c-baoshan', { from: '2025-01-01', to: '2025-12-31' });
    expect(answer.figures.courses.distributed).toBe(0);
  });

  it('answers 400 for a range over 366 days and 403 to staff of another subtree', async () => {
    await expect(stats('c-baoshan', { from: '2024-01-01', to: '2025-12-31' })).rejects.toMatchObject({
      status: 400,
    });
    const street: Principal = { kind: 'user', sub: 'staff-yy', role: 'staff', centerId: 'c-youyi' };
    await expect(stats('c-baoshan', {}, street)).rejects.toMatchObject({ status: 403 });
    await expect(stats('c-gucun', {}, street)).rejects.toMatchObject({ status: 403 });
    expect((await stats('c-youyi', {}, street)).center.id).toBe('c-youyi');
  });
});

describe('bookings counted through their flows', () => {
  const staff: Principal = { kind: 'user', sub: 'staff-st', role: 'staff', centerId: 'c-gucun-a' };
  const resident = (sub: string): Principal => ({ kind: 'user', sub, role: 'resident' });
  const book = async (sub: string, body: Record<string, unknown>) =>
    (await createBooking(request(resident(sub), CreateBookingSchema.parse(body)))).body as Booking;

  async function classSoon(seats: number, minutes: number) {
    const start = Date.now() + minutes * 60_000;
    const result = await createActivity({
      ...request(
        staff,
        CreateActivitySchema.parse({
          title: '统计测试课',
          kind: 'party-class',
          start: isoInZone(start, TZ),
          end: isoInZone(start + 3_600_000, TZ),
          seats,
          onHolidays: true,
        }),
      ),
      params: { id: 'c-gucun-a' },
    });
    const activity = result.body as Activity;
    return { start, occurrenceId: occurrenceId(activity.id, start, TZ) };
  }

  it('counts confirmations (booked, promoted), check-ins and no-shows at the center and above, once each', async () => {
    const first = await classSoon(1, 20);
    const seated = await book('st-r1', { occurrenceId: first.occurrenceId });
    const waiting = await book('st-r2', { occurrenceId: first.occurrenceId, waitlist: true });
    expect(waiting.status).toBe('waitlisted');
    await cancelBooking({ ...request(staff, { reason: '临时有事 called away' }), params: { id: seated.id } });
    await checkIn({ ...request(staff, { code: waiting.code }), params: { id: waiting.id } });
    // checking in twice is refused and counts nothing more
    await expect(
      checkIn({ ...request(staff, { code: waiting.code }), params: { id: waiting.id } }),
    ).rejects.toMatchObject({ status: 409 });

    const second = await classSoon(5, 25);
    await book('st-r3', { occurrenceId: second.occurrenceId });
    const sweptAt = second.start + 70 * 60_000;
    await sweepBookings(new Date(sweptAt));
    await sweepBookings(new Date(sweptAt + 60_000));

    const range = around(Date.now(), sweptAt);
    for (const id of ['c-gucun-a', 'c-gucun', 'c-baoshan']) {
      expect(await countsOver(id, range)).toMatchObject({ bookings: 3, checkIns: 1, noShows: 1 });
    }
    expect((await countsOver('c-youyi', range)).bookings).toBeUndefined();
  });
});

describe('service orders counted through their flows', () => {
  const resident: Principal = { kind: 'user', sub: 'st-resident', role: 'resident' };
  const streetStaff: Principal = { kind: 'user', sub: 'st-staff', role: 'staff', centerId: 'c-youyi' };

  async function placedAndAssigned() {
    const placed = await createOrder(
      request(resident, {
        serviceCode: 'social-security-card',
        centerId: 'c-youyi-a',
        attributes: { reason: '遗失 lost', cardHolder: '周先生' },
      }),
    );
    const order = placed.body as ServiceOrder;
    await assign({ orderId: order.id });
    return order;
  }

  it('counts a completion with its people served and a rating, at the handling center and above', async () => {
    const order = await placedAndAssigned();
    await changeOrder(order.id, (o) =>
      applyChange(o, { action: 'accept', by: 'staff st-staff', at: new Date().toISOString() }),
    );
    await completeOrder({
      ...request(streetStaff, { result: '补办完成 reissued', peopleServed: 3 }),
      params: { id: order.id },
    });
    await rateOrder({ ...request(resident, { level: 'satisfied' }), params: { id: order.id } });
    await expect(
      rateOrder({ ...request(resident, { level: 'satisfied' }), params: { id: order.id } }),
    ).rejects.toMatchObject({ status: 409 });

    const answer = await stats('c-youyi', {}, streetStaff);
    expect(answer.figures.services).toEqual({ completed: 1, peopleServed: 3 });
    expect(answer.figures.satisfaction).toMatchObject({ rated: 1, satisfiedOrBetter: 1, rate: 1 });
    expect(answer.figures.satisfaction.byLevel.satisfied).toBe(1);
    expect((await stats('c-baoshan', {})).figures.services.completed).toBe(1);
    // the order is handled at the street, not at the community where it was placed
    expect((await stats('c-youyi-a', {})).figures.services.completed).toBe(0);
  });

  it('counts an order going overdue once, where it missed its limit, though the sweep runs again', async () => {
    await placedAndAssigned();
    const later = Date.now() + 60 * 86_400_000;
    const first = await sweepOrders(new Date(later));
    expect(first.escalated).toBeGreaterThanOrEqual(1);
    await sweepOrders(new Date(later + 60_000));
    const range = around(later);
    expect((await countsOver('c-youyi', range)).overdueOrders).toBe(1);
    expect((await countsOver('c-baoshan', range)).overdueOrders).toBe(1);
  });
});
