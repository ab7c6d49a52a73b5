import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Center } from '../../shared/domain/center.ts';
import { type ApiClient, startTestPlatform, type TestPlatform } from '../support/platform.ts';

/** The center registry end to end: local HTTP API, real JWTs, DynamoDB Local. */

let platform: TestPlatform;
let admin: ApiClient;
let resident: ApiClient;
let anonymous: ApiClient;

const centerBody = (over: Record<string, unknown>) => ({
  name: '测试党群服务中心',
  address: '上海市宝山区',
  location: { lat: 31.4, lon: 121.45 },
  openingHours: 'Mo-Fr 08:30-20:00; Sa,Su 09:00-17:00',
  ...over,
});

async function create(client: ApiClient, over: Record<string, unknown>): Promise<Center> {
  const res = await client.post<Center>('/centers', centerBody(over));
  expect(res.status, res.text).toBe(201);
  return res.json;
}

async function collect(client: ApiClient, path: string, limit: number): Promise<Center[]> {
  const items: Center[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const res: { status: number; text: string; json: { items: Center[]; nextCursor: string | null } } =
      await client.get(`${path}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status, res.text).toBe(200);
    expect(res.json.items.length).toBeLessThanOrEqual(limit);
    items.push(...res.json.items);
    cursor = res.json.nextCursor;
  } while (cursor);
  return items;
}

let city: Center;
let district: Center;
let streetA: Center;
let streetB: Center;
let communityA: Center;
let communityB: Center;

beforeAll(async () => {
  platform = await startTestPlatform();
  admin = platform.api(await platform.mintToken({ role: 'admin', sub: 'admin-1' }));
  resident = platform.api(await platform.mintToken({ role: 'resident', sub: 'resident-1' }));
  anonymous = platform.api();
  city = await create(admin, { level: 'city', name: '上海市党群服务中心' });
  district = await create(admin, { level: 'district', parentId: city.id, name: '宝山区党群服务中心' });
  streetA = await create(admin, { level: 'street', parentId: district.id, name: 'A 街道' });
  streetB = await create(admin, { level: 'street', parentId: district.id, name: 'B 街道' });
  communityA = await create(admin, { level: 'community', parentId: streetA.id, name: 'A 社区' });
  communityB = await create(admin, { level: 'community', parentId: streetB.id, name: 'B 社区' });
});

afterAll(async () => {
  await platform?.stop();
});

describe('GET /health and /openapi.json', () => {
  it('answer without a token', async () => {
    const health = await anonymous.get<{ status: string }>('/health');
    expect(health.status).toBe(200);
    expect(health.json.status).toBe('ok');
    const doc = await anonymous.get<{ openapi: string; paths: Record<string, unknown> }>('/openapi.json');
    expect(doc.json.openapi).toBe('3.1.0');
    expect(Object.keys(doc.json.paths)).toContain('/centers/{id}/subtree');
  });
});

describe('POST /centers', () => {
  it('stores a center with its path, defaults and version, readable by any resident', async () => {
    expect(communityA.path).toBe(`/${city.id}/${district.id}/${streetA.id}/${communityA.id}/`);
    expect(communityA).toMatchObject({
      level: 'community',
      kind: 'community',
      timeZone: 'Asia/Shanghai',
      version: 1,
    });
    const res = await resident.get<Center>(`/centers/${communityA.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('"1"');
    expect(res.json).toEqual(communityA);
  });

  it('stores a field position with its kind', async () => {
    const post = await create(admin, {
      level: 'community',
      parentId: streetA.id,
      kind: 'post-station',
      name: '驿站',
    });
    expect(post.kind).toBe('post-station');
  });

  it.each([
    ['a level that skips one', { level: 'community', parentId: 'PARENT_DISTRICT' }, 'level'],
    ['an unknown parent', { level: 'street', parentId: 'c-does-not-exist' }, 'parentId'],
    [
      'invalid opening hours',
      { level: 'street', parentId: 'PARENT_DISTRICT', openingHours: 'Mo-Fx 25:00' },
      'openingHours',
    ],
    [
      'a latitude out of range',
      { level: 'street', parentId: 'PARENT_DISTRICT', location: { lat: 95, lon: 121 } },
      'location.lat',
    ],
    [
      'an unknown time zone',
      { level: 'street', parentId: 'PARENT_DISTRICT', timeZone: 'Asia/Atlantis' },
      'timeZone',
    ],
    ['an unknown field', { level: 'street', parentId: 'PARENT_DISTRICT', floors: 3 }, 'floors'],
    ['a kind on a street', { level: 'street', parentId: 'PARENT_DISTRICT', kind: 'park' }, 'kind'],
    ['a street without parent', { level: 'street' }, 'parentId'],
  ] as [string, Record<string, unknown>, string][])(
    'refuses %s with a 400 naming the field, storing nothing',
    async (_what, over, field) => {
      const body = centerBody({
        ...over,
        parentId: over.parentId === 'PARENT_DISTRICT' ? district.id : over.parentId,
      });
      const before = await collect(admin, `/centers/${district.id}/subtree`, 100);
      const res = await admin.post<{ type: string; errors: { field: string }[] }>('/centers', body);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(res.json.errors.map((e) => e.field)).toContain(field);
      expect(await collect(admin, `/centers/${district.id}/subtree`, 100)).toHaveLength(before.length);
    },
  );

  it('refuses malformed JSON with 400 and an oversized body with 413', async () => {
    const malformed = await admin.request('POST', '/centers', {
      body: '{"name": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    const huge = await admin.post(
      '/centers',
      centerBody({ level: 'street', parentId: district.id, address: 'x'.repeat(70_000) }),
    );
    expect(huge.status).toBe(413);
    expect(huge.headers.get('content-type')).toBe('application/problem+json');
  });

  it('replays the first answer for a repeated Idempotency-Key and refuses it with another body', async () => {
    const headers = { 'idempotency-key': `key-${Date.now()}` };
    const body = centerBody({ level: 'community', parentId: streetB.id, name: '幂等社区' });
    const first = await admin.post<Center>('/centers', body, { headers });
    const second = await admin.post<Center>('/centers', body, { headers });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.json.id).toBe(first.json.id);
    const children = await collect(admin, `/centers/${streetB.id}/children`, 50);
    expect(children.filter((c) => c.name === '幂等社区')).toHaveLength(1);
    const reused = await admin.post('/centers', { ...body, name: 'other' }, { headers });
    expect(reused.status).toBe(422);
  });

  it('answers 401 without a token and 403 to residents', async () => {
    expect((await anonymous.post('/centers', centerBody({ level: 'city' }))).status).toBe(401);
    const res = await resident.post('/centers', centerBody({ level: 'street', parentId: district.id }));
    expect(res.status).toBe(403);
  });
});

describe('staff authorization', () => {
  let staffA: ApiClient;

  beforeAll(async () => {
    staffA = platform.api(await platform.mintToken({ role: 'staff', centerId: streetA.id, sub: 'staff-a' }));
  });

  it('lets staff create and change centers in their own subtree', async () => {
    const child = await staffA.post<Center>(
      '/centers',
      centerBody({ level: 'community', parentId: streetA.id }),
    );
    expect(child.status).toBe(201);
    const patched = await staffA.patch(
      `/centers/${communityA.id}`,
      { name: 'A 社区（新）' },
      {
        headers: { 'if-match': `"${communityA.version}"` },
      },
    );
    expect(patched.status).toBe(200);
    communityA = patched.json as Center;
  });

  it("gives 403 on a sibling's subtree: its center, its children, their rooms", async () => {
    const patch = await staffA.patch(
      `/centers/${streetB.id}`,
      { name: 'taken over' },
      { headers: { 'if-match': '"1"' } },
    );
    expect(patch.status).toBe(403);
    expect((patch.json as { type: string }).type).toMatch(/forbidden$/);
    const child = await staffA.post('/centers', centerBody({ level: 'community', parentId: streetB.id }));
    expect(child.status).toBe(403);
    const room = await staffA.post(`/centers/${communityB.id}/rooms`, {
      name: '会议室',
      kind: 'meeting-room',
      capacity: 10,
    });
    expect(room.status).toBe(403);
    const stored = await admin.get<Center>(`/centers/${streetB.id}`);
    expect(stored.json.name).toBe('B 街道');
  });

  it('gives 403 to staff above their center', async () => {
    const res = await staffA.patch(
      `/centers/${district.id}`,
      { name: 'x' },
      { headers: { 'if-match': '"1"' } },
    );
    expect(res.status).toBe(403);
  });

  it('keeps machine clients out of the registry', async () => {
    const machine = platform.api(await platform.mintMachineToken());
    expect((await machine.get(`/centers/${city.id}`)).status).toBe(403);
  });
});

describe('PATCH /centers/{id}', () => {
  it('needs If-Match (428), refuses a stale one (412) and bumps the version', async () => {
    const target = await create(admin, { level: 'community', parentId: streetB.id, name: '版本社区' });
    expect((await admin.patch(`/centers/${target.id}`, { name: 'no match' })).status).toBe(428);
    const okRes = await admin.patch<Center>(
      `/centers/${target.id}`,
      { name: 'v2' },
      { headers: { 'if-match': '"1"' } },
    );
    expect(okRes.status).toBe(200);
    expect(okRes.headers.get('etag')).toBe('"2"');
    const stale = await admin.patch(
      `/centers/${target.id}`,
      { name: 'v3?' },
      { headers: { 'if-match': '"1"' } },
    );
    expect(stale.status).toBe(412);
    expect((await admin.get<Center>(`/centers/${target.id}`)).json.name).toBe('v2');
  });

  it('lets exactly one of two concurrent patches with the same If-Match win', async () => {
    const target = await create(admin, { level: 'community', parentId: streetB.id, name: '并发社区' });
    const results = await Promise.all(
      ['left', 'right', 'middle'].map((name) =>
        admin.patch<Center>(`/centers/${target.id}`, { name }, { headers: { 'if-match': '"1"' } }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 412, 412]);
    const winner = results.find((r) => r.status === 200)!.json.name;
    const stored = await admin.get<Center>(`/centers/${target.id}`);
    expect(stored.json).toMatchObject({ name: winner, version: 2 });
  });

  it('refuses a change of parent or level as unknown fields', async () => {
    const res = await admin.patch(
      `/centers/${communityB.id}`,
      { parentId: streetA.id },
      { headers: { 'if-match': '"1"' } },
    );
    expect(res.status).toBe(400);
  });
});

describe('listing the tree', () => {
  it('pages the subtree in path order, parents before children, without gaps or repeats', async () => {
    const all = await collect(admin, `/centers/${district.id}/subtree`, 2);
    const ids = all.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids[0]).toBe(district.id);
    expect(ids.indexOf(streetA.id)).toBeLessThan(ids.indexOf(communityA.id));
    expect(all.every((c) => c.path.startsWith(district.path))).toBe(true);
    expect(ids).toContain(communityB.id);
  });

  it('lists children, centers of a level, and children filtered by parent', async () => {
    const children = await collect(admin, `/centers/${district.id}/children`, 1);
    expect(children.map((c) => c.id).sort()).toEqual([streetA.id, streetB.id].sort());
    const streets = await collect(admin, '/centers?level=street', 10);
    expect(streets.map((c) => c.id).sort()).toEqual([streetA.id, streetB.id].sort());
    const viaQuery = await collect(admin, `/centers?parentId=${district.id}`, 10);
    expect(viaQuery).toHaveLength(2);
    const wrongLevel = await admin.get(`/centers?parentId=${district.id}&level=community`);
    expect(wrongLevel.status).toBe(400);
  });

  it('refuses a cursor from another list and answers 404 for an unknown center', async () => {
    const first = await admin.get<{ nextCursor: string }>(`/centers/${district.id}/subtree?limit=1`);
    const misuse = await admin.get(`/centers/${district.id}/rooms?cursor=${first.json.nextCursor}`);
    expect(misuse.status).toBe(400);
    expect((await admin.get('/centers/c-nowhere')).status).toBe(404);
  });
});

describe('rooms, windows and closures', () => {
  it('adds, lists and changes rooms with If-Match', async () => {
    const room = await admin.post<{ id: string; version: number }>(`/centers/${communityA.id}/rooms`, {
      name: '阅览室',
      kind: 'reading-room',
      capacity: 30,
    });
    expect(room.status).toBe(201);
    const list = await resident.get<{ items: { id: string; bookable: boolean }[] }>(
      `/centers/${communityA.id}/rooms`,
    );
    expect(list.json.items).toEqual([expect.objectContaining({ id: room.json.id, bookable: true })]);
    const patched = await admin.patch<{ capacity: number; version: number }>(
      `/centers/${communityA.id}/rooms/${room.json.id}`,
      { capacity: 40 },
      { headers: { 'if-match': '"1"' } },
    );
    expect(patched.json).toMatchObject({ capacity: 40, version: 2 });
    const stale = await admin.patch(
      `/centers/${communityA.id}/rooms/${room.json.id}`,
      { capacity: 5 },
      {
        headers: { 'if-match': '"1"' },
      },
    );
    expect(stale.status).toBe(412);
    const bad = await admin.post(`/centers/${communityA.id}/rooms`, {
      name: 'x',
      kind: 'ballroom',
      capacity: 0,
    });
    expect(bad.status).toBe(400);
  });

  it('adds and lists service windows of the four kinds', async () => {
    for (const kind of [
      'party-member-services',
      'comprehensive-business',
      'help-and-agency',
      'consultation-and-complaints',
    ]) {
      const res = await admin.post(`/centers/${communityA.id}/windows`, { name: kind, kind });
      expect(res.status).toBe(201);
    }
    const list = await resident.get<{ items: { kind: string }[] }>(`/centers/${communityA.id}/windows`);
    expect(list.json.items).toHaveLength(4);
  });

  it('records, lists and removes temporary closures, refusing one that ends before it starts', async () => {
    const closure = await admin.post<{ id: string }>(`/centers/${communityA.id}/closures`, {
      from: '2026-12-01T08:00:00+08:00',
      to: '2026-12-02T20:00:00+08:00',
      reason: '设备检修',
    });
    expect(closure.status).toBe(201);
    const backwards = await admin.post<{ errors: { field: string }[] }>(
      `/centers/${communityA.id}/closures`,
      {
        from: '2026-12-02T08:00:00+08:00',
        to: '2026-12-01T08:00:00+08:00',
        reason: 'x',
      },
    );
    expect(backwards.status).toBe(400);
    expect(backwards.json.errors[0]?.field).toBe('to');
    expect(
      (await admin.get<{ items: unknown[] }>(`/centers/${communityA.id}/closures`)).json.items,
    ).toHaveLength(1);
    expect((await admin.delete(`/centers/${communityA.id}/closures/${closure.json.id}`)).status).toBe(204);
    expect((await admin.delete(`/centers/${communityA.id}/closures/${closure.json.id}`)).status).toBe(404);
    expect(
      (await admin.get<{ items: unknown[] }>(`/centers/${communityA.id}/closures`)).json.items,
    ).toHaveLength(0);
  });

  it('answers 404 for rooms of an unknown center', async () => {
    const res = await admin.post('/centers/c-ghost/rooms', { name: 'x', kind: 'meeting-room', capacity: 3 });
    expect(res.status).toBe(404);
  });
});
