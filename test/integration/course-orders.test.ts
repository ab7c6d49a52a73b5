import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as createBooking } from '../../functions/bookings/create-booking.ts';
import { run as cancelOrder } from '../../functions/course-orders/cancel-course-order.ts';
import { run as createOrder } from '../../functions/course-orders/create-course-order.ts';
import { run as listCenterOrders } from '../../functions/course-orders/list-center-course-orders.ts';
import { run as listMine } from '../../functions/course-orders/list-my-course-orders.ts';
import { run as scheduleOrder } from '../../functions/course-orders/schedule-course-order.ts';
import { run as pushMenu } from '../../functions/menus/push-menu.ts';
import type { Principal } from '../../shared/domain/auth.ts';
import { CreateBookingSchema } from '../../shared/domain/booking.ts';
import type { CourseOrder } from '../../shared/domain/course-order.ts';
import {
  CenterCourseOrdersQuery,
  CreateCourseOrderSchema,
  MyCourseOrdersQuery,
} from '../../shared/domain/course-order-requests.ts';
import { DomainError } from '../../shared/domain/errors.ts';
import { decide } from '../../shared/domain/menu-copy.ts';
import { EXAMPLE_COURSE } from '../../shared/domain/menus.ts';
import { instantOf, isoInZone, wallClock } from '../../shared/domain/zoned-time.ts';
import { roomCellsBetween } from '../../shared/store/bookings.ts';
import { requireCenter } from '../../shared/store/centers.ts';
import { getCourseOrder } from '../../shared/store/course-orders.ts';
import { deliverToCenter, getCopy, putDecision, requireMenu } from '../../shared/store/menus.ts';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';

/**
 * Course orders against DynamoDB Local on the seeded demo network, the route functions called
 * directly: racing schedules of one room slot (and a resident's booking of it), replayed creates,
 * stale If-Match, refused input that stores nothing, and a cancellation that frees the room.
 */

let platform: TestPlatform;
const TZ = 'Asia/Shanghai';
const COMMUNITY = 'c-youyi-a';
const HALL = 'r-youyi-a-1';
const admin: Principal = { kind: 'user', sub: 'admin-co', role: 'admin' };
const districtStaff: Principal = { kind: 'user', sub: 'staff-baoshan', role: 'staff', centerId: 'c-baoshan' };
const resident = (sub: string): Principal => ({ kind: 'user', sub, role: 'resident' });
let menuId: string;

const request = <B, P = undefined>(
  principal: Principal,
  body: B,
  params?: P,
  extra: Record<string, unknown> = {},
) => ({
  body,
  principal,
  query: undefined,
  params: params as P,
  headers: {},
  requestId: 'test',
  ...extra,
});

const dayFromToday = (days: number) => {
  const today = wallClock(Date.now(), TZ).date;
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};
const localIso = (date: string, hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return isoInZone(instantOf(date, h! * 60 + m!, TZ), TZ);
};

async function refusal(attempt: Promise<unknown>): Promise<DomainError> {
  try {
    await attempt;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

async function place(sub: string, extra: Record<string, unknown> = {}): Promise<CourseOrder> {
  const body = CreateCourseOrderSchema.parse({ menuId, centerId: COMMUNITY, origin: 'resident', ...extra });
  const result = await createOrder(request(resident(sub), body));
  expect(result.status).toBe(201);
  return result.body as CourseOrder;
}

const schedule = (id: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  scheduleOrder({ ...request(districtStaff, body as never, { id }), headers });

beforeAll(async () => {
  platform = await startTestPlatform({ seed: true, pollers: false });
  const pushed = await pushMenu(request(admin, { content: EXAMPLE_COURSE, scope: {} }, { id: 'c-baoshan' }));
  menuId = (pushed.body as { menuId: string }).menuId;
  // the fan-out's own tests cover the queues: here the copies are delivered to a few centers directly
  const menu = await requireMenu(menuId);
  const now = new Date().toISOString();
  for (const centerId of [COMMUNITY, 'c-youyi-b', 'c-youyi']) await deliverToCenter(menu, 1, centerId, now);
});
afterAll(async () => {
  await platform?.stop();
});

describe('scheduling a room slot', () => {
  const date = dayFromToday(2);

  it('lets one of two orders scheduled in the same room slot at once win; the other gets 409', async () => {
    const [a, b] = await Promise.all([place('res-race-a'), place('res-race-b')]);
    const slot = { start: localIso(date, '09:00'), roomId: HALL };
    const results = await Promise.allSettled([schedule(a.id, slot), schedule(b.id, slot)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const loser = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((loser.reason as DomainError).status).toBe(409);
    const states = await Promise.all([a.id, b.id].map(async (id) => (await getCourseOrder(id))?.status));
    expect(states.sort()).toEqual(['requested', 'scheduled']);
  });

  it('lets one of two schedules of the same order win; the other is told it is scheduled', async () => {
    const order = await place('res-twice');
    const results = await Promise.allSettled([
      schedule(order.id, { start: localIso(date, '11:00'), roomId: HALL }),
      schedule(order.id, { start: localIso(date, '13:00'), roomId: HALL }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const loser = (results.find((r) => r.status === 'rejected') as PromiseRejectedResult)
      .reason as DomainError;
    expect(loser.status).toBe(409);
    expect(loser.message).toContain('that is scheduled');
    // only the winner's cells are taken: the loser's slot is still free
    const stored = await getCourseOrder(order.id);
    const loserStart = stored?.schedule?.start === localIso(date, '11:00') ? '13:00' : '11:00';
    const cells = await roomCellsBetween(
      COMMUNITY,
      HALL,
      Date.parse(localIso(date, loserStart)),
      Date.parse(localIso(date, loserStart)) + 89 * 60_000,
    );
    expect(cells.size).toBe(0);
  });

  it('keeps a resident from booking the room a course holds, and a course from a booked room', async () => {
    const order = await place('res-vs-booking');
    await schedule(order.id, { start: localIso(date, '15:00'), roomId: HALL });
    const booking = CreateBookingSchema.parse({
      centerId: COMMUNITY,
      roomId: HALL,
      start: localIso(date, '15:30'),
      end: localIso(date, '16:30'),
    });
    expect((await refusal(createBooking(request(resident('res-booker'), booking)))).status).toBe(409);

    const later = dayFromToday(3);
    const booked = CreateBookingSchema.parse({
      centerId: COMMUNITY,
      roomId: HALL,
      start: localIso(later, '10:00'),
      end: localIso(later, '11:00'),
      partySize: 2,
    });
    await createBooking(request(resident('res-booker'), booked));
    const second = await place('res-vs-booking-2');
    const taken = await refusal(schedule(second.id, { start: localIso(later, '10:30'), roomId: HALL }));
    expect(taken.status).toBe(409);
    expect(taken.message).toContain('is booked at that time');
    expect((await getCourseOrder(second.id))?.status).toBe('requested');
  });

  it('frees the room when a scheduled order is cancelled, so another course can have the slot', async () => {
    const [first, second] = await Promise.all([place('res-free-a'), place('res-free-b')]);
    const slot = { start: localIso(dayFromToday(4), '09:30'), roomId: HALL };
    await schedule(first.id, slot);
    expect((await refusal(schedule(second.id, slot))).status).toBe(409);

    const cancelled = await cancelOrder(
      request(resident('res-free-a'), { reason: 'moved house' }, { id: first.id }),
    );
    expect(cancelled.body).toMatchObject({ status: 'cancelled', reason: 'moved house' });
    const rescheduled = await schedule(second.id, slot);
    expect(rescheduled.body).toMatchObject({ status: 'scheduled', schedule: { roomId: HALL } });
  });

  it('checks the slot against the room’s booking rules and the center’s hours first (400)', async () => {
    const order = await place('res-rules');
    const outside = await refusal(schedule(order.id, { start: localIso(date, '21:00'), roomId: HALL }));
    expect(outside.status).toBe(400);
    expect(outside.message).toContain('outside the opening hours');
    const tooLong = await refusal(
      schedule(order.id, { start: localIso(date, '09:00'), end: localIso(date, '13:00'), roomId: HALL }),
    );
    expect(tooLong.message).toContain('at most 180 minutes');
    const onSiteWithoutRoom = await refusal(schedule(order.id, { start: localIso(date, '09:00') }));
    expect(onSiteWithoutRoom.status).toBe(400);
    expect((await getCourseOrder(order.id))?.version).toBe(1);
  });

  it('tells a schedule of an order already scheduled that it is, whatever its slot (409, not 400)', async () => {
    const order = await place('res-scheduled-again');
    await schedule(order.id, { start: localIso(dayFromToday(6), '09:00'), roomId: HALL });
    const again = await refusal(schedule(order.id, { start: localIso(date, '21:00'), roomId: HALL }));
    expect(again.status).toBe(409);
    expect(again.message).toContain('that is scheduled');
  });
});

describe('placing and changing orders', () => {
  it('creates one order for a create replayed with the same Idempotency-Key, even at once', async () => {
    const body = CreateCourseOrderSchema.parse({ menuId, centerId: COMMUNITY, origin: 'resident' });
    const key = 'POST /course-orders|user:res-idem|key-1';
    const results = await Promise.all(
      [0, 1, 2].map(() =>
        createOrder(request(resident('res-idem'), body, undefined, { idempotencyKey: key })),
      ),
    );
    const ids = new Set(results.map((r) => (r.body as CourseOrder).id));
    expect(ids.size).toBe(1);
    const mine = await listMine({
      ...request(resident('res-idem'), undefined),
      query: MyCourseOrdersQuery.parse({}),
    });
    expect((mine.body as { items: CourseOrder[] }).items).toHaveLength(1);
  });

  it('refuses a stale If-Match with 412 and changes nothing', async () => {
    const order = await place('res-stale');
    const stale = await refusal(
      schedule(order.id, { start: localIso(dayFromToday(5), '09:00'), roomId: HALL }, { 'if-match': '"7"' }),
    );
    expect(stale.status).toBe(412);
    expect((await getCourseOrder(order.id))?.version).toBe(1);
    const fresh = await schedule(
      order.id,
      { start: localIso(dayFromToday(5), '09:00'), roomId: HALL },
      { 'if-match': '"1"' },
    );
    expect((fresh.body as CourseOrder).version).toBe(2);
  });

  it('stores nothing for a center that never received the menu, a street asked as a resident, or a declined copy', async () => {
    const sub = 'res-refused';
    const cases = [
      { centerId: 'c-wusong-a', origin: 'resident' },
      { centerId: 'c-youyi', origin: 'resident' },
      { centerId: 'c-nowhere', origin: 'resident' },
    ];
    for (const extra of cases) {
      const body = CreateCourseOrderSchema.parse({ menuId, ...extra });
      expect((await refusal(createOrder(request(resident(sub), body)))).status).toBe(400);
    }
    const copy = await getCopy('c-youyi-b', menuId);
    await putDecision(
      decide(copy!, { state: 'declined', reason: 'no hall' }, 'staff x', new Date().toISOString()),
      copy!,
      (await requireCenter('c-youyi-b')).path,
    );
    const declined = CreateCourseOrderSchema.parse({ menuId, centerId: 'c-youyi-b', origin: 'resident' });
    expect((await refusal(createOrder(request(resident(sub), declined)))).status).toBe(409);

    const mine = await listMine({
      ...request(resident(sub), undefined),
      query: MyCourseOrdersQuery.parse({}),
    });
    expect((mine.body as { items: CourseOrder[] }).items).toEqual([]);
  });

  it('lists a center’s orders by status for the provider and the orderer, in pages', async () => {
    await place('res-listed');
    const query = (extra: Record<string, string>) => CenterCourseOrdersQuery.parse({ limit: '2', ...extra });
    const asOrderer = await listCenterOrders({
      ...request(districtStaff, undefined, { id: COMMUNITY }),
      query: query({ role: 'orderer', status: 'requested' }),
    });
    const page = asOrderer.body as { items: CourseOrder[]; nextCursor: string | null };
    expect(page.items).toHaveLength(2);
    expect(page.items.every((o) => o.status === 'requested' && o.centerId === COMMUNITY)).toBe(true);
    expect(page.nextCursor).not.toBeNull();

    const asProvider = await listCenterOrders({
      ...request(districtStaff, undefined, { id: 'c-baoshan' }),
      query: query({ role: 'provider' }),
    });
    const first = (asProvider.body as { items: CourseOrder[] }).items;
    expect(first.every((o) => o.providerCenterId === 'c-baoshan')).toBe(true);
    // lifecycle order: requested ones come before the scheduled and the cancelled ones
    expect(first[0]?.status).toBe('requested');
  });
});
