import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Activity, Occurrence } from '../../shared/domain/activities.ts';
import type { Booking } from '../../shared/domain/booking.ts';
import { instantOf, isoInZone, wallClock } from '../../shared/domain/zoned-time.ts';
import { type ApiClient, startTestPlatform, type TestPlatform } from '../support/platform.ts';

/**
 * Bookings through the local HTTP API on the seeded demo network (its bookable rooms and
 * recurring Party classes), every answer checked against the OpenAPI document: availability, a
 * room booking through approval, seats of a class with Idempotency-Key, who sees what, refused
 * input as problem+json, activities with their series, and a closure cancelling bookings.
 */

let platform: TestPlatform;
let resident: ApiClient;
let otherResident: ApiClient;
let youyiStaff: ApiClient;
let gucunStaff: ApiClient;
let member: ApiClient;

type Page<T> = { items: T[]; nextCursor: string | null };
type Problem = {
  type: string;
  status: number;
  detail: string;
  errors?: { field: string; message: string }[];
};
const TZ = 'Asia/Shanghai';

const dayFromToday = (days: number) => {
  const d = new Date(`${wallClock(Date.now(), TZ).date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};
const localIso = (date: string, hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return isoInZone(instantOf(date, h! * 60 + m!, TZ), TZ);
};

beforeAll(async () => {
  platform = await startTestPlatform({ seed: true });
  resident = platform.api(await platform.mintToken({ role: 'resident', sub: 'resident-bk-1' }));
  otherResident = platform.api(await platform.mintToken({ role: 'resident', sub: 'resident-bk-2' }));
  member = platform.api(await platform.mintToken({ role: 'resident', sub: 'member-bk', partyMember: true }));
  youyiStaff = platform.api(
    await platform.mintToken({ role: 'staff', centerId: 'c-youyi', sub: 'staff-youyi' }),
  );
  gucunStaff = platform.api(
    await platform.mintToken({ role: 'staff', centerId: 'c-gucun', sub: 'staff-gucun' }),
  );
});
afterAll(async () => {
  await platform?.stop();
});

describe('a room booking', () => {
  const date = dayFromToday(3);
  let booking: Booking;

  it('shows the free slots of the meeting room for a day, on its 30-minute step', async () => {
    const res = await resident.get<{
      slots: { start: string; bookable: boolean }[];
      rules: { approval: boolean };
    }>(`/centers/c-youyi/rooms/r-youyi-3/availability?date=${date}`);
    expect(res.status).toBe(200);
    expect(res.json.rules.approval).toBe(true);
    expect(res.json.slots.find((s) => s.start === localIso(date, '10:00'))?.bookable).toBe(true);
  });

  it('is pending until staff of the center approve it, and then the slot is taken', async () => {
    const res = await resident.post<Booking>('/bookings', {
      centerId: 'c-youyi',
      roomId: 'r-youyi-3',
      start: localIso(date, '10:00'),
      end: localIso(date, '11:00'),
      partySize: 6,
    });
    expect(res.status).toBe(201);
    booking = res.json;
    expect(booking).toMatchObject({ status: 'pending', kind: 'room', partySize: 6 });
    expect(booking.code).toMatch(/^[2-9A-Z]{6}$/);

    const approved = await youyiStaff.post<Booking>(`/bookings/${booking.id}/approve`);
    expect(approved.status).toBe(200);
    expect(approved.json.status).toBe('confirmed');

    const slots = await resident.get<{ slots: { start: string; remaining: number; bookable: boolean }[] }>(
      `/centers/c-youyi/rooms/r-youyi-3/availability?date=${date}`,
    );
    expect(slots.json.slots.find((s) => s.start === localIso(date, '10:30'))).toMatchObject({
      remaining: 0,
      bookable: false,
    });
    const again = await otherResident.post<Problem>('/bookings', {
      centerId: 'c-youyi',
      roomId: 'r-youyi-3',
      start: localIso(date, '10:30'),
      end: localIso(date, '11:30'),
    });
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });

  it('is seen by its resident and the staff of its center; other residents and staff of another center get 403', async () => {
    expect((await resident.get(`/bookings/${booking.id}`)).status).toBe(200);
    expect((await youyiStaff.get(`/bookings/${booking.id}`)).status).toBe(200);
    expect((await otherResident.get(`/bookings/${booking.id}`)).status).toBe(403);
    expect((await gucunStaff.get(`/bookings/${booking.id}`)).status).toBe(403);
    expect((await gucunStaff.post(`/bookings/${booking.id}/cancel`, { reason: 'x' })).status).toBe(403);
  });

  it("lists the day's bookings for the center's staff only", async () => {
    const day = await youyiStaff.get<Page<Booking>>(`/centers/c-youyi/bookings?date=${date}`);
    expect(day.status).toBe(200);
    expect(day.json.items.map((b) => b.id)).toContain(booking.id);
    expect((await gucunStaff.get(`/centers/c-youyi/bookings?date=${date}`)).status).toBe(403);
    expect((await resident.get(`/centers/c-youyi/bookings?date=${date}`)).status).toBe(403);
  });

  it('refuses bad slots with the reason, as problem+json', async () => {
    const slot = (start: string, end: string, extra: Record<string, unknown> = {}) =>
      resident.post<Problem>('/bookings', { centerId: 'c-youyi', roomId: 'r-youyi-3', start, end, ...extra });
    const past = await slot(localIso(dayFromToday(-2), '10:00'), localIso(dayFromToday(-2), '11:00'));
    expect(past.status).toBe(400);
    expect(past.json.errors).toContainEqual(
      expect.objectContaining({ field: 'start', message: 'is in the past' }),
    );
    const offStep = await slot(localIso(date, '13:10'), localIso(date, '14:10'));
    expect(offStep.json.errors?.map((e) => e.field)).toContain('start');
    const late = await slot(localIso(date, '20:00'), localIso(date, '21:00'));
    expect(late.json.detail).toMatch(/outside the opening hours/);
    expect((await slot(localIso(date, '14:00'), localIso(date, '15:00'), { partySize: 500 })).status).toBe(
      400,
    );
    expect(
      (
        await resident.post('/bookings', {
          centerId: 'c-youyi',
          roomId: 'r-nope',
          start: localIso(date, '14:00'),
          end: localIso(date, '15:00'),
        })
      ).status,
    ).toBe(404);
    expect((await resident.post('/bookings', { roomId: 'r-youyi-3' })).status).toBe(400);
  });

  it('lets the resident cancel their own booking before the cut-off', async () => {
    const res = await resident.post<Booking>(`/bookings/${booking.id}/cancel`, {});
    expect(res.status).toBe(200);
    expect(res.json.status).toBe('cancelled');
    expect((await otherResident.post(`/bookings/${booking.id}/cancel`, {})).status).toBe(403);
  });
});

describe('seats of a recurring Party class', () => {
  let occurrence: Occurrence;

  it('lists the seeded series and its occurrences with the seats left', async () => {
    const activities = await resident.get<Page<Activity>>('/centers/c-baoshan/activities');
    const redLine = activities.json.items.find((a) => a.kind === 'party-class');
    expect(redLine).toMatchObject({ seats: 500, seatShards: 4 });
    const occurrences = await resident.get<Page<Occurrence>>(
      `/centers/c-baoshan/activities/${redLine!.id}/occurrences`,
    );
    expect(occurrences.status).toBe(200);
    occurrence = occurrences.json.items[0]!;
    expect(occurrence.seatsLeft).toBe(500);
  });

  it('makes one booking of a sign-up sent twice with the same Idempotency-Key', async () => {
    const headers = { 'idempotency-key': 'class-signup-1' };
    const first = await resident.post<Booking>('/bookings', { occurrenceId: occurrence.id }, { headers });
    const second = await resident.post<Booking>('/bookings', { occurrenceId: occurrence.id }, { headers });
    expect(first.status).toBe(201);
    expect(second.json.id).toBe(first.json.id);
    expect(first.json.status).toBe('confirmed');
    const mine = await resident.get<Page<Booking>>('/me/bookings');
    expect(mine.json.items.filter((b) => b.occurrenceId === occurrence.id)).toHaveLength(1);
    const occurrences = await resident.get<Page<Occurrence>>(
      `/centers/c-baoshan/activities/${occurrence.activityId}/occurrences`,
    );
    expect(occurrences.json.items[0]?.seatsLeft).toBe(499);
  });

  it('keeps a Party-members-only lecture for Party members (403 for others)', async () => {
    const activities = await resident.get<Page<Activity>>('/centers/c-youyi/activities');
    const lecture = activities.json.items.find((a) => a.partyMembersOnly)!;
    const occurrences = await resident.get<Page<Occurrence>>(
      `/centers/c-youyi/activities/${lecture.id}/occurrences`,
    );
    const id = occurrences.json.items[0]!.id;
    expect((await otherResident.post('/bookings', { occurrenceId: id })).status).toBe(403);
    expect((await member.post<Booking>('/bookings', { occurrenceId: id })).json.status).toBe('confirmed');
  });
});

describe('activities', () => {
  it('publishes a weekly series, listing the dates a closure refuses', async () => {
    const first = dayFromToday(7);
    const closure = await youyiStaff.post('/centers/c-youyi/closures', {
      from: localIso(dayFromToday(14), '00:00'),
      to: localIso(dayFromToday(15), '00:00'),
      reason: '设备检修',
    });
    expect(closure.status).toBe(201);
    const body = {
      title: '主题党日',
      kind: 'theme-party-day',
      start: localIso(first, '15:00'),
      end: localIso(first, '16:30'),
      seats: 25,
      recurrence: 'FREQ=WEEKLY;COUNT=3',
      onHolidays: true,
    };
    const res = await youyiStaff.post<Activity>('/centers/c-youyi/activities', body);
    expect(res.status).toBe(201);
    expect(res.json.occurrences).toBe(2);
    expect(res.json.skipped).toEqual([
      expect.objectContaining({ date: dayFromToday(14), reason: 'the center is closed: 设备检修' }),
    ]);
    expect((await resident.get(`/centers/c-youyi/activities/${res.json.id}`)).status).toBe(200);
    expect((await resident.post('/centers/c-youyi/activities', body)).status).toBe(403);
    expect((await gucunStaff.post('/centers/c-youyi/activities', body)).status).toBe(403);
  });
});

describe('a closure over bookings', () => {
  it('cancels them with its reason, which the resident sees in their bookings', async () => {
    const date = dayFromToday(5);
    const made = await otherResident.post<Booking>('/bookings', {
      centerId: 'c-youyi',
      roomId: 'r-youyi-2',
      start: localIso(date, '09:00'),
      end: localIso(date, '10:00'),
    });
    expect(made.json.status).toBe('confirmed');
    const closure = await youyiStaff.post('/centers/c-youyi/closures', {
      from: localIso(date, '08:00'),
      to: localIso(date, '12:00'),
      reason: '停电检修',
    });
    expect(closure.status).toBe(201);
    const mine = await otherResident.get<Page<Booking>>('/me/bookings');
    const cancelled = mine.json.items.find((b) => b.id === made.json.id);
    expect(cancelled).toMatchObject({
      status: 'cancelled',
      cancellation: { by: 'system', reason: 'the center is closed: 停电检修' },
    });
  });
});

describe('iCalendar feeds', () => {
  it("serves a center's public activities to any calendar app, without a token", async () => {
    const res = await fetch(new URL('/centers/c-baoshan/activities.ics', platform.baseUrl));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/calendar/);
    const text = await res.text();
    expect(text).toMatch(/^BEGIN:VCALENDAR/);
    expect(text).toContain('SUMMARY:宝山红色党课 Red-line Party class');
    expect(text.match(/BEGIN:VEVENT/g)?.length).toBeGreaterThan(1);
  });

  it('gives a resident a private feed of their bookings, which a new one or a delete revokes', async () => {
    const anonymous = platform.api();
    const first = await resident.post<{ url: string }>('/me/bookings/feed');
    expect(first.status).toBe(201);
    const feed = await anonymous.get(first.json.url);
    expect(feed.status).toBe(200);
    expect(feed.text).toContain('BEGIN:VCALENDAR');
    expect(feed.text).toContain('红色党课');

    const second = await resident.post<{ url: string }>('/me/bookings/feed');
    expect((await anonymous.get(first.json.url)).status).toBe(404);
    expect((await anonymous.get(second.json.url)).status).toBe(200);

    expect((await resident.delete('/me/bookings/feed')).status).toBe(204);
    expect((await anonymous.get(second.json.url)).status).toBe(404);
    expect((await resident.delete('/me/bookings/feed')).status).toBe(404);
  });
});

describe('GET /availability', () => {
  type Found = {
    items: {
      centerId: string;
      rooms: { roomId: string; remaining: number }[];
      activities: { kind: string; seatsLeft: number }[];
    }[];
  };

  it('finds the nearby centers with a free room of a kind at that time', async () => {
    const date = dayFromToday(4);
    const res = await resident.get<Found>(
      `/availability?near=31.405,121.489&radius=3000&kind=reading-room&from=${encodeURIComponent(localIso(date, '10:00'))}&to=${encodeURIComponent(localIso(date, '11:00'))}`,
    );
    expect(res.status).toBe(200);
    const youyi = res.json.items.find((i) => i.centerId === 'c-youyi');
    expect(youyi?.rooms).toEqual([expect.objectContaining({ roomId: 'r-youyi-2' })]);
    expect(res.json.items.every((i) => i.activities.length === 0)).toBe(true);
  });

  it('finds activities of a kind with seats left, and refuses a span that ends before it starts', async () => {
    const activities = await resident.get<Page<Activity>>('/centers/c-youyi/activities');
    const lecture = activities.json.items.find((a) => a.kind === 'lecture')!;
    const first = (
      await resident.get<Page<Occurrence>>(`/centers/c-youyi/activities/${lecture.id}/occurrences`)
    ).json.items[0]!;
    const from = new Date(Date.parse(first.start) - 3_600_000).toISOString();
    const to = new Date(Date.parse(first.start) + 3_600_000).toISOString();
    const res = await resident.get<Found>(
      `/availability?near=31.405,121.489&radius=3000&kind=lecture&from=${from}&to=${to}`,
    );
    expect(res.status).toBe(200);
    expect(res.json.items.flatMap((i) => i.activities).map((a) => a.kind)).toContain('lecture');
    const bad = await resident.get(`/availability?near=31.405,121.489&from=${to}&to=${from}`);
    expect(bad.status).toBe(400);
  });
});
