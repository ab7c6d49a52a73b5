import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_COURSE } from '../../shared/domain/menus.ts';
import { instantOf, isoInZone, wallClock } from '../../shared/domain/zoned-time.ts';
import { type ApiClient, pollUntil, startTestPlatform, type TestPlatform } from '../support/platform.ts';

/**
 * Course-distribution orders through the local HTTP API on the seeded demo network, after a
 * course menu pushed from the district reached its centers through the queues: each of the three
 * origins runs its whole lifecycle (requested -> scheduled -> delivered -> rated), one order is
 * cancelled (freeing its room) and one declined; refused input is a problem and stores nothing.
 * Every answer is checked against the OpenAPI document.
 */

let platform: TestPlatform;
let districtStaff: ApiClient;
let youyiStaff: ApiClient;
let wusongAStaff: ApiClient;
let admin: ApiClient;
let menuId: string;
const TZ = 'Asia/Shanghai';

interface OrderView {
  id: string;
  origin: string;
  status: string;
  version: number;
  centerId: string;
  providerCenterId: string;
  schedule?: { start: string; end: string; lecturer: string; roomId?: string };
  attendance?: { headcount: number; checkedIn?: string[] };
  rating?: { level: string };
  reason?: string;
  history: { action: string; by: string; from: string | null; to: string; note?: string }[];
}
type Page<T> = { items: T[]; nextCursor: string | null };

const dayFromToday = (days: number) => {
  const today = wallClock(Date.now(), TZ).date;
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};
const at = (days: number, hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return isoInZone(instantOf(dayFromToday(days), h! * 60 + m!, TZ), TZ);
};

const staffOf = async (centerId: string) =>
  platform.api(await platform.mintToken({ role: 'staff', centerId, sub: `staff-${centerId}` }));
const residentNamed = async (sub: string) =>
  platform.api(await platform.mintToken({ role: 'resident', sub }));

/** Runs an action and checks it answered 200 with the status it leads to and the new ETag. */
async function act(client: ApiClient, id: string, action: string, body: unknown, status: string) {
  const res = await client.post<OrderView>(`/course-orders/${id}/${action}`, body);
  expect(res.status, `${action}: ${res.text}`).toBe(200);
  expect(res.json.status).toBe(status);
  expect(res.headers.get('etag')).toBe(`"${res.json.version}"`);
  return res.json;
}

beforeAll(async () => {
  platform = await startTestPlatform({ seed: true });
  districtStaff = await staffOf('c-baoshan');
  youyiStaff = await staffOf('c-youyi');
  wusongAStaff = await staffOf('c-wusong-a');
  admin = platform.api(await platform.mintToken({ role: 'admin' }));
  const pushed = await districtStaff.post<{ menuId: string }>('/centers/c-baoshan/menus', {
    content: EXAMPLE_COURSE,
  });
  expect(pushed.status).toBe(202);
  menuId = pushed.json.menuId;
  for (const centerId of ['c-youyi', 'c-youyi-a', 'c-youyi-b', 'c-wusong-a', 'c-zhangmiao-a']) {
    await pollUntil(
      async () => {
        const { json } = await admin.get<Page<{ menuId: string }>>(`/centers/${centerId}/menus?limit=100`);
        return json.items.some((copy) => copy.menuId === menuId) || undefined;
      },
      { timeoutMs: 20_000, description: `menu ${menuId} at ${centerId}` },
    );
  }
});
afterAll(async () => {
  await platform?.stop();
});

describe('the three origins, each through its whole lifecycle', () => {
  it('resident: asked at the community, given by the district in the community hall, rated by the resident', async () => {
    const resident = await residentNamed('resident-zhou');
    const placed = await resident.post<OrderView>(
      '/course-orders',
      { menuId, centerId: 'c-youyi-a', origin: 'resident', note: 'Saturday mornings suit us' },
      { headers: { 'idempotency-key': 'zhou-course-1' } },
    );
    expect(placed.status).toBe(201);
    expect(placed.headers.get('location')).toBe(`/course-orders/${placed.json.id}`);
    expect(placed.json).toMatchObject({
      status: 'requested',
      providerCenterId: 'c-baoshan',
      centerId: 'c-youyi-a',
    });
    const replay = await resident.post<OrderView>(
      '/course-orders',
      { menuId, centerId: 'c-youyi-a', origin: 'resident', note: 'Saturday mornings suit us' },
      { headers: { 'idempotency-key': 'zhou-course-1' } },
    );
    expect(replay.json.id).toBe(placed.json.id);

    const id = placed.json.id;
    const scheduled = await act(
      districtStaff,
      id,
      'schedule',
      { start: at(2, '10:00'), roomId: 'r-youyi-a-1' },
      'scheduled',
    );
    expect(scheduled.schedule).toMatchObject({ roomId: 'r-youyi-a-1', lecturer: EXAMPLE_COURSE.lecturer });
    expect(Date.parse(scheduled.schedule!.end) - Date.parse(scheduled.schedule!.start)).toBe(90 * 60_000);
    await act(districtStaff, id, 'deliver', { headcount: 26, checkedIn: ['resident-zhou'] }, 'delivered');
    const rated = await act(resident, id, 'rating', { level: 'very-satisfied', comment: '讲得好' }, 'rated');
    expect(rated.attendance).toMatchObject({ headcount: 26, checkedIn: ['resident-zhou'] });

    const { json } = await resident.get<OrderView>(`/course-orders/${id}`);
    expect(json.history.map((h) => [h.action, h.by, h.to])).toEqual([
      ['request', 'resident resident-zhou', 'requested'],
      ['schedule', 'staff staff-c-baoshan', 'scheduled'],
      ['deliver', 'staff staff-c-baoshan', 'delivered'],
      ['rate', 'resident resident-zhou', 'rated'],
    ]);
    const mine = await resident.get<Page<OrderView>>('/me/course-orders');
    expect(mine.json.items.map((o) => o.id)).toEqual([id]);
  });

  it('township: ordered by the street for its communities, held in the street hall, rated by the street', async () => {
    const placed = await youyiStaff.post<OrderView>('/course-orders', {
      menuId,
      centerId: 'c-youyi',
      origin: 'township',
    });
    expect(placed.status).toBe(201);
    const id = placed.json.id;
    await act(
      districtStaff,
      id,
      'schedule',
      { start: at(3, '10:00'), roomId: 'r-youyi-1', lecturer: '李老师' },
      'scheduled',
    );
    // the street orders, the district gives: the street may not record the delivery
    expect((await youyiStaff.post(`/course-orders/${id}/deliver`, { headcount: 60 })).status).toBe(403);
    await act(districtStaff, id, 'deliver', { headcount: 60 }, 'delivered');
    const rated = await act(youyiStaff, id, 'rating', { level: 'satisfied' }, 'rated');
    expect(rated.schedule?.lecturer).toBe('李老师');

    const byState = await districtStaff.get<Page<OrderView>>(
      '/centers/c-youyi/course-orders?role=orderer&status=rated',
    );
    expect(byState.json.items.map((o) => o.id)).toContain(id);
  });

  it('college: dispatched by the district to a community, rated by the community’s staff', async () => {
    const placed = await districtStaff.post<OrderView>('/course-orders', {
      menuId,
      centerId: 'c-wusong-a',
      origin: 'college',
    });
    expect(placed.status).toBe(201);
    const id = placed.json.id;
    await act(districtStaff, id, 'schedule', { start: at(2, '14:00'), roomId: 'r-wusong-a-1' }, 'scheduled');
    await act(districtStaff, id, 'deliver', { headcount: 18 }, 'delivered');
    await act(wusongAStaff, id, 'rating', { level: 'neutral', comment: 'too long' }, 'rated');

    const provided = await districtStaff.get<Page<OrderView>>(
      '/centers/c-baoshan/course-orders?role=provider&status=rated',
    );
    expect(provided.json.items.map((o) => o.origin).sort()).toEqual(['college', 'resident', 'township']);
  });
});

describe('the figures of the orders above', () => {
  it('add up at the district what the three deliveries recorded, by origin, category and rating', async () => {
    type Split = { distributed: number; peopleReached: number };
    type Figures = {
      courses: Split & { byOrigin: Record<string, Split>; byCategory: Record<string, Split> };
      satisfaction: { byLevel: Record<string, number>; courses: { rated: number; rate: number | null } };
    };
    const res = await districtStaff.get<{
      figures: Figures;
      children: { center: { id: string }; figures: Figures; share: { coursesDistributed: number | null } }[];
    }>('/centers/c-baoshan/stats?groupBy=child');
    expect(res.status, res.text).toBe(200);
    const { courses, satisfaction } = res.json.figures;
    expect(courses).toMatchObject({
      distributed: 3,
      peopleReached: 26 + 60 + 18,
      byOrigin: {
        resident: { distributed: 1, peopleReached: 26 },
        township: { distributed: 1, peopleReached: 60 },
        college: { distributed: 1, peopleReached: 18 },
      },
    });
    expect(courses.byCategory[EXAMPLE_COURSE.category]).toEqual({ distributed: 3, peopleReached: 104 });
    expect(satisfaction.courses).toEqual({ rated: 3, rate: 0.6667 });
    expect(satisfaction.byLevel).toMatchObject({ 'very-satisfied': 1, satisfied: 1, neutral: 1 });
    // counted where the course was received: two under Youyi road, one under Wusong
    const child = (id: string) => res.json.children.find((c) => c.center.id === id);
    expect(child('c-youyi')?.figures.courses.distributed).toBe(2);
    expect(child('c-youyi')?.share.coursesDistributed).toBe(0.6667);
    expect(child('c-wusong')?.figures.courses.peopleReached).toBe(18);
  });
});

describe('orders that end early', () => {
  it('cancelled by the resident once scheduled: the room is free again for another course', async () => {
    const resident = await residentNamed('resident-wang');
    const placed = await resident.post<OrderView>('/course-orders', {
      menuId,
      centerId: 'c-youyi-b',
      origin: 'resident',
    });
    const slot = { start: at(4, '10:00'), roomId: 'r-youyi-b-1' };
    await act(districtStaff, placed.json.id, 'schedule', slot, 'scheduled');
    const other = await youyiStaff.post<OrderView>('/course-orders', {
      menuId,
      centerId: 'c-youyi-b',
      origin: 'college',
    });
    expect(other.status).toBe(403);

    const dispatched = await districtStaff.post<OrderView>('/course-orders', {
      menuId,
      centerId: 'c-youyi-b',
      origin: 'college',
    });
    const taken = await districtStaff.post(`/course-orders/${dispatched.json.id}/schedule`, slot);
    expect(taken.status).toBe(409);
    expect(taken.headers.get('content-type')).toContain('application/problem+json');

    const cancelled = await act(
      resident,
      placed.json.id,
      'cancel',
      { reason: '家里有事 family matters' },
      'cancelled',
    );
    expect(cancelled.reason).toBe('家里有事 family matters');
    await act(districtStaff, dispatched.json.id, 'schedule', slot, 'scheduled');
  });

  it('declined by the district with the reason, which the resident reads on the order', async () => {
    const resident = await residentNamed('resident-chen');
    const placed = await resident.post<OrderView>('/course-orders', {
      menuId,
      centerId: 'c-zhangmiao-a',
      origin: 'resident',
    });
    const declined = await act(
      districtStaff,
      placed.json.id,
      'decline',
      { reason: 'no lecturer this month' },
      'declined',
    );
    expect(declined.history.at(-1)).toMatchObject({
      action: 'decline',
      from: 'requested',
      note: 'no lecturer this month',
    });
    const stale = await resident.post(`/course-orders/${placed.json.id}/cancel`, { reason: 'too late' });
    expect(stale.status).toBe(409);
    const { json } = await resident.get<OrderView>(`/course-orders/${placed.json.id}`);
    expect(json).toMatchObject({ status: 'declined', reason: 'no lecturer this month' });
  });
});

describe('refused requests', () => {
  it('answers problems and stores nothing for bad input, a wrong caller or a stale If-Match', async () => {
    const resident = await residentNamed('resident-refused');
    const missing = await resident.post('/course-orders', { centerId: 'c-youyi-a', origin: 'resident' });
    expect(missing.status).toBe(400);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
    const atStreet = await resident.post<{ errors: { field: string }[] }>('/course-orders', {
      menuId,
      centerId: 'c-youyi',
      origin: 'resident',
    });
    expect(atStreet.status).toBe(400);
    expect(atStreet.json.errors.map((e) => e.field)).toEqual(['centerId']);
    expect(
      (await resident.post('/course-orders', { menuId, centerId: 'c-youyi', origin: 'township' })).status,
    ).toBe(403);
    // the caller could not place it anyway: 403 before the unknown center is looked up
    const unknown = await resident.post('/course-orders', {
      menuId,
      centerId: 'c-nowhere',
      origin: 'college',
    });
    expect(unknown.status).toBe(403);
    expect((await resident.get<Page<OrderView>>('/me/course-orders')).json.items).toEqual([]);

    const placed = await resident.post<OrderView>('/course-orders', {
      menuId,
      centerId: 'c-youyi-a',
      origin: 'resident',
    });
    const stale = await districtStaff.post(
      `/course-orders/${placed.json.id}/schedule`,
      { start: at(5, '10:00'), roomId: 'r-youyi-a-1' },
      { headers: { 'if-match': '"9"' } },
    );
    expect(stale.status).toBe(412);
    expect((await resident.post(`/course-orders/${placed.json.id}/decline`, { reason: 'x' })).status).toBe(
      403,
    );
    expect((await resident.get<OrderView>(`/course-orders/${placed.json.id}`)).json.version).toBe(1);
  });
});
