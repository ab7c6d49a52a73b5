import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzip as gunzipCallback } from 'node:zlib';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as cancelBooking } from '../../functions/bookings/cancel-booking.ts';
import { run as createBooking } from '../../functions/bookings/create-booking.ts';
import { run as buildGridOnSchedule } from '../../functions/grid/build-grid.ts';
import { run as getHistory } from '../../functions/grid/get-grid-history.ts';
import type { Principal } from '../../shared/domain/auth.ts';
import { type Booking, CreateBookingSchema } from '../../shared/domain/booking.ts';
import { addDays, weekdayOf } from '../../shared/domain/calendar.ts';
import { GridHistoryQuery } from '../../shared/domain/grid-history.ts';
import type { GridSnapshot } from '../../shared/domain/grid-schema.ts';
import { wallClock } from '../../shared/domain/zoned-time.ts';
import { tableName } from '../../shared/runtime/env.ts';
import { db as dbClient } from '../../shared/store/client.ts';
import {
  listSnapshotHeaders,
  PART_BYTES,
  queryDays,
  queryTicks,
  readLatest,
  readSnapshot,
  saveSnapshot,
} from '../../shared/store/grid.ts';
import { buildGrid } from '../../shared/store/grid-build.ts';
import { keys } from '../../shared/store/keys.ts';
import { putClosure, updateRoom } from '../../shared/store/rooms.ts';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';

/**
 * The grid builder against DynamoDB Local with the demo network (55 centers: Shanghai, Baoshan,
 * 12 streets and towns, 36 communities and villages, 5 field positions).
 */

const gunzip = promisify(gunzipCallback);
let platform: TestPlatform;

const at = (local: string) => Date.parse(`${local}+08:00`);
/** A Wednesday: every demo center is open at 10:00. */
const WEDNESDAY_10 = at('2026-03-04T10:00:00');
const TICK_MS = 5 * 60_000;

async function snapshotJson(stored: { gzip: Buffer } | undefined): Promise<GridSnapshot> {
  if (!stored) throw new Error('no snapshot');
  return JSON.parse((await gunzip(stored.gzip)).toString('utf8')) as GridSnapshot;
}

async function partition(pk: string) {
  const { Items } = await dbClient().send(
    new QueryCommand({
      TableName: tableName('main'),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk },
    }),
  );
  return Items ?? [];
}

beforeAll(async () => {
  platform = await startTestPlatform({ seed: true, pollers: false });
});
afterAll(async () => {
  await platform?.stop();
});

describe('buildGrid (scheduled)', () => {
  it('stores the snapshot of the tick, moves the latest pointer and reads back the same snapshot', async () => {
    const result = await buildGrid({ at: WEDNESDAY_10 + 90_000, kind: 'scheduled' });
    expect(result).toMatchObject({ created: true, latestMoved: true });
    expect(result.header).toMatchObject({
      id: 'grid-20260304t0200z',
      kind: 'scheduled',
      at: '2026-03-04T02:00:00.000Z',
      district: '310113',
      counts: { total: 55, open: 55 },
      circle: { walkMeters: 1000, residential: 36, covered: 36, uncovered: 0 },
    });
    // centers (1 Query), closures (1 Query), open service orders (1 Query per open status), the
    // bookable rooms (1 Query), the bookings under way (1 Query per UTC day they may have started on:
    // 10:00 in Shanghai reaches back 12 hours into the day before), calendars and day roll-ups (BatchGet), the part and
    // the tick samples (BatchWrite), header and pointer (Put), and the first tick of the day
    // starts the day roll-ups of the 14 groups (one transaction)
    expect(result.build.byOperation).toEqual({
      Query: 8,
      BatchGetItem: 2,
      BatchWriteItem: 2,
      PutItem: 2,
      TransactWriteItems: 1,
    });
    expect(result.build.dynamodbRequests).toBe(15);
    expect(result.history).toEqual({ tickItems: 14, dayUpdates: 14 });

    const latest = await readLatest();
    expect(latest?.header).toEqual(result.header);
    const snapshot = await snapshotJson(latest);
    expect(snapshot.centers).toHaveLength(55);
    expect(snapshot.streets).toHaveLength(12);
    expect(snapshot.streets.find((s) => s.id === 'c-youyi')).toEqual({
      id: 'c-youyi',
      name: '友谊路街道党群服务中心',
      open: 6,
      total: 6, // the street, 3 communities, a post station and a business district
    });
    expect(snapshot.cells.reduce((sum, c) => sum + c.total, 0)).toBe(55);
    expect(await snapshotJson(await readSnapshot(result.header.id))).toEqual(snapshot);
  });

  it('builds the same tick again into the same snapshot: one header, one set of parts', async () => {
    const again = await buildGrid({ at: WEDNESDAY_10 + 299_000, kind: 'scheduled' });
    expect(again).toMatchObject({ created: false, latestMoved: true });
    expect(again.header.id).toBe('grid-20260304t0200z');

    const items = await partition(keys.gridSnapshot('grid-20260304t0200z').pk);
    const headers = items.filter((i) => i.sk === 'META');
    const parts = items.filter((i) => String(i.sk).startsWith('PART#'));
    expect(headers).toHaveLength(1);
    expect(parts).toHaveLength(again.build.parts);
    expect(parts.every((p) => String(p.sk).startsWith(`PART#${headers[0]?.build}#`))).toBe(true);
    // no roll-up gains anyone; one more BatchWrite drops the replaced parts
    expect(again.build.byOperation).toEqual({ Query: 8, BatchGetItem: 2, BatchWriteItem: 3, PutItem: 2 });
  });

  it('never moves the latest pointer back to an older tick', async () => {
    const older = await buildGrid({ at: WEDNESDAY_10 - TICK_MS, kind: 'scheduled' });
    expect(older).toMatchObject({ created: true, latestMoved: false });
    expect(older.header.id).toBe('grid-20260304t0155z');
    expect((await readLatest())?.header.id).toBe('grid-20260304t0200z');

    const newer = await buildGrid({ at: WEDNESDAY_10 + TICK_MS, kind: 'scheduled' });
    expect(newer.latestMoved).toBe(true);
    expect((await readLatest())?.header.id).toBe('grid-20260304t0205z');
  });

  it('lists the scheduled snapshots of a time range from the index', async () => {
    const page = await listSnapshotHeaders('2026-03-04T01:55:00.000Z', '2026-03-04T02:00:00.000Z', 10);
    expect(page.items.map((h) => h.id)).toEqual(['grid-20260304t0155z', 'grid-20260304t0200z']);
  });

  it('keeps tick samples and day roll-ups per street', async () => {
    const ticks = await queryTicks(
      'c-youyi',
      '2026-03-04T09:00:00+08:00',
      '2026-03-04T11:00:00+08:00',
      100,
      undefined,
    );
    expect(ticks.items.map((t) => t.at)).toEqual([
      '2026-03-04T01:55:00.000Z',
      '2026-03-04T02:00:00.000Z',
      '2026-03-04T02:05:00.000Z',
    ]);
    expect(ticks.items[0]).toMatchObject({ date: '2026-03-04' });
    expect(Object.keys(ticks.items[0]?.statuses ?? {}).sort()).toEqual(
      ['c-youyi', 'c-youyi-a', 'c-youyi-b', 'c-youyi-c', 'c-youyi-mall', 'c-youyi-post'].sort(),
    );
    // 09:55: the business district (10:00-21:00) opens soon; 10:00: all open
    expect(ticks.items[0]?.statuses['c-youyi-mall']).toBe('s');
    expect(new Set(Object.values(ticks.items[1]?.statuses ?? {}))).toEqual(new Set(['o']));

    const days = await queryDays('c-youyi', '2026-03-01', '2026-03-31', 50, undefined);
    expect(days.items).toHaveLength(1);
    expect(days.items[0]?.date).toBe('2026-03-04');
    expect(days.items[0]?.sampled.size).toBe(6);
    expect(days.items[0]?.open.size).toBe(6);

    // the district center is its own group
    const district = await queryTicks(
      'c-baoshan',
      '2026-03-04T00:00:00Z',
      '2026-03-05T00:00:00Z',
      100,
      undefined,
    );
    expect(district.items.map((t) => Object.keys(t.statuses))).toEqual([
      ['c-baoshan'],
      ['c-baoshan'],
      ['c-baoshan'],
    ]);
  });
});

describe('buildGrid (what-if)', () => {
  it('builds another moment under its own id with a one-day expiry, leaving the latest alone', async () => {
    const latestBefore = await readLatest();
    const now = Date.now();
    const whatIf = await buildGrid({ at: at('2026-02-17T10:00:00'), kind: 'what-if' });
    expect(whatIf).toMatchObject({ created: true, latestMoved: false });
    expect(whatIf.header).toMatchObject({ id: 'what-if-20260217t020000z', kind: 'what-if' });
    expect(whatIf.history).toBeUndefined();
    expect(whatIf.build.byOperation).toEqual({ Query: 8, BatchGetItem: 1, BatchWriteItem: 1, PutItem: 1 });
    expect((await readLatest())?.header).toEqual(latestBefore?.header);

    const snapshot = await snapshotJson(await readSnapshot('what-if-20260217t020000z'));
    // Spring Festival: every demo center has weekend hours, which holidays follow
    expect(snapshot.centers.every((c) => c.basis === 'holiday')).toBe(true);
    const { Item } = await dbClient().send(
      new GetCommand({ TableName: tableName('main'), Key: keys.gridSnapshot('what-if-20260217t020000z') }),
    );
    expect(Item?.expiresAt).toBeGreaterThanOrEqual(Math.floor(now / 1000) + 86_400 - 5);
    expect(Item?.expiresAt).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 86_400);
    // no history for what-if builds
    const ticks = await queryTicks('c-youyi', '2026-02-17T00:00:00Z', '2026-02-18T00:00:00Z', 10, undefined);
    expect(ticks.items).toEqual([]);
  });

  it('applies temporary closures and finds the gaps of the circle at night', async () => {
    await putClosure({
      id: 'x-grid-1',
      centerId: 'c-youyi-a',
      from: '2026-03-04T00:00:00+08:00',
      to: '2026-03-05T00:00:00+08:00',
      reason: '设备检修',
      createdAt: new Date().toISOString(),
    });
    const snapshot = await snapshotJson(
      await readSnapshot((await buildGrid({ at: at('2026-03-04T22:00:00'), kind: 'what-if' })).header.id),
    );
    const byId = new Map(snapshot.centers.map((c) => [c.id, c]));
    expect(byId.get('c-youyi-a')).toMatchObject({ status: 'temporarily-closed', basis: 'closure' });
    expect(byId.get('c-youyi-post')).toMatchObject({ status: 'open' }); // 24/7
    expect(snapshot.counts.open).toBe(1);
    // only the communities within 1 km of the 24/7 post station are covered
    expect(snapshot.circle).toMatchObject({ residential: 36, covered: 2, uncovered: 34 });
    const gaps = new Map(snapshot.circle.gaps.map((g) => [g.id, g]));
    expect(gaps.has('c-youyi-a')).toBe(false);
    expect(gaps.has('c-youyi-c')).toBe(false);
    expect(gaps.get('c-youyi-b')?.nearestOpen?.id).toBe('c-youyi-post');
    expect(gaps.get('c-wusong-a')?.nearestOpen).toMatchObject({ id: 'c-youyi-post' });
    expect(gaps.get('c-luojing-a')?.nearestOpen).toBeNull(); // more than 5 km away
  });
});

describe('saveSnapshot', () => {
  it('splits a large snapshot into parts of at most 350 KB and reads it back equal', async () => {
    const base = await snapshotJson(await readLatest());
    // random names, so that compression cannot make it small
    const centers = Array.from({ length: 20_000 }, (_, i) => ({
      ...base.centers[i % base.centers.length]!,
      id: `c-${i}`,
      name: randomBytes(24).toString('hex'),
    }));
    const big: GridSnapshot = {
      ...base,
      id: 'grid-20260101t0000z',
      tick: '2026-01-01T00:00:00.000Z',
      centers,
    };
    const saved = await saveSnapshot(big, { now: Date.now(), moveLatest: false, build: 'b-big' });
    expect(saved.parts).toBeGreaterThan(1);
    expect(saved.compressedBytes).toBeGreaterThan(PART_BYTES);
    const items = await partition(keys.gridSnapshot(big.id).pk);
    for (const part of items.filter((i) => String(i.sk).startsWith('PART#'))) {
      expect((part.data as Uint8Array).length).toBeLessThanOrEqual(PART_BYTES);
    }
    expect(await snapshotJson(await readSnapshot(big.id))).toEqual(big);
  });
});

describe('build-grid (the scheduled function)', () => {
  it('builds the tick of the event time and reports its DynamoDB requests', async () => {
    const result = await buildGridOnSchedule(new Date(WEDNESDAY_10 + 2 * TICK_MS + 1_000));
    expect(result.header.id).toBe('grid-20260304t0210z');
    expect(result.latestMoved).toBe(true);
    expect(result.history?.tickItems).toBe(14); // 12 streets, the district and the city
    // a tick later in the day: 14 requests in all
    expect(result.build.byOperation).toEqual({ Query: 8, BatchGetItem: 2, BatchWriteItem: 2, PutItem: 2 });
    expect(result.build.dynamodbRequests).toBe(14);
  });
});

describe('get-grid-history over several days', () => {
  const resident: Principal = { kind: 'user', sub: 'resident-1', role: 'resident' };
  const history = async (query: Record<string, string>) => {
    const result = await getHistory({
      query: GridHistoryQuery.parse(query),
      principal: resident,
      params: undefined,
      body: undefined,
      headers: {},
      requestId: 'test',
    });
    expect(result.status).toBe(200);
    return result.body as {
      points: { at?: string; date: string; status?: string; open: number; total: number }[];
      summary: Record<string, number | null>;
      nextCursor: string | null;
    };
  };
  const range = { from: '2026-03-10T00:00:00+08:00', to: '2026-03-13T00:00:00+08:00' };

  beforeAll(async () => {
    // Tuesday 10:00 and 22:00, Wednesday 10:00, Thursday 03:00 (only the 24/7 post station is open at night)
    for (const local of [
      '2026-03-10T10:00:00',
      '2026-03-10T22:00:00',
      '2026-03-11T10:00:00',
      '2026-03-12T03:00:00',
    ]) {
      await buildGrid({ at: at(local), kind: 'scheduled' });
    }
  });

  it('gives a center its status at every tick and sums up the page', async () => {
    const body = await history({ centerId: 'c-youyi-a', ...range });
    expect(body.points.map((p) => [p.date, p.status])).toEqual([
      ['2026-03-10', 'open'],
      ['2026-03-10', 'closed'],
      ['2026-03-11', 'open'],
      ['2026-03-12', 'closed'],
    ]);
    expect(body.summary).toEqual({
      samples: 4,
      openSamples: 2,
      openShare: 0.5,
      daysCovered: 3,
      daysWithOpen: 2,
      daysAllOpen: 2,
    });
    expect(body.nextCursor).toBeNull();
  });

  it('gives a center one point per day: was it open at least once', async () => {
    const body = await history({ centerId: 'c-youyi-a', ...range, resolution: 'day' });
    expect(body.points).toEqual([
      { date: '2026-03-10', open: 1, total: 1 },
      { date: '2026-03-11', open: 1, total: 1 },
      { date: '2026-03-12', open: 0, total: 1 },
    ]);
    expect(body.summary).toMatchObject({ daysCovered: 3, daysWithOpen: 2, daysAllOpen: 2 });
  });

  it('gives a street open / total of its subtree, per tick and per day', async () => {
    const ticks = await history({ streetId: 'c-youyi', ...range });
    expect(ticks.points.map((p) => [p.open, p.total])).toEqual([
      [6, 6],
      [1, 6],
      [6, 6],
      [1, 6],
    ]);
    expect(ticks.summary).toMatchObject({
      samples: 24,
      openSamples: 14,
      daysCovered: 3,
      daysWithOpen: 3,
      daysAllOpen: 2,
    });
    const days = await history({ streetId: 'c-youyi', ...range, resolution: 'day' });
    expect(days.points.map((p) => [p.date, p.open, p.total])).toEqual([
      ['2026-03-10', 6, 6],
      ['2026-03-11', 6, 6],
      ['2026-03-12', 1, 6],
    ]);
  });

  it('pages with a cursor that only fits its own list', async () => {
    const first = await history({ centerId: 'c-youyi-a', ...range, limit: '3' });
    expect(first.points).toHaveLength(3);
    expect(first.nextCursor).not.toBeNull();
    const second = await history({ centerId: 'c-youyi-a', ...range, limit: '3', cursor: first.nextCursor! });
    expect(second.points.map((p) => p.date)).toEqual(['2026-03-12']);
    await expect(
      getHistory({
        query: GridHistoryQuery.parse({ centerId: 'c-wusong-a', ...range, cursor: first.nextCursor! }),
        principal: resident,
        params: undefined,
        body: undefined,
        headers: {},
        requestId: 'test',
      }),
    ).rejects.toMatchObject({ status: 400, errors: [{ field: 'cursor' }] });
  });
});

describe('buildGrid: who is booked in now', () => {
  const resident = (sub: string): Principal => ({ kind: 'user', sub, role: 'resident' });
  const book = async (sub: string, body: Record<string, unknown>) =>
    (
      await createBooking({
        body: CreateBookingSchema.parse(body),
        principal: resident(sub),
        query: undefined,
        params: undefined,
        headers: {},
        requestId: 'test',
      })
    ).body as Booking;
  /** A Wednesday at least three days ahead (December 2026 has no holiday). */
  const wednesday = () => {
    const today = wallClock(Date.now(), 'Asia/Shanghai').date;
    const ahead = addDays(today, 3);
    return addDays(ahead, (3 - weekdayOf(ahead) + 7) % 7);
  };
  const load = async (instant: number) => {
    const result = await buildGrid({ at: instant, kind: 'what-if' });
    const snapshot = await snapshotJson(await readSnapshot(result.header.id));
    return new Map(snapshot.centers.map((c) => [c.id, c.load]));
  };

  it('counts the people of bookings under way against the places of the open rooms', async () => {
    const day = wednesday();
    const local = (hhmm: string) => `${day}T${hhmm}:00+08:00`;
    // the street's reading room and training hall are booked by seats; three parties overlap 10:45
    const first = await book('g-1', {
      centerId: 'c-youyi',
      roomId: 'r-youyi-2',
      start: local('10:00'),
      end: local('11:00'),
      partySize: 3,
    });
    await book('g-2', {
      centerId: 'c-youyi',
      roomId: 'r-youyi-2',
      start: local('10:30'),
      end: local('12:00'),
      partySize: 2,
    });
    await book('g-3', {
      centerId: 'c-youyi',
      roomId: 'r-youyi-1',
      start: local('10:00'),
      end: local('11:00'),
      partySize: 4,
    });
    // over by 10:45
    await book('g-4', {
      centerId: 'c-youyi',
      roomId: 'r-youyi-2',
      start: local('09:00'),
      end: local('10:30'),
      partySize: 5,
    });

    const during = await load(Date.parse(local('10:45')));
    // places: training hall 80, reading room 30, meeting room 20 (the heart-to-heart room is not bookable)
    expect(during.get('c-youyi')).toEqual({ openServiceOrders: 0, bookedNow: 9, capacityNow: 130 });
    // a community's rooms are half the size
    expect(during.get('c-youyi-a')?.capacityNow).toBe(65);
    expect(during.get('c-youyi-a')?.bookedNow).toBe(0);
    // a center without bookable rooms
    expect(during.get('c-shanghai')?.capacityNow).toBeNull();

    // a booking ending exactly now is over; one starting exactly now is under way
    expect((await load(Date.parse(local('11:00')))).get('c-youyi')?.bookedNow).toBe(2);
    expect((await load(Date.parse(local('10:00')))).get('c-youyi')?.bookedNow).toBe(12);

    await cancelBooking({
      body: {},
      principal: resident('g-1'),
      query: undefined,
      params: { id: first.id },
      headers: {},
      requestId: 'test',
    });
    expect((await load(Date.parse(local('10:45')))).get('c-youyi')?.bookedNow).toBe(6);
    // a room taken off booking no longer counts, and counts again once bookable
    const meetingRoom = await updateRoom('c-youyi', 'r-youyi-3', { bookable: false }, 1);
    expect((await load(Date.parse(local('10:45')))).get('c-youyi')?.capacityNow).toBe(110);
    await updateRoom('c-youyi', 'r-youyi-3', { bookable: true }, meetingRoom.version);
    expect((await load(Date.parse(local('10:45')))).get('c-youyi')?.capacityNow).toBe(130);
    // closed at night: the rooms take nobody
    expect((await load(Date.parse(local('23:00')))).get('c-youyi')).toEqual({
      openServiceOrders: 0,
      bookedNow: 0,
      capacityNow: 0,
    });
  });
});
