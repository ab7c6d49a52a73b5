import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as createCenter } from '../../functions/centers/create-center.ts';
import { run as createClosure } from '../../functions/centers/create-closure.ts';
import { run as createRoom } from '../../functions/centers/create-room.ts';
import { run as createWindow } from '../../functions/centers/create-window.ts';
import { run as startImport } from '../../functions/imports/start-center-import.ts';
import { run as createOrder } from '../../functions/service-orders/create-service-order.ts';
import type { Principal } from '../../shared/domain/auth.ts';
import { CreateCenterSchema } from '../../shared/domain/center.ts';
import { StartImportSchema } from '../../shared/domain/center-import.ts';
import type { HttpResult } from '../../shared/runtime/http.ts';
import { listStalledImports } from '../../shared/store/center-imports.ts';
import { listChildren } from '../../shared/store/centers.ts';
import { listClosures, listRooms, listWindows } from '../../shared/store/rooms.ts';
import { listResidentOrders } from '../../shared/store/service-orders.ts';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';

/**
 * A crash between the business write and the completion of its idempotency record: the first
 * run's item is stored, the record never says so, and the retry runs `run` again with the same
 * key. Calling `run` directly (no idempotency record at all) is that retry.
 */

let platform: TestPlatform;
const admin: Principal = { kind: 'user', sub: 'admin-guard', role: 'admin' };
const resident: Principal = { kind: 'user', sub: 'resident-guard', role: 'resident' };

const request = <B, P>(principal: Principal, body: B, params: P, idempotencyKey?: string) => ({
  body,
  params,
  query: undefined,
  principal,
  headers: {},
  requestId: 'test',
  ...(idempotencyKey ? { idempotencyKey } : {}),
});

const idOf = (result: HttpResult) => (result.body as { id: string }).id;

beforeAll(async () => {
  platform = await startTestPlatform({ seed: true, pollers: false });
});
afterAll(async () => {
  await platform?.stop();
});

describe('a keyed create retried after a crash', () => {
  it('POST /centers stores one center and answers it again', async () => {
    const body = CreateCenterSchema.parse({
      name: '守卫测试社区',
      level: 'community',
      parentId: 'c-youyi',
      address: '上海市宝山区',
      openingHours: 'Mo-Fr 08:30-17:00',
      location: { lat: 31.41, lon: 121.49 },
    });
    const key = 'POST /centers|user:admin-guard|k-1';
    const first = await createCenter(request(admin, body, undefined, key) as never);
    const retry = await createCenter(request(admin, body, undefined, key) as never);
    expect(retry.status).toBe(201);
    expect(idOf(retry)).toBe(idOf(first));
    expect(retry.headers).toEqual(first.headers);
    const children = await listChildren('c-youyi', 100);
    expect(children.items.filter((c) => c.name === body.name)).toHaveLength(1);

    const other = await createCenter(request(admin, body, undefined, `${key}-other`) as never);
    expect(idOf(other)).not.toBe(idOf(first));
  });

  it('POST /centers/{id}/rooms, /windows and /closures store one item each', async () => {
    const params = { id: 'c-youyi-post' };
    const room = { name: '守卫会议室', kind: 'meeting-room', capacity: 12, bookable: true };
    const window = { name: '守卫窗口', kind: 'help-and-agency' };
    const closure = { from: '2026-03-01T00:00:00+08:00', to: '2026-03-02T00:00:00+08:00', reason: '守卫' };
    const cases = [
      ['rooms', createRoom, room, () => listRooms(params.id, 100)],
      ['windows', createWindow, window, () => listWindows(params.id, 100)],
      ['closures', createClosure, closure, () => listClosures(params.id, 100)],
    ] as const;
    for (const [route, run, body, list] of cases) {
      const key = `POST /centers/{id}/${route}|user:admin-guard|k-1`;
      const first = await run(request(admin, body, params, key) as never);
      const retry = await run(request(admin, body, params, key) as never);
      expect(retry.status).toBe(201);
      expect(idOf(retry)).toBe(idOf(first));
      expect(retry.headers?.location).toBe(first.headers?.location);
      const page = await list();
      expect(page.items.filter((item) => item.id === idOf(first))).toHaveLength(1);
      expect(page.items).toHaveLength(1);
    }
  });

  it('POST /centers/import records one import', async () => {
    const body = StartImportSchema.parse({
      centers: [
        {
          ref: 'g1',
          name: '导入守卫社区',
          level: 'community',
          parentId: 'c-wusong',
          address: '上海市宝山区',
          openingHours: 'Mo-Fr 08:30-17:00',
          location: { lat: 31.38, lon: 121.5 },
        },
      ],
    });
    const key = 'POST /centers/import|user:admin-guard|k-import';
    const first = await startImport(request(admin, body, undefined, key) as never);
    const retry = await startImport(request(admin, body, undefined, key) as never);
    expect(retry.status).toBe(202);
    expect(idOf(retry)).toBe(idOf(first));
    const running = await listStalledImports('9999');
    expect(running.map((job) => job.id)).toEqual([idOf(first)]);
  });

  it('POST /service-orders stores one order', async () => {
    const body = {
      serviceCode: 'social-security-card',
      centerId: 'c-youyi-post',
      attributes: { reason: '遗失 lost', cardHolder: '周先生' },
    };
    const key = 'POST /service-orders|user:resident-guard|k-order';
    const first = await createOrder(request(resident, body, undefined, key) as never);
    const retry = await createOrder(request(resident, body, undefined, key) as never);
    expect(retry.status).toBe(201);
    expect(idOf(retry)).toBe(idOf(first));
    const mine = await listResidentOrders('resident-guard', undefined, 100, undefined);
    expect(mine.items.map((order) => order.id)).toEqual([idOf(first)]);

    const unkeyed = await createOrder(request(resident, body, undefined) as never);
    expect(idOf(unkeyed)).not.toBe(idOf(first));
  });
});
