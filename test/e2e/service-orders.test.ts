import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceOrder } from '../../shared/domain/service-order.ts';
import type { Service } from '../../shared/domain/service-order-requests.ts';
import { db } from '../../shared/store/client.ts';
import { keys } from '../../shared/store/keys.ts';
import { type ApiClient, pollUntil, startTestPlatform, type TestPlatform } from '../support/platform.ts';

/**
 * Service orders through the local HTTP API, the level queues (fauxqs) and their consumers, on the
 * seeded demo network and catalog: a service of each level from order to rating, routing from
 * above by location, follow-ups, the overdue sweep, guarded transitions and refused input.
 */

let platform: TestPlatform;
let admin: ApiClient;
let resident: ApiClient;
let otherResident: ApiClient;
const staff = new Map<string, ApiClient>();

type Page<T> = { items: T[]; nextCursor: string | null };
type Problem = {
  type: string;
  status: number;
  detail: string;
  orderStatus?: string;
  allowedFrom?: string[];
  currentVersion?: number;
  errors?: { field: string; message: string }[];
};

async function staffOf(centerId: string, sub = `staff-${centerId}`): Promise<ApiClient> {
  const key = `${centerId}|${sub}`;
  let client = staff.get(key);
  if (!client) {
    client = platform.api(await platform.mintToken({ role: 'staff', centerId, sub }));
    staff.set(key, client);
  }
  return client;
}

const ATTRIBUTES: Record<string, Record<string, unknown>> = {
  'red-agency': { matter: '代领老年卡', pickup: '上门 at home' },
  'social-security-card': { reason: '遗失 lost', cardHolder: '王阿姨' },
  'legal-aid-application': { caseType: '民事 civil', summary: '欠薪', monthlyIncome: 2500 },
  'cross-province-org-transfer': {
    fromProvince: '江苏',
    fromOrganisation: '南京某支部',
    joinedOn: '2015-07-01',
  },
  'complaint-and-suggestion': { kind: '投诉 complaint', content: '路灯坏了' },
};

async function order(
  serviceCode: string,
  centerId: string,
  extra: Record<string, unknown> = {},
  client: ApiClient = resident,
) {
  const res = await client.post<ServiceOrder>('/service-orders', {
    serviceCode,
    centerId,
    attributes: ATTRIBUTES[serviceCode],
    ...extra,
  });
  expect(res.status, res.text).toBe(201);
  return res.json;
}

async function assigned(id: string): Promise<ServiceOrder> {
  return pollUntil(
    async () => {
      const res = await admin.get<ServiceOrder>(`/service-orders/${id}`);
      return res.json.status === 'assigned' ? res.json : undefined;
    },
    { timeoutMs: 15_000, description: `order ${id} assigned` },
  );
}

/** Time passing: moves the order's deadline into the past, as the sweep would see it later. */
async function backdate(id: string, dueAt: string): Promise<void> {
  const table = platform.resources.tables.main!;
  const { Item } = await db().send(new GetCommand({ TableName: table, Key: keys.serviceOrder(id) }));
  const utc = new Date(dueAt).toISOString();
  await db().send(
    new PutCommand({
      TableName: table,
      Item: { ...Item, dueAt, escalateAt: utc, gsi4sk: `${utc}#${id}` },
    }),
  );
}

beforeAll(async () => {
  platform = await startTestPlatform({ seed: true });
  admin = platform.api(await platform.mintToken({ role: 'admin' }));
  resident = platform.api(await platform.mintToken({ role: 'resident', sub: 'resident-wang' }));
  otherResident = platform.api(await platform.mintToken({ role: 'resident', sub: 'resident-li' }));
  // deadlines late in a year reach into the next one: give the tests a calendar for it if none is known
  const next = new Date().getUTCFullYear() + 1;
  if ((await admin.get(`/calendars/${next}`)).status === 404) {
    const put = await admin.request('PUT', `/calendars/${next}`, {
      body: { holidays: {}, workdays: {} },
      headers: { 'if-match': '"0"' },
    });
    expect(put.status, put.text).toBe(200);
  }
});
afterAll(async () => {
  await platform?.stop();
});

describe('GET /services', () => {
  it('lists the seeded catalog over all four levels, with attributes, limits and guides', async () => {
    const res = await resident.get<Page<Service>>('/services?limit=100');
    expect(res.status, res.text).toBe(200);
    const levels = new Set(res.json.items.map((s) => s.handlingLevel));
    expect([...levels].sort()).toEqual(['city', 'community', 'district', 'street']);
    const agency = res.json.items.find((s) => s.code === 'red-agency')!;
    expect(agency).toMatchObject({
      category: 'help-and-agency',
      handlingLevel: 'community',
      timeLimit: { unit: 'working-days', value: 3 },
      guide: { cost: '免费 free' },
    });
    expect(agency.attributes.map((a) => [a.code, a.type])).toEqual([
      ['matter', 'string'],
      ['pickup', 'single'],
    ]);
    const district = await resident.get<Page<Service>>('/services?handlingLevel=district');
    expect(district.json.items.every((s) => s.handlingLevel === 'district')).toBe(true);
    expect(district.json.items.length).toBeGreaterThan(0);
  });

  it('lets admins add a service with If-Match "0" and replace it with its version; others get 403', async () => {
    const definition = {
      name: '测试服务 Test service',
      category: 'consultation-and-complaints',
      handlingLevel: 'street',
      timeLimit: { unit: 'hours', value: 48 },
      attributes: [{ type: 'string', code: 'topic', label: 'Topic' }],
    };
    expect(
      (
        await resident.request('PUT', '/services/test-svc', {
          body: definition,
          headers: { 'if-match': '"0"' },
        })
      ).status,
    ).toBe(403);
    const missing = await admin.request('PUT', '/services/test-svc', { body: definition });
    expect(missing.status).toBe(428);
    const createdRes = await admin.request<Service>('PUT', '/services/test-svc', {
      body: definition,
      headers: { 'if-match': '"0"' },
    });
    expect(createdRes.status, createdRes.text).toBe(201);
    expect(createdRes.json).toMatchObject({ code: 'test-svc', version: 1, active: true });
    const stale = await admin.request('PUT', '/services/test-svc', {
      body: definition,
      headers: { 'if-match': '"0"' },
    });
    expect(stale.status).toBe(412);
    const replaced = await admin.request<Service>('PUT', '/services/test-svc', {
      body: { ...definition, active: false },
      headers: { 'if-match': '"1"' },
    });
    expect(replaced.status, replaced.text).toBe(200);
    expect(replaced.headers.get('etag')).toBe('"2"');
    const got = await resident.get<Service>('/services/test-svc');
    expect(got.json.active).toBe(false);
    const listed = await resident.get<Page<Service>>('/services?limit=100');
    expect(listed.json.items.map((s) => s.code)).not.toContain('test-svc');
    // an inactive service cannot be ordered
    const refused = await resident.post<Problem>('/service-orders', {
      serviceCode: 'test-svc',
      centerId: 'c-youyi-a',
      attributes: { topic: 'x' },
    });
    expect(refused.status).toBe(400);
    expect(refused.json.errors?.map((e) => e.field)).toEqual(['serviceCode']);
  });
});

describe('the journey of an order, for a service of each level', () => {
  it.each([
    ['community', 'red-agency', 'c-youyi-a', 'c-youyi-a'],
    ['street', 'social-security-card', 'c-youyi-a', 'c-youyi'],
    ['district', 'legal-aid-application', 'c-wusong-b', 'c-baoshan'],
    ['city', 'cross-province-org-transfer', 'c-gucun-post', 'c-shanghai'],
  ])(
    '%s: %s ordered at %s is assigned to %s, taken, completed and rated',
    async (level, code, intake, handler) => {
      const placed = await order(code, intake);
      expect(placed).toMatchObject({
        status: 'submitted',
        handlingLevel: level,
        intakeCenterId: intake,
        residentSub: 'resident-wang',
        overdue: false,
        escalations: 0,
        version: 1,
      });
      expect(placed.dueAt).toMatch(/\+08:00$/);
      expect(Date.parse(placed.dueAt!)).toBeGreaterThan(Date.now());

      const routed = await assigned(placed.id);
      expect(routed).toMatchObject({ assignedCenterId: handler, routing: { kind: 'ancestor' } });
      expect(routed.assignedAt).toBeDefined();

      const handlerStaff = await staffOf(handler);
      const listed = await handlerStaff.get<Page<ServiceOrder>>(
        `/centers/${handler}/service-orders?status=assigned&limit=100`,
      );
      expect(listed.json.items.map((o) => o.id)).toContain(placed.id);

      const accepted = await handlerStaff.post<ServiceOrder>(`/service-orders/${placed.id}/accept`, {});
      expect(accepted.status, accepted.text).toBe(200);
      expect(accepted.json).toMatchObject({ status: 'accepted', acceptedBy: `staff staff-${handler}` });
      const completed = await handlerStaff.post<ServiceOrder>(`/service-orders/${placed.id}/complete`, {
        result: '已办结 done',
      });
      expect(completed.json).toMatchObject({ status: 'completed', result: '已办结 done' });
      const rated = await resident.post<ServiceOrder>(`/service-orders/${placed.id}/rating`, {
        level: 'very-satisfied',
        comment: '很快',
      });
      expect(rated.status, rated.text).toBe(200);
      expect(rated.json).toMatchObject({
        status: 'rated',
        rating: { level: 'very-satisfied', comment: '很快' },
      });
      expect(rated.json.followUp).toBeUndefined();
      expect(rated.json.history.map((h) => [h.action, h.to])).toEqual([
        ['submit', 'submitted'],
        ['assign', 'assigned'],
        ['accept', 'accepted'],
        ['complete', 'completed'],
        ['rate', 'rated'],
      ]);
      expect(rated.json.history.map((h) => h.by)).toEqual([
        'resident resident-wang',
        'system',
        `staff staff-${handler}`,
        `staff staff-${handler}`,
        'resident resident-wang',
      ]);

      const mine = await resident.get<Page<ServiceOrder>>('/me/service-orders?limit=100');
      expect(mine.json.items.find((o) => o.id === placed.id)?.status).toBe('rated');
    },
  );

  it('routes an order placed above the handling level to the center whose area covers the resident', async () => {
    // a community service ordered at the district center by a resident standing at Wusong's first community
    const placed = await order('red-agency', 'c-baoshan', { location: { lat: 31.384, lon: 121.502 } });
    const routed = await assigned(placed.id);
    expect(routed.assignedCenterId).toBe('c-wusong-a');
    expect(routed.routing).toMatchObject({ kind: 'covering', distanceMeters: 0 });
    // a street service ordered at the city center, near Gucun town
    const street = await order('social-security-card', 'c-shanghai', {
      location: { lat: 31.354, lon: 121.381 },
    });
    expect((await assigned(street.id)).assignedCenterId).toBe('c-gucun');
  });

  it('keeps an order at the intake center when no center covers the location, for staff to transfer', async () => {
    const placed = await order('red-agency', 'c-baoshan', { location: { lat: 31.0, lon: 121.0 } });
    const routed = await assigned(placed.id);
    expect(routed).toMatchObject({ assignedCenterId: 'c-baoshan', routing: { kind: 'unroutable' } });
    const district = await staffOf('c-baoshan');
    const moved = await district.post<ServiceOrder>(`/service-orders/${placed.id}/transfer`, {
      centerId: 'c-youyi-b',
      reason: '居民住在友谊路第二居民区',
    });
    expect(moved.status, moved.text).toBe(200);
    expect(moved.json).toMatchObject({ status: 'assigned', assignedCenterId: 'c-youyi-b' });
    expect(moved.json.history.at(-1)).toMatchObject({
      action: 'transfer',
      by: 'staff staff-c-baoshan',
      centerId: 'c-youyi-b',
      note: 'from c-baoshan to c-youyi-b: 居民住在友谊路第二居民区',
    });
    // now staff of the community can take it
    const community = await staffOf('c-youyi-b');
    expect((await community.post(`/service-orders/${placed.id}/accept`, {})).status).toBe(200);
  });
});

describe('walk-in residents', () => {
  it('lets staff register an order for a resident by mobile number, which the resident sees once signed in', async () => {
    const community = await staffOf('c-youyi');
    const res = await community.post<ServiceOrder & { walkIn?: Record<string, string> }>('/service-orders', {
      serviceCode: 'red-agency',
      centerId: 'c-youyi-a',
      attributes: ATTRIBUTES['red-agency'],
      onBehalfOf: { phone: '13800138123' },
    });
    expect(res.status, res.text).toBe(201);
    expect(res.json.walkIn).toMatchObject({
      phoneLast4: '8123',
      registeredBy: expect.stringContaining('staff'),
    });
    expect(res.text).not.toContain('13800138123'); // stored minimally: a hash and the last 4 digits
    // the staff member's own orders do not get it, and another resident cannot read it
    expect((await otherResident.get(`/service-orders/${res.json.id}`)).status).toBe(403);

    const stranger = platform.api(
      await platform.mintToken({ role: 'resident', sub: 'resident-zhao', phone: '+8613900139000' }),
    );
    expect((await stranger.get<Page<ServiceOrder>>('/me/service-orders')).json.items).toEqual([]);

    const walkIn = platform.api(
      await platform.mintToken({ role: 'resident', sub: 'resident-walk-in', phone: '+8613800138123' }),
    );
    const mine =
      await walkIn.get<Page<ServiceOrder & { walkIn?: Record<string, string> }>>('/me/service-orders');
    expect(mine.json.items.map((o) => o.id)).toEqual([res.json.id]);
    expect(mine.json.items[0]?.walkIn?.claimedAt).toBeDefined();
    const read = await walkIn.get<ServiceOrder>(`/service-orders/${res.json.id}`);
    expect(read.status).toBe(200);
    expect(read.json.residentSub).toBe('resident-walk-in');
    // staff of the intake center still see it
    expect((await community.get(`/service-orders/${res.json.id}`)).status).toBe(200);
  });

  it('refuses a walk-in order from a resident, from staff of another subtree, and without a contact', async () => {
    const body = (extra: Record<string, unknown>) => ({
      serviceCode: 'red-agency',
      centerId: 'c-youyi-a',
      attributes: ATTRIBUTES['red-agency'],
      ...extra,
    });
    expect(
      (await resident.post('/service-orders', body({ onBehalfOf: { phone: '13800138000' } }))).status,
    ).toBe(403);
    const wusong = await staffOf('c-wusong');
    expect(
      (await wusong.post('/service-orders', body({ onBehalfOf: { phone: '13800138000' } }))).status,
    ).toBe(403);
    const youyi = await staffOf('c-youyi');
    const none = await youyi.post<{ errors: { field: string }[] }>(
      '/service-orders',
      body({ onBehalfOf: {} }),
    );
    expect(none.status).toBe(400);
    const badPhone = await youyi.post('/service-orders', body({ onBehalfOf: { phone: '12345' } }));
    expect(badPhone.status).toBe(400);
    const byId = await youyi.post<ServiceOrder & { walkIn?: Record<string, string> }>(
      '/service-orders',
      body({ onBehalfOf: { idNumber: '31011319800101123X' } }),
    );
    expect(byId.status, byId.text).toBe(201);
    expect(byId.json.walkIn).toMatchObject({ idNumberLast4: '123X' });
  });
});

describe('ratings', () => {
  it('opens a follow-up on the handling center for a dissatisfied rating, which its staff close', async () => {
    const placed = await order('complaint-and-suggestion', 'c-wusong-a');
    await assigned(placed.id);
    const street = await staffOf('c-wusong');
    await street.post(`/service-orders/${placed.id}/accept`, {
      volunteer: { name: '张党员' },
    });
    await street.post(`/service-orders/${placed.id}/complete`, { result: '已联系路政' });
    const rated = await resident.post<ServiceOrder>(`/service-orders/${placed.id}/rating`, {
      level: 'dissatisfied',
      comment: '还没修好',
    });
    expect(rated.status, rated.text).toBe(200);
    expect(rated.json.acceptedBy).toBe('volunteer 张党员');
    expect(rated.json.volunteer).toEqual({ name: '张党员', partyMember: true });
    expect(rated.json.followUp).toMatchObject({ status: 'open', centerId: 'c-wusong' });
    // 15 working days: at least three weeks away
    expect(Date.parse(rated.json.followUp!.dueAt!) - Date.now()).toBeGreaterThan(19 * 24 * 3600 * 1000);

    const open = await street.get<Page<ServiceOrder>>('/centers/c-wusong/service-orders?followUp=open');
    expect(open.json.items.map((o) => o.id)).toEqual([placed.id]);
    const closed = await street.post<ServiceOrder>(`/service-orders/${placed.id}/close-follow-up`, {
      note: '已修好并回访',
    });
    expect(closed.status, closed.text).toBe(200);
    expect(closed.json.followUp).toMatchObject({ status: 'closed', note: '已修好并回访' });
    expect(closed.json.history.at(-1)).toMatchObject({
      action: 'close-follow-up',
      from: 'rated',
      to: 'rated',
    });
    const none = await street.get<Page<ServiceOrder>>('/centers/c-wusong/service-orders?followUp=open');
    expect(none.json.items).toEqual([]);
    expect(
      (await street.post(`/service-orders/${placed.id}/close-follow-up`, { note: 'again' })).status,
    ).toBe(409);
  });
  it('escalates a follow-up past its 15 working days one level up, recorded, and then to the parent staff', async () => {
    const placed = await order('complaint-and-suggestion', 'c-wusong-a');
    await assigned(placed.id);
    const street = await staffOf('c-wusong');
    await street.post(`/service-orders/${placed.id}/accept`, {});
    await street.post(`/service-orders/${placed.id}/complete`, { result: '已联系路政' });
    await resident.post(`/service-orders/${placed.id}/rating`, { level: 'very-dissatisfied' });
    // time passing: the follow-up's limit is in the past
    const table = platform.resources.tables.main!;
    const { Item } = await db().send(new GetCommand({ TableName: table, Key: keys.serviceOrder(placed.id) }));
    const past = '2026-01-05T23:59:59+08:00';
    await db().send(
      new PutCommand({ TableName: table, Item: { ...Item, followUp: { ...Item!.followUp, dueAt: past } } }),
    );

    const result = (await platform.runSchedule('sweep-service-orders')) as { followUpsEscalated: number };
    expect(result.followUpsEscalated).toBeGreaterThanOrEqual(1);
    const escalated = (await admin.get<ServiceOrder>(`/service-orders/${placed.id}`)).json;
    expect(escalated.status).toBe('rated');
    expect(escalated.followUp).toMatchObject({ status: 'open', centerId: 'c-baoshan', escalations: 1 });
    expect(Date.parse(escalated.followUp!.dueAt!)).toBeGreaterThan(Date.now());
    expect(escalated.history.at(-1)).toMatchObject({ action: 'escalate-follow-up', by: 'system' });
    expect(escalated.history.at(-1)?.note).toContain('escalated to c-baoshan');
    const district = await staffOf('c-baoshan');
    const open = await district.get<Page<ServiceOrder>>('/centers/c-baoshan/service-orders?followUp=open');
    expect(open.json.items.map((o) => o.id)).toContain(placed.id);
    // once escalated its new limit is ahead: the next tick leaves it alone
    const again = (await platform.runSchedule('sweep-service-orders')) as { followUpsEscalated: number };
    expect((await admin.get<ServiceOrder>(`/service-orders/${placed.id}`)).json.version).toBe(
      escalated.version,
    );
    expect(again.followUpsEscalated).toBe(0);
  });
});

describe('the time-limit sweep', () => {
  it('marks an overdue order, escalates it one level up with a new deadline, and shows it as overdue', async () => {
    const placed = await order('red-agency', 'c-gucun-a');
    await assigned(placed.id);
    const community = await staffOf('c-gucun-a');
    await community.post(`/service-orders/${placed.id}/accept`, {});
    const missed = new Date(Date.now() - 60_000).toISOString();
    await backdate(placed.id, missed);

    const result = (await platform.runSchedule('sweep-service-orders')) as { escalated: number };
    expect(result.escalated).toBeGreaterThanOrEqual(1);
    const escalated = (await admin.get<ServiceOrder>(`/service-orders/${placed.id}`)).json;
    expect(escalated).toMatchObject({
      status: 'assigned',
      assignedCenterId: 'c-gucun',
      overdue: true,
      escalations: 1,
    });
    expect(escalated.acceptedBy).toBeUndefined();
    expect(Date.parse(escalated.dueAt!)).toBeGreaterThan(Date.now());
    expect(escalated.history.at(-1)).toMatchObject({ action: 'escalate', by: 'system', from: 'accepted' });
    expect(escalated.history.at(-1)?.note).toContain('escalated from c-gucun-a to c-gucun');

    // the street's staff see it among their overdue orders; the community's staff no longer handle it
    const street = await staffOf('c-gucun');
    const overdue = await street.get<Page<ServiceOrder>>('/centers/c-gucun/service-orders?overdue=true');
    expect(overdue.json.items.map((o) => o.id)).toContain(placed.id);
    expect((await community.post(`/service-orders/${placed.id}/accept`, {})).status).toBe(403);

    // the next tick changes nothing: the new deadline is ahead
    const again = (await platform.runSchedule('sweep-service-orders')) as { escalated: number };
    expect(again.escalated).toBe(0);
    expect((await admin.get<ServiceOrder>(`/service-orders/${placed.id}`)).json.version).toBe(
      escalated.version,
    );

    // missed at the street too: on to the district
    await backdate(placed.id, new Date(Date.now() - 1000).toISOString());
    await platform.runSchedule('sweep-service-orders');
    const district = (await admin.get<ServiceOrder>(`/service-orders/${placed.id}`)).json;
    expect(district).toMatchObject({ assignedCenterId: 'c-baoshan', escalations: 2, overdue: true });
  });
});

describe('guarded changes', () => {
  it('answers 409 to accepting twice, completing before accepting and rating before completing', async () => {
    const placed = await order('red-agency', 'c-youyi-c');
    await assigned(placed.id);
    const community = await staffOf('c-youyi-c');
    const early = await resident.post<Problem>(`/service-orders/${placed.id}/rating`, { level: 'satisfied' });
    expect(early.status).toBe(409);
    expect(early.json.detail).toBe('cannot rate an order that is assigned');
    expect((await community.post(`/service-orders/${placed.id}/complete`, { result: 'x' })).status).toBe(409);
    expect((await community.post(`/service-orders/${placed.id}/accept`, {})).status).toBe(200);
    const twice = await community.post<Problem>(`/service-orders/${placed.id}/accept`, {});
    expect(twice.status).toBe(409);
    expect(twice.json.detail).toBe('cannot accept an order that is accepted');
    // RFC 9457: `status` is the HTTP status; the order's state has its own member
    expect(twice.json).toMatchObject({ status: 409, orderStatus: 'accepted', allowedFrom: ['assigned'] });
  });

  it('lets exactly one of two staff accepting at once win; the other gets 409', async () => {
    const placed = await order('red-agency', 'c-youyi-c');
    await assigned(placed.id);
    const first = await staffOf('c-youyi-c', 'staff-zhao');
    const second = await staffOf('c-youyi', 'staff-qian'); // the street above may act too
    const results = await Promise.all([
      first.post(`/service-orders/${placed.id}/accept`, {}),
      second.post(`/service-orders/${placed.id}/accept`, {}),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const stored = (await admin.get<ServiceOrder>(`/service-orders/${placed.id}`)).json;
    expect(stored.history.filter((h) => h.action === 'accept')).toHaveLength(1);
  });

  it('refuses a stale If-Match with 412', async () => {
    const placed = await order('red-agency', 'c-youyi-c');
    const routed = await assigned(placed.id);
    const community = await staffOf('c-youyi-c');
    const stale = await community.post<Problem>(
      `/service-orders/${placed.id}/accept`,
      {},
      { headers: { 'if-match': '"1"' } },
    );
    expect(stale.status).toBe(412);
    expect(stale.json).toMatchObject({
      status: 412,
      currentVersion: routed.version,
      orderStatus: 'assigned',
    });
    const fresh = await community.post(
      `/service-orders/${placed.id}/accept`,
      {},
      { headers: { 'if-match': `"${routed.version}"` } },
    );
    expect(fresh.status).toBe(200);
  });

  it('lets the resident cancel an open order but not a completed one, and no one else cancel it', async () => {
    const placed = await order('red-agency', 'c-youyi-a');
    expect((await otherResident.post(`/service-orders/${placed.id}/cancel`, {})).status).toBe(403);
    const cancelled = await resident.post<ServiceOrder>(`/service-orders/${placed.id}/cancel`, {
      reason: '已自行办理',
    });
    expect(cancelled.status, cancelled.text).toBe(200);
    expect(cancelled.json.status).toBe('cancelled');
    expect((await resident.post(`/service-orders/${placed.id}/cancel`, {})).status).toBe(409);
  });

  it('records a rejection with the reason and where to go', async () => {
    const placed = await order('social-security-card', 'c-wusong-c');
    await assigned(placed.id);
    const street = await staffOf('c-wusong');
    const rejected = await street.post<ServiceOrder>(`/service-orders/${placed.id}/reject`, {
      reason: '需本人到社保中心办理',
      goTo: '宝山区社保中心',
    });
    expect(rejected.json).toMatchObject({
      status: 'rejected',
      rejection: { reason: '需本人到社保中心办理', goTo: '宝山区社保中心' },
    });
  });
});

describe('who may see and act', () => {
  it('limits staff to their subtree, residents to their own orders, and machine clients to nothing', async () => {
    const placed = await order('red-agency', 'c-youyi-a');
    await assigned(placed.id);
    const sibling = await staffOf('c-wusong');
    expect((await sibling.post(`/service-orders/${placed.id}/accept`, {})).status).toBe(403);
    expect((await sibling.get(`/service-orders/${placed.id}`)).status).toBe(403);
    expect((await sibling.get('/centers/c-youyi/service-orders')).status).toBe(403);
    expect((await otherResident.get(`/service-orders/${placed.id}`)).status).toBe(403);
    expect((await resident.post(`/service-orders/${placed.id}/accept`, {})).status).toBe(403);
    expect((await resident.get('/centers/c-youyi/service-orders')).status).toBe(403);
    const machine = platform.api(await platform.mintMachineToken());
    expect((await machine.get('/services')).status).toBe(403);
    expect((await machine.get('/me/service-orders')).status).toBe(403);
    // the district sees everything below it
    const district = await staffOf('c-baoshan');
    const all = await district.get<Page<ServiceOrder>>('/centers/c-baoshan/service-orders?limit=100');
    expect(all.json.items.map((o) => o.id)).toContain(placed.id);
    expect((await otherResident.get<Page<ServiceOrder>>('/me/service-orders')).json.items).toEqual([]);
  });
});

describe('POST /service-orders refuses bad input and stores nothing', () => {
  it('names the unknown service, the missing center, and each wrong attribute', async () => {
    const before = (await resident.get<Page<ServiceOrder>>('/me/service-orders?limit=100')).json.items.length;
    const unknown = await resident.post<Problem>('/service-orders', {
      serviceCode: 'no-such-service',
      centerId: 'c-nowhere',
      attributes: {},
    });
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    expect(unknown.json.errors?.map((e) => e.field)).toEqual(['serviceCode', 'centerId']);

    const wrong = await resident.post<Problem>('/service-orders', {
      serviceCode: 'legal-aid-application',
      centerId: 'c-youyi-a',
      attributes: { caseType: '军事 military', monthlyIncome: 'a lot', extra: 1 },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.json.errors?.map((e) => e.field).sort()).toEqual([
      'attributes.caseType',
      'attributes.extra',
      'attributes.monthlyIncome',
      'attributes.summary',
    ]);

    const noLocation = await resident.post<Problem>('/service-orders', {
      serviceCode: 'red-agency',
      centerId: 'c-baoshan',
      attributes: ATTRIBUTES['red-agency'],
    });
    expect(noLocation.status).toBe(400);
    expect(noLocation.json.errors?.map((e) => e.field)).toEqual(['location']);

    const malformed = await resident.post<Problem>('/service-orders', { serviceCode: 'X', centerId: 1 });
    expect(malformed.status).toBe(400);
    expect(malformed.json.errors?.map((e) => e.field).sort()).toEqual(['centerId', 'serviceCode']);

    const after = (await resident.get<Page<ServiceOrder>>('/me/service-orders?limit=100')).json.items.length;
    expect(after).toBe(before);
  });

  it('answers 404 for an unknown order and replays a repeated Idempotency-Key', async () => {
    expect((await resident.get('/service-orders/so-missing')).status).toBe(404);
    const body = { serviceCode: 'red-agency', centerId: 'c-youyi-a', attributes: ATTRIBUTES['red-agency'] };
    const headers = { 'idempotency-key': 'order-once-1' };
    const first = await resident.post<ServiceOrder>('/service-orders', body, { headers });
    const again = await resident.post<ServiceOrder>('/service-orders', body, { headers });
    expect(first.status).toBe(201);
    expect(again.json.id).toBe(first.json.id);
  });
});
