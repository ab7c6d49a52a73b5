import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GridFeatureCollection } from '../../shared/domain/grid-geojson.ts';
import type { GridSnapshot, SnapshotHeader } from '../../shared/domain/grid-schema.ts';
import { type ApiClient, startTestPlatform, type TestPlatform } from '../support/platform.ts';

/** The network grid through the local HTTP API, real tokens and DynamoDB Local, on the demo network. */

let platform: TestPlatform;
let admin: ApiClient;
let staff: ApiClient;
let resident: ApiClient;
let machine: ApiClient;
let anonymous: ApiClient;
let officeId: string;

type Rebuilt = SnapshotHeader & {
  latestMoved: boolean;
  build: { dynamodbRequests: number; byOperation: Record<string, number> };
};
type Problem = { type: string; status: number; detail: string; errors?: { field: string }[] };
type History = {
  subject: { type: string; id: string };
  points: { at?: string; date: string; status?: string; open: number; total: number }[];
  summary: Record<string, number | null>;
  nextCursor: string | null;
};

const SPRING_FESTIVAL = '2026-02-17T10:00:00+08:00';
const WHAT_IF_ID = 'what-if-20260217t020000z';
const PROBLEM = 'https://pmsc.example/problems/';

/** Waits past a 5-minute boundary that is too close, so that builds in a row share their tick. */
async function awayFromTickEdge(): Promise<void> {
  const left = 300_000 - (Date.now() % 300_000);
  if (left < 20_000) await new Promise((resolve) => setTimeout(resolve, left + 500));
}

const hourAround = () => ({
  from: new Date(Date.now() - 3_600_000).toISOString(),
  to: new Date(Date.now() + 3_600_000).toISOString(),
});
const qs = (params: Record<string, string>) => new URLSearchParams(params).toString();

beforeAll(async () => {
  platform = await startTestPlatform({ seed: true, pollers: false });
  admin = platform.api(await platform.mintToken({ role: 'admin' }));
  staff = platform.api(await platform.mintToken({ role: 'staff', centerId: 'c-youyi' }));
  resident = platform.api(await platform.mintToken({ role: 'resident' }));
  machine = platform.api(await platform.mintMachineToken());
  anonymous = platform.api();
  // an office-hours field position: a public holiday follows Sunday hours, and it has none
  const office = await admin.post<{ id: string }>('/centers', {
    parentId: 'c-youyi',
    level: 'community',
    kind: 'office-building',
    name: '友谊路楼宇党群服务站',
    address: '上海市宝山区友谊路',
    location: { lat: 31.4071, lon: 121.4885 },
    openingHours: 'Mo-Fr 09:00-17:00',
  });
  expect(office.status, office.text).toBe(201);
  officeId = office.json.id;
});
afterAll(async () => {
  await platform?.stop();
});

describe('before the first build', () => {
  it('GET /grid is a 404 problem that says how to get one', async () => {
    const res = await resident.get<Problem>('/grid');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.json.type).toBe(`${PROBLEM}not-found`);
    expect(res.json.detail).toMatch(/no grid snapshot has been built yet.*POST \/grid\/rebuild/);
  });
});

describe('POST /grid/rebuild', () => {
  it('is for admins and staff only', async () => {
    expect((await anonymous.post('/grid/rebuild')).status).toBe(401);
    const byResident = await resident.post<Problem>('/grid/rebuild');
    expect(byResident.status).toBe(403);
    expect(byResident.json.type).toBe(`${PROBLEM}forbidden`);
    expect((await machine.post('/grid/rebuild')).status).toBe(403);
  });

  it('builds the current tick (201), and the same tick again into the same snapshot (200)', async () => {
    await awayFromTickEdge();
    const first = await admin.post<Rebuilt>('/grid/rebuild');
    expect(first.status, first.text).toBe(201);
    expect(first.json.id).toMatch(/^grid-\d{8}t\d{4}z$/);
    expect(first.headers.get('location')).toBe(`/grid/snapshots/${first.json.id}`);
    expect(first.json).toMatchObject({
      kind: 'scheduled',
      latestMoved: true,
      district: '310113',
      counts: { total: 56 },
      circle: { walkMeters: 1000, residential: 36 },
    });
    expect(first.json.build.dynamodbRequests).toBeGreaterThan(0);
    expect(first.json.build.byOperation).not.toHaveProperty('Scan');

    const again = await staff.post<Rebuilt>('/grid/rebuild');
    expect(again.status, again.text).toBe(200);
    expect(again.json.id).toBe(first.json.id);
    expect(again.json.tick).toBe(first.json.tick);

    // the schedule lands on the same snapshot too
    const scheduled = (await platform.runSchedule('build-grid')) as {
      header: SnapshotHeader;
      created: boolean;
      nextYearAwaitsNotice: boolean;
    };
    expect(scheduled.header.id).toBe(first.json.id);
    expect(scheduled.created).toBe(false);
    // December, and next year's notice not loaded: the builder says so (its metric alarms)
    const nextYear = new Date().getUTCFullYear() + 1;
    const nextYearSource = (await admin.get<{ source: string }>(`/calendars/${nextYear}`)).json.source;
    expect(scheduled.nextYearAwaitsNotice).toBe(new Date().getUTCMonth() >= 10 && nextYearSource !== 'admin');
  });

  it('builds a what-if snapshot for another moment without replacing the latest one', async () => {
    const res = await admin.post<Rebuilt>(`/grid/rebuild?at=${encodeURIComponent(SPRING_FESTIVAL)}`);
    expect(res.status, res.text).toBe(201);
    expect(res.headers.get('location')).toBe(`/grid/snapshots/${WHAT_IF_ID}`);
    expect(res.json).toMatchObject({ id: WHAT_IF_ID, kind: 'what-if', latestMoved: false });

    const latest = await resident.get<GridSnapshot>('/grid');
    expect(latest.json.kind).toBe('scheduled');

    // who is open on the first working day of the Spring Festival holiday?
    const whatIf = await resident.get<GridSnapshot>(`/grid/snapshots/${WHAT_IF_ID}`);
    expect(whatIf.status, whatIf.text).toBe(200);
    const byId = new Map(whatIf.json.centers.map((c) => [c.id, c]));
    expect(byId.get(officeId)).toMatchObject({ status: 'closed', basis: 'holiday' });
    expect(byId.get('c-youyi')).toMatchObject({ status: 'open', basis: 'holiday' });
    expect(byId.get('c-youyi-a')).toMatchObject({ status: 'open', basis: 'holiday' }); // PH 09:00-12:00
    expect(whatIf.json.counts).toMatchObject({ total: 56, open: 55 });
  });

  it('refuses an instant without an offset', async () => {
    const res = await admin.post<Problem>('/grid/rebuild?at=2026-02-17T10:00:00');
    expect(res.status).toBe(400);
    expect(res.json.errors?.[0]?.field).toBe('at');
  });
});

describe('GET /grid', () => {
  it('returns the latest snapshot as JSON, gzip-encoded when the client takes gzip', async () => {
    const res = await resident.get<GridSnapshot>('/grid');
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.json.centers).toHaveLength(56);
    expect(res.json.streets).toHaveLength(12);
    const community = res.json.centers.find((c) => c.id === 'c-youyi-a');
    expect(community).toMatchObject({ streetId: 'c-youyi', residential: true });
    // its three bookable rooms hold 65 people, offered while it is open
    const open = community?.status === 'open' || community?.status === 'closing-soon';
    expect(community?.load).toEqual({ openServiceOrders: 0, bookedNow: 0, capacityNow: open ? 65 : 0 });
    expect(res.json.centers.find((c) => c.id === officeId)).toMatchObject({ residential: false });
    expect(res.json.streets.find((s) => s.id === 'c-youyi')?.total).toBe(7);

    const plain = await resident.get<GridSnapshot>('/grid', { headers: { 'accept-encoding': 'identity' } });
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.json).toEqual(res.json);
  });

  it('returns GeoJSON for maps: cells as closed polygons, centers as [lon, lat] points', async () => {
    const json = (await resident.get<GridSnapshot>('/grid')).json;
    const res = await resident.get<GridFeatureCollection>('/grid?format=geojson');
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/geo+json');
    expect(res.json.type).toBe('FeatureCollection');
    expect(res.json.snapshot.id).toBe(json.id);
    const cells = res.json.features.filter((f) => f.geometry?.type === 'Polygon');
    const points = res.json.features.filter((f) => f.geometry?.type === 'Point');
    expect(cells).toHaveLength(json.cells.length);
    expect(points).toHaveLength(56);
    for (const cell of cells) {
      const ring = (cell.geometry!.coordinates as [number, number][][])[0]!;
      expect(ring[0]).toEqual(ring.at(-1));
      expect(cell.properties).toMatchObject({ feature: 'cell' });
      expect(cell.properties.total).toBeGreaterThan(0);
    }
    const youyi = points.find((f) => f.id === 'c-youyi');
    expect(youyi?.geometry?.coordinates).toEqual([121.487, 31.406]);
    expect(youyi?.properties).toMatchObject({ name: '友谊路街道党群服务中心', level: 'street' });
    expect(youyi?.properties).toHaveProperty('status');
    expect(youyi?.properties).toHaveProperty('nextChange');
  });

  it('refuses unknown formats and parameters, and machine clients', async () => {
    expect((await resident.get<Problem>('/grid?format=kml')).status).toBe(400);
    const unknown = await resident.get<Problem>('/grid?bbox=1,2,3,4');
    expect(unknown.status).toBe(400);
    expect(unknown.json.errors?.[0]?.field).toBe('bbox');
    expect((await machine.get('/grid')).status).toBe(403);
    expect((await anonymous.get('/grid')).status).toBe(401);
  });
});

describe('GET /grid/snapshots/{id}', () => {
  it('is a 404 for a snapshot never built and a 400 for something that is no snapshot id', async () => {
    const missing = await resident.get<Problem>('/grid/snapshots/grid-20200101t0000z');
    expect(missing.status).toBe(404);
    expect(missing.json.detail).toContain('grid-20200101t0000z');
    expect((await resident.get('/grid/snapshots/LATEST')).status).toBe(400);
  });
});

describe('GET /grid/history', () => {
  it('gives the status of a center at each tick built', async () => {
    const latest = (await resident.get<GridSnapshot>('/grid')).json;
    const res = await resident.get<History>(
      `/grid/history?${qs({ centerId: 'c-youyi-a', ...hourAround() })}`,
    );
    expect(res.status, res.text).toBe(200);
    expect(res.json.subject).toMatchObject({ type: 'center', id: 'c-youyi-a' });
    const status = latest.centers.find((c) => c.id === 'c-youyi-a')?.status;
    expect(res.json.points).toEqual([expect.objectContaining({ at: latest.tick, status, total: 1 })]);
    expect(res.json.summary).toMatchObject({ samples: 1, daysCovered: 1 });
  });

  it('gives a street open / total over its subtree, per tick and per day', async () => {
    const street = await resident.get<History>(
      `/grid/history?${qs({ streetId: 'c-youyi', ...hourAround() })}`,
    );
    expect(street.status, street.text).toBe(200);
    expect(street.json.points).toHaveLength(1);
    expect(street.json.points[0]?.total).toBe(7);
    const days = await resident.get<History>(
      `/grid/history?${qs({ streetId: 'c-youyi', ...hourAround(), resolution: 'day' })}`,
    );
    expect(days.status, days.text).toBe(200);
    expect(days.json.points.map((p) => p.total)).toContain(7);
    expect(days.json.points.every((p) => p.at === undefined)).toBe(true);
  });

  it('refuses missing subjects, both subjects, and bad ranges', async () => {
    const range = hourAround();
    const cases: [Record<string, string>, string][] = [
      [range, 'centerId'],
      [{ centerId: 'c-youyi-a', streetId: 'c-youyi', ...range }, 'centerId'],
      [{ centerId: 'c-youyi-a', from: range.to, to: range.from }, 'to'],
      [{ centerId: 'c-youyi-a', from: '2025-01-01T00:00:00+08:00', to: '2026-02-01T00:00:00+08:00' }, 'to'],
      [{ centerId: 'c-youyi-a', from: '2026-01-01T00:00:00', to: range.to }, 'from'],
      [{ centerId: 'c-youyi-a', to: range.to }, 'from'],
    ];
    for (const [query, field] of cases) {
      const res = await resident.get<Problem>(`/grid/history?${qs(query)}`);
      expect(res.status, `${JSON.stringify(query)}: ${res.text}`).toBe(400);
      expect(res.json.errors?.map((e) => e.field)).toContain(field);
    }
    const notAStreet = await resident.get<Problem>(
      `/grid/history?${qs({ streetId: 'c-youyi-a', ...range })}`,
    );
    expect(notAStreet.status).toBe(400);
    expect(notAStreet.json.errors?.[0]?.field).toBe('streetId');
  });

  it('is a 404 for an unknown center or street, and a 403 for machine clients', async () => {
    const range = hourAround();
    const center = await resident.get<Problem>(`/grid/history?${qs({ centerId: 'c-nowhere', ...range })}`);
    expect(center.status).toBe(404);
    expect(center.json.detail).toBe('center c-nowhere does not exist');
    const street = await resident.get<Problem>(`/grid/history?${qs({ streetId: 'c-nowhere', ...range })}`);
    expect(street.status).toBe(404);
    expect(street.json.detail).toBe('street c-nowhere does not exist');
    expect((await machine.get(`/grid/history?${qs({ centerId: 'c-youyi-a', ...range })}`)).status).toBe(403);
  });
});

describe('live load', () => {
  it('counts the open service orders at each center', async () => {
    const placed = await resident.post<{ id: string; status: string }>('/service-orders', {
      serviceCode: 'red-agency',
      centerId: 'c-gucun-a',
      attributes: { matter: '代领老年卡', pickup: '上门 at home' },
    });
    expect(placed.status, placed.text).toBe(201);
    const built = await admin.post<Rebuilt>(
      `/grid/rebuild?at=${encodeURIComponent(new Date().toISOString())}`,
    );
    expect(built.status, built.text).toBe(201);
    const snapshot = await resident.get<GridSnapshot>(`/grid/snapshots/${built.json.id}`);
    const load = new Map(snapshot.json.centers.map((c) => [c.id, c.load]));
    expect(load.get('c-gucun-a')?.openServiceOrders).toBe(1);
    expect(load.get('c-gucun-b')?.openServiceOrders).toBe(0);
  });

  it('shows who is booked in at the moment asked for, against the places of the open rooms', async () => {
    // next Tuesday at least three days ahead, 10:00-11:00 in the community's reading room
    const today = new Date(Date.now() + 8 * 3_600_000);
    today.setUTCDate(today.getUTCDate() + 3 + ((2 - ((today.getUTCDay() + 3) % 7) + 7) % 7));
    const day = today.toISOString().slice(0, 10);
    const booked = await resident.post<{ status: string }>(
      '/bookings',
      {
        centerId: 'c-gucun-b',
        roomId: 'r-gucun-b-2',
        start: `${day}T10:00:00+08:00`,
        end: `${day}T11:00:00+08:00`,
        partySize: 3,
      },
      { headers: { 'idempotency-key': 'grid-load-reading-room' } },
    );
    expect(booked.status, booked.text).toBe(201);
    expect(booked.json.status).toBe('confirmed');
    const built = await admin.post<Rebuilt>(
      `/grid/rebuild?at=${encodeURIComponent(`${day}T10:30:00+08:00`)}`,
    );
    expect(built.status, built.text).toBe(201);
    const snapshot = await resident.get<GridSnapshot>(`/grid/snapshots/${built.json.id}`);
    const load = new Map(snapshot.json.centers.map((c) => [c.id, c.load]));
    expect(load.get('c-gucun-b')).toEqual({ openServiceOrders: 0, bookedNow: 3, capacityNow: 65 });
    expect(load.get('c-gucun-c')?.bookedNow).toBe(0);
  });
});

describe('the OpenAPI document', () => {
  it('documents the grid operations', async () => {
    const doc = await anonymous.get<{ paths: Record<string, Record<string, unknown>> }>('/openapi.json');
    expect(Object.keys(doc.json.paths)).toEqual(
      expect.arrayContaining(['/grid', '/grid/rebuild', '/grid/history', '/grid/snapshots/{id}']),
    );
  });
});
