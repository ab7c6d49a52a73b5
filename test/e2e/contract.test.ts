import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../infra/local/manifest-source.ts';
import { functions } from '../../infra/manifest.ts';
import { buildOpenApiDocument } from '../../shared/api/openapi.ts';
import { EXAMPLE_COURSE } from '../../shared/domain/menus.ts';
import { deliverToCenter, requireMenu } from '../../shared/store/menus.ts';
import { createContract } from '../support/contract.ts';
import {
  type ApiClient,
  ContractDriftError,
  createApiClient,
  startTestPlatform,
  type TestPlatform,
} from '../support/platform.ts';

/**
 * The contract as a new client meets it: every creating POST replays its first answer, bad
 * instants and garbage text are 400 (never 500), callers who could not act are told 403 first,
 * and an answer that drifts from /openapi.json fails the test that received it.
 */

let platform: TestPlatform;
let admin: ApiClient;
let resident: ApiClient;
/** A course menu delivered to c-youyi-post (pollers are off: delivered directly). */
let courseMenuId: string;

/**
 * Every creating POST of the manifest: the POST routes whose file makes its handler idempotent
 * (`idempotent: runIdempotent`), in functions that may use the idempotency table.
 */
const creatingRoutes = functions.flatMap((fn) =>
  fn.trigger.kind === 'http' && fn.tables?.idempotency
    ? fn.trigger.routes
        .filter(
          (route) =>
            route.method === 'POST' &&
            /idempotent:\s*runIdempotent/.test(readFileSync(join(projectRoot, route.entry), 'utf8')),
        )
        .map((route) => ({ fn: fn.id, path: route.path }))
    : [],
);

interface CreateRequest {
  readonly client: () => ApiClient;
  readonly path: string;
  readonly body: unknown;
}

const center = (over: Record<string, unknown>) => ({
  name: '契约测试中心',
  address: '上海市宝山区',
  location: { lat: 31.4, lon: 121.45 },
  openingHours: 'Mo-Fr 08:30-17:00',
  ...over,
});

/** One valid request per creating route; a new creating route fails below until it has one. */
const CREATE_REQUESTS: Record<string, () => CreateRequest> = {
  '/centers': () => ({
    client: () => admin,
    path: '/centers',
    body: center({ level: 'community', parentId: 'c-youyi' }),
  }),
  '/centers/{id}/rooms': () => ({
    client: () => admin,
    path: '/centers/c-youyi-post/rooms',
    body: { name: '契约会议室', kind: 'meeting-room', capacity: 10 },
  }),
  '/centers/{id}/windows': () => ({
    client: () => admin,
    path: '/centers/c-youyi-post/windows',
    body: { name: '契约窗口', kind: 'help-and-agency' },
  }),
  '/centers/{id}/closures': () => ({
    client: () => admin,
    path: '/centers/c-youyi-post/closures',
    body: { from: '2026-05-01T00:00:00+08:00', to: '2026-05-02T00:00:00+08:00', reason: '设备检修' },
  }),
  '/centers/import': () => ({
    client: () => admin,
    path: '/centers/import',
    body: { centers: [{ ref: 'k1', ...center({ level: 'community', parentId: 'c-wusong' }) }] },
  }),
  '/centers/{id}/menus': () => ({
    client: () => admin,
    path: '/centers/c-youyi/menus',
    body: {
      content: {
        kind: 'service',
        title: '契约服务 Contract service',
        provider: '区司法局',
        description: 'A lawyer on site',
        eligibility: 'Everyone',
      },
    },
  }),
  '/service-orders': () => ({
    client: () => resident,
    path: '/service-orders',
    body: {
      serviceCode: 'social-security-card',
      centerId: 'c-youyi-post',
      attributes: { reason: '遗失 lost', cardHolder: '周先生' },
    },
  }),
  '/course-orders': () => ({
    client: () => resident,
    path: '/course-orders',
    body: { menuId: courseMenuId, centerId: 'c-youyi-post', origin: 'resident' },
  }),
  '/bookings': () => ({
    client: () => resident,
    path: '/bookings',
    body: { centerId: 'c-youyi', roomId: 'r-youyi-2', start: localInDays(3, 10), end: localInDays(3, 10.5) },
  }),
  '/centers/{id}/activities': () => ({
    client: () => admin,
    path: '/centers/c-youyi/activities',
    body: {
      title: '契约党课',
      kind: 'party-class',
      start: localInDays(7, 15),
      end: localInDays(7, 16),
      seats: 10,
      onHolidays: true,
    },
  }),
};

/** `hours` o'clock (Beijing time, UTC+8 all year) `days` from today, e.g. 2026-12-04T10:00:00+08:00. */
function localInDays(days: number, hours: number): string {
  const day = new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
  const hh = String(Math.floor(hours)).padStart(2, '0');
  const mm = String(Math.round((hours % 1) * 60)).padStart(2, '0');
  return `${day}T${hh}:${mm}:00+08:00`;
}

beforeAll(async () => {
  platform = await startTestPlatform({ seed: true, pollers: false });
  admin = platform.api(await platform.mintToken({ role: 'admin', sub: 'admin-contract' }));
  resident = platform.api(await platform.mintToken({ role: 'resident', sub: 'resident-contract' }));
  const pushed = await admin.post<{ menuId: string }>('/centers/c-youyi/menus', { content: EXAMPLE_COURSE });
  courseMenuId = pushed.json.menuId;
  await deliverToCenter(await requireMenu(courseMenuId), 1, 'c-youyi-post', new Date().toISOString());
});
afterAll(async () => {
  await platform?.stop();
});

describe('Idempotency-Key on every creating POST', () => {
  it('finds the creating routes in the manifest', () => {
    expect(creatingRoutes.map((route) => route.path)).toEqual(
      expect.arrayContaining([
        '/centers',
        '/centers/{id}/closures',
        '/centers/{id}/windows',
        '/service-orders',
      ]),
    );
  });

  it.each(creatingRoutes)('$fn ($path) answers a repeat with the first answer', async ({ path }) => {
    const build = CREATE_REQUESTS[path];
    expect(build, `no request for the creating route ${path}: add one to CREATE_REQUESTS`).toBeDefined();
    const request = build!();
    const headers = { 'idempotency-key': `contract-${path}` };
    const first = await request.client().post<{ id: string }>(request.path, request.body, { headers });
    expect([201, 202], first.text).toContain(first.status);
    const again = await request.client().post<{ id: string }>(request.path, request.body, { headers });
    expect(again.status, again.text).toBe(first.status);
    expect(again.json).toEqual(first.json);
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    expect(again.headers.get('etag')).toBe(first.headers.get('etag'));
  });
});

describe('instants outside 1970-2100', () => {
  it.each([
    '/centers/c-youyi/status?at=0001-01-02T00:00:00Z',
    '/centers/c-youyi/status?at=9999-12-31T23:59:59Z',
    '/centers?near=31.4,121.48&openAt=9999-12-31T23:59:59Z',
    '/grid/history?centerId=c-youyi&from=9999-12-30T00:00:00Z&to=9999-12-31T00:00:00Z',
  ])('GET %s is 400 naming the field', async (path) => {
    const res = await admin.get<{ errors: { field: string; in: string }[] }>(path);
    expect(res.status, res.text).toBe(400);
    expect(res.json.errors[0]?.in).toBe('query');
  });

  it('POST /grid/rebuild?at=0001-... is 400', async () => {
    const res = await admin.post('/grid/rebuild?at=0001-01-02T00:00:00Z');
    expect(res.status, res.text).toBe(400);
  });
});

describe('text and zones as stored', () => {
  it('refuses whitespace-only names and bidi overrides, naming the field', async () => {
    const blank = await admin.post<{ errors: { field: string }[] }>(
      '/centers',
      center({ level: 'community', parentId: 'c-youyi', name: '　 ' }),
    );
    expect(blank.status).toBe(400);
    expect(blank.json.errors.map((e) => e.field)).toEqual(['name']);
    const bidi = await admin.post('/centers/c-youyi-post/windows', {
      name: 'abc\u202eevil',
      kind: 'help-and-agency',
    });
    expect(bidi.status).toBe(400);
  });

  it('stores a time zone under its canonical name', async () => {
    const res = await admin.post<{ timeZone: string }>(
      '/centers',
      center({ level: 'community', parentId: 'c-youyi', name: '时区测试社区', timeZone: 'asia/shanghai' }),
    );
    expect(res.status, res.text).toBe(201);
    expect(res.json.timeZone).toBe('Asia/Shanghai');
  });
});

describe('authorization before validation', () => {
  it('tells a resident creating a center under an unknown parent 403, not 400', async () => {
    const res = await resident.post<{ type: string }>(
      '/centers',
      center({ level: 'community', parentId: 'c-nowhere' }),
    );
    expect(res.status).toBe(403);
    expect(res.json.type).toBe('https://pmsc.example/problems/forbidden');
  });

  it('tells a resident adding a room to an unknown center 403, not 404', async () => {
    const res = await resident.post('/centers/c-nowhere/rooms', {
      name: 'x',
      kind: 'meeting-room',
      capacity: 1,
    });
    expect(res.status).toBe(403);
  });
});

describe('the contract check of the e2e client', () => {
  it('fails an answer with a member the document does not have', async () => {
    const document = buildOpenApiDocument() as unknown as {
      components: { schemas: Record<string, { properties: Record<string, unknown>; required: string[] }> };
    };
    const health = document.components.schemas.Health!;
    delete health.properties.district;
    health.required = health.required.filter((name) => name !== 'district');
    const drifting = createApiClient(platform.baseUrl, undefined, createContract(document as never));
    await expect(drifting.get('/health')).rejects.toThrow(/unknown member district/);
  });

  it('fails a status the operation does not document', async () => {
    const document = buildOpenApiDocument() as unknown as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    delete document.paths['/centers/{id}']!.get!.responses['404'];
    const token = await platform.mintToken({ role: 'admin' });
    const drifting = createApiClient(platform.baseUrl, token, createContract(document as never));
    await expect(drifting.get('/centers/c-nowhere')).rejects.toBeInstanceOf(ContractDriftError);
  });

  it('fails a documented header that is not sent', async () => {
    const document = buildOpenApiDocument() as unknown as {
      paths: Record<string, Record<string, { responses: Record<string, { headers?: unknown }> }>>;
    };
    document.paths['/health']!.get!.responses['200']!.headers = {
      ETag: { required: true, schema: { type: 'string' } },
    };
    const drifting = createApiClient(platform.baseUrl, undefined, createContract(document as never));
    await expect(drifting.get('/health')).rejects.toThrow(/documented header etag is missing/);
  });
});
