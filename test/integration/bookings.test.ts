import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as cancelBooking } from '../../functions/bookings/cancel-booking.ts';
import { run as checkIn } from '../../functions/bookings/check-in-booking.ts';
import { run as createActivity } from '../../functions/bookings/create-activity.ts';
import { run as createBooking } from '../../functions/bookings/create-booking.ts';
import { run as sweep } from '../../functions/bookings/sweep-bookings.ts';
import { type Activity, CreateActivitySchema, occurrenceId } from '../../shared/domain/activities.ts';
import type { Principal } from '../../shared/domain/auth.ts';
import { type Booking, CreateBookingSchema } from '../../shared/domain/booking.ts';
import { BookingRulesSchema } from '../../shared/domain/booking-rules.ts';
import { newCenter } from '../../shared/domain/center.ts';
import { DomainError } from '../../shared/domain/errors.ts';
import { installOpeningHoursLibrary } from '../../shared/domain/opening-hours.ts';
import { instantOf, isoInZone, wallClock } from '../../shared/domain/zoned-time.ts';
import { getBooking, seatsLeft } from '../../shared/store/bookings.ts';
import { effectiveCalendars, putCalendar } from '../../shared/store/calendars.ts';
import { putCenter } from '../../shared/store/centers.ts';
import { db } from '../../shared/store/client.ts';
import { keys } from '../../shared/store/keys.ts';
import { putClosure, putRoom } from '../../shared/store/rooms.ts';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';

/**
 * Bookings against DynamoDB Local, the route functions called directly: capacity under a burst
 * of parallel requests, waitlist promotion, idempotency, per-resident limits, refused input that
 * stores nothing, and the no-show sweep.
 */

let platform: TestPlatform;
const TZ = 'Asia/Shanghai';
const CENTER = 'c-bk-center';
const ROOM = 'r-bk-hall';
const SEATS_ROOM = 'r-bk-reading';
const WEEKDAY_ROOM = 'r-bk-weekday';
const staff: Principal = { kind: 'user', sub: 'staff-bk', role: 'staff', centerId: CENTER };
const resident = (sub: string, partyMember = false): Principal =>
  partyMember
    ? { kind: 'user', sub, role: 'resident', partyMember: true }
    : { kind: 'user', sub, role: 'resident' };

const request = <B>(principal: Principal, body: B, extra: Record<string, unknown> = {}) => ({
  body,
  principal,
  query: undefined,
  params: undefined,
  headers: {},
  requestId: 'test',
  ...extra,
});

/** Local date `days` from today in the center's zone, and an instant on it. */
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

const HOLIDAY = dayFromToday(20);
const CLOSED_DAY = dayFromToday(21);

async function book(
  principal: Principal,
  body: Record<string, unknown>,
  idempotencyKey?: string,
): Promise<Booking> {
  const parsed = CreateBookingSchema.parse(body);
  const result = await createBooking(request(principal, parsed, idempotencyKey ? { idempotencyKey } : {}));
  return result.body as Booking;
}

async function refusal(attempt: Promise<unknown>): Promise<DomainError> {
  try {
    await attempt;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

async function classWith(
  seats: number,
  patch: Record<string, unknown> = {},
): Promise<{ activity: Activity; occurrenceId: string }> {
  const date = dayFromToday(3);
  const start = (patch.start as string | undefined) ?? localIso(date, '19:00');
  const result = await createActivity({
    ...request(
      staff,
      CreateActivitySchema.parse({
        title: '红色党课',
        kind: 'party-class',
        start: localIso(date, '19:00'),
        end: localIso(date, '20:30'),
        seats,
        onHolidays: true,
        ...patch,
      }),
    ),
    params: { id: CENTER },
  });
  const activity = result.body as Activity;
  return { activity, occurrenceId: occurrenceId(activity.id, Date.parse(start), TZ) };
}

async function limitsOf(sub: string) {
  const { Item } = await db().send(
    new GetCommand({ TableName: process.env.TABLE_MAIN, Key: keys.bookingLimits(sub) }),
  );
  return Item;
}

async function residentItems(sub: string) {
  const cells = await db().send(
    new QueryCommand({
      TableName: process.env.TABLE_MAIN,
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': keys.residentCell(sub, '').pk },
    }),
  );
  const bookings = await db().send(
    new QueryCommand({
      TableName: process.env.TABLE_MAIN,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': `RESBOOKINGS#${sub}` },
    }),
  );
  return {
    cells: cells.Items?.length ?? 0,
    bookings: bookings.Items?.length ?? 0,
    limits: await limitsOf(sub),
  };
}

beforeAll(async () => {
  platform = await startTestPlatform({ pollers: false });
  installOpeningHoursLibrary();
  const now = new Date().toISOString();
  await putCenter(
    newCenter(
      {
        level: 'district',
        name: '预约测试中心',
        address: '上海市宝山区',
        location: { lat: 31.4, lon: 121.48 },
        serviceRadiusMeters: 3000,
        timeZone: TZ,
        openingHours: 'Mo-Su 08:00-20:00; PH 08:00-20:00',
        contact: {},
        status: 'active',
      },
      undefined,
      CENTER,
      now,
    ),
  );
  const room = (id: string, capacity: number, rules: Record<string, unknown>) =>
    putRoom({
      id,
      centerId: CENTER,
      name: id,
      kind: 'meeting-room',
      capacity,
      bookable: true,
      bookingRules: BookingRulesSchema.parse({ onHolidays: true, ...rules }),
      version: 1,
      createdAt: now,
      updatedAt: now,
    });
  await Promise.all([
    room(ROOM, 10, { bufferMinutes: 15 }),
    room(SEATS_ROOM, 6, { mode: 'seats' }),
    room(WEEKDAY_ROOM, 6, { onHolidays: false }),
  ]);
  // an admin-loaded calendar that makes HOLIDAY a public holiday, and a closure on CLOSED_DAY
  const year = Number(HOLIDAY.slice(0, 4));
  const current = (await effectiveCalendars([year])).get(year);
  await putCalendar(
    {
      year,
      holidays: { ...current?.holidays, [HOLIDAY]: '测试假日 Test holiday' },
      workdays: { ...current?.workdays },
      source: 'admin',
      version: 1,
    },
    0,
  );
  await putClosure({
    id: 'x-bk-closed',
    centerId: CENTER,
    from: localIso(CLOSED_DAY, '00:00'),
    to: localIso(dayFromToday(22), '00:00'),
    reason: '消防检查',
    createdAt: now,
  });
});
afterAll(async () => {
  await platform?.stop();
});

describe('seats of an occurrence under a burst', () => {
  it('confirms exactly 20 of 100 parallel sign-ups for 20 seats, waitlists the rest and ends the counter at 0', async () => {
    const { occurrenceId } = await classWith(20);
    const results = await Promise.allSettled(
      Array.from({ length: 100 }, (_, i) => book(resident(`burst-${i}`), { occurrenceId, waitlist: true })),
    );
    const booked = results.map((r) =>
      r.status === 'fulfilled' ? r.value.status : `error ${(r.reason as Error).name}`,
    );
    expect(booked.filter((s) => s === 'confirmed')).toHaveLength(20);
    expect(booked.filter((s) => s === 'waitlisted')).toHaveLength(80);
    expect(await seatsLeft(occurrenceId)).toEqual([0]);
  }, 120_000); // 100 transactions on one item: slow on DynamoDB Local when the machine is busy

  it('refuses with 409 when full and the resident did not ask to wait', async () => {
    const { occurrenceId } = await classWith(1);
    await book(resident('only-one'), { occurrenceId });
    const refused = await refusal(book(resident('too-late'), { occurrenceId }));
    expect(refused.status).toBe(409);
    expect(refused.extensions).toMatchObject({ reason: 'full' });
    expect((await residentItems('too-late')).bookings).toBe(0);
  });

  it('spreads a popular class over seat shards and still confirms exactly its seats', async () => {
    const { occurrenceId } = await classWith(30, { seatShards: 4 });
    const results = await Promise.allSettled(
      Array.from({ length: 60 }, (_, i) => book(resident(`shard-${i}`), { occurrenceId, waitlist: true })),
    );
    const statuses = results.map((r) => (r.status === 'fulfilled' ? r.value.status : 'error'));
    expect(statuses.filter((s) => s === 'confirmed')).toHaveLength(30);
    expect(statuses.filter((s) => s === 'waitlisted')).toHaveLength(30);
    expect(await seatsLeft(occurrenceId)).toEqual([0, 0, 0, 0]);
  });
});

describe('cancelling frees exactly its seats and promotes one waiting person per seat', () => {
  it('promotes the first waiting resident when a confirmed one cancels, and no one else', async () => {
    const { occurrenceId } = await classWith(2);
    const first = await book(resident('p-1'), { occurrenceId, waitlist: true });
    await book(resident('p-2'), { occurrenceId, waitlist: true });
    const waiting = [];
    for (let i = 0; i < 3; i++)
      waiting.push(await book(resident(`w-${i}`), { occurrenceId, waitlist: true }));
    expect(waiting.map((b) => b.status)).toEqual(['waitlisted', 'waitlisted', 'waitlisted']);

    await cancelBooking({ ...request(resident('p-1'), {}), params: { id: first.id } });

    expect((await getBooking(first.id))?.status).toBe('cancelled');
    const after = await Promise.all(waiting.map((b) => getBooking(b.id)));
    expect(after.map((b) => b?.status)).toEqual(['confirmed', 'waitlisted', 'waitlisted']);
    expect(after[0]?.history.at(-1)).toMatchObject({ action: 'promote', by: 'system' });
    expect(await seatsLeft(occurrenceId)).toEqual([0]);
    // the cancelled resident's active count went back, the promoted one's was already counted
    expect((await limitsOf('p-1'))?.active).toBe(0);
    expect((await limitsOf('w-0'))?.active).toBe(1);
  });

  it('gives a party of three back as three seats: three single waiters promoted', async () => {
    const { occurrenceId } = await classWith(3);
    const party = await book(resident('party'), { occurrenceId, partySize: 3 });
    const waiting = [];
    for (let i = 0; i < 4; i++)
      waiting.push(await book(resident(`pw-${i}`), { occurrenceId, waitlist: true }));
    await cancelBooking({ ...request(staff, { reason: '改期' }), params: { id: party.id } });
    const after = await Promise.all(waiting.map((b) => getBooking(b.id)));
    expect(after.map((b) => b?.status)).toEqual(['confirmed', 'confirmed', 'confirmed', 'waitlisted']);
    expect(await seatsLeft(occurrenceId)).toEqual([0]);
    expect((await getBooking(party.id))?.cancellation).toMatchObject({
      by: 'staff staff-bk',
      reason: '改期',
    });
  });

  it('frees the seat into the counter when nobody waits', async () => {
    const { occurrenceId } = await classWith(2);
    const a = await book(resident('free-a'), { occurrenceId });
    expect(await seatsLeft(occurrenceId)).toEqual([1]);
    await cancelBooking({ ...request(resident('free-a'), {}), params: { id: a.id } });
    expect(await seatsLeft(occurrenceId)).toEqual([2]);
  });
});

describe('idempotency', () => {
  it('makes one booking of the same Idempotency-Key sent twice, in a row or at once', async () => {
    const { occurrenceId } = await classWith(5);
    const key = 'POST /bookings|user:idem|k-1';
    const [a, b] = await Promise.all([
      book(resident('idem'), { occurrenceId }, key),
      book(resident('idem'), { occurrenceId }, key),
    ]);
    const c = await book(resident('idem'), { occurrenceId }, key);
    expect(new Set([a.id, b.id, c.id]).size).toBe(1);
    expect(await seatsLeft(occurrenceId)).toEqual([4]);
    expect((await residentItems('idem')).bookings).toBe(1);
  });
});

describe('rooms', () => {
  const date = dayFromToday(2);

  it('lets exactly one of two parallel bookings of the same slot win; the other gets 409', async () => {
    const body = {
      centerId: CENTER,
      roomId: ROOM,
      start: localIso(date, '09:00'),
      end: localIso(date, '10:00'),
    };
    const results = await Promise.allSettled([
      book(resident('room-a'), body),
      book(resident('room-b'), body),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const loser = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((loser.reason as DomainError).status).toBe(409);
  });

  it('keeps the buffer after a whole-room booking free and books right after it', async () => {
    const early = {
      centerId: CENTER,
      roomId: ROOM,
      start: localIso(date, '11:00'),
      end: localIso(date, '11:30'),
    };
    await book(resident('buf-1'), early);
    const inBuffer = { ...early, start: localIso(date, '11:30'), end: localIso(date, '12:00') };
    expect((await refusal(book(resident('buf-2'), inBuffer))).status).toBe(409);
    const after = { ...early, start: localIso(date, '12:00'), end: localIso(date, '12:30') };
    expect((await book(resident('buf-2'), after)).status).toBe('confirmed');
  });

  it('shares a room booked by seats until its capacity is taken', async () => {
    const body = {
      centerId: CENTER,
      roomId: SEATS_ROOM,
      start: localIso(date, '14:00'),
      end: localIso(date, '15:00'),
    };
    await book(resident('seat-a'), { ...body, partySize: 4 });
    await book(resident('seat-b'), { ...body, partySize: 2 });
    expect((await refusal(book(resident('seat-c'), body))).status).toBe(409);
  });

  it('answers pending for a room that needs approval', async () => {
    const now = new Date().toISOString();
    await putRoom({
      id: 'r-bk-approval',
      centerId: CENTER,
      name: '党员活动室',
      kind: 'organisational-life-hall',
      capacity: 20,
      bookable: true,
      bookingRules: BookingRulesSchema.parse({ approval: true, who: 'party-members', onHolidays: true }),
      version: 1,
      createdAt: now,
      updatedAt: now,
    });
    const body = {
      centerId: CENTER,
      roomId: 'r-bk-approval',
      start: localIso(date, '16:00'),
      end: localIso(date, '17:00'),
    };
    expect((await refusal(book(resident('not-member'), body))).status).toBe(403);
    expect((await book(resident('member', true), body)).status).toBe('pending');
  });
});

describe('per-resident limits, enforced by the database', () => {
  it('refuses a second booking that overlaps the first, at another center room or class, storing nothing', async () => {
    const date = dayFromToday(4);
    await book(resident('overlap'), {
      centerId: CENTER,
      roomId: ROOM,
      start: localIso(date, '19:00'),
      end: localIso(date, '20:00'),
    });
    const { occurrenceId } = await classWith(10, {
      start: localIso(date, '19:30'),
      end: localIso(date, '20:30'),
    });
    const before = await residentItems('overlap');
    const refused = await refusal(book(resident('overlap'), { occurrenceId }));
    expect(refused.status).toBe(409);
    expect(refused.extensions).toMatchObject({ reason: 'overlap' });
    expect(await residentItems('overlap')).toEqual(before);
    expect(await seatsLeft(occurrenceId)).toEqual([10]);
  });

  it('allows at most 5 active bookings at once, even when they are requested in parallel', async () => {
    const classes = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        classWith(10, {
          start: localIso(dayFromToday(5 + i), '10:00'),
          end: localIso(dayFromToday(5 + i), '11:00'),
        }),
      ),
    );
    const results = await Promise.allSettled(
      classes.map((c) => book(resident('busy'), { occurrenceId: c.occurrenceId })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(refused.map((r) => (r.reason as DomainError).status)).toEqual([409, 409, 409]);
    expect((await limitsOf('busy'))?.active).toBe(5);
  });
});

describe('refused input stores nothing', () => {
  const date = dayFromToday(2);
  const slot = (start: string, end: string, extra: Record<string, unknown> = {}) => ({
    centerId: CENTER,
    roomId: ROOM,
    start: localIso(date, start),
    end: localIso(date, end),
    ...extra,
  });
  const cases: [string, Record<string, unknown>, number][] = [
    [
      'a slot in the past',
      {
        centerId: CENTER,
        roomId: ROOM,
        start: localIso(dayFromToday(-1), '09:00'),
        end: localIso(dayFromToday(-1), '10:00'),
      },
      400,
    ],
    ['outside opening hours', slot('20:00', '21:00'), 400],
    ['not on the step', slot('09:10', '10:10'), 400],
    ['too long', slot('08:00', '12:00'), 400],
    ['a party larger than the room', slot('17:00', '18:00', { partySize: 11 }), 400],
    ['an unknown room', slot('17:00', '18:00', { roomId: 'r-nowhere' }), 404],
    [
      'too far ahead',
      {
        centerId: CENTER,
        roomId: ROOM,
        start: localIso(dayFromToday(40), '09:00'),
        end: localIso(dayFromToday(40), '10:00'),
      },
      400,
    ],
  ];
  for (const [what, body, status] of cases) {
    it(`answers ${status} for ${what}`, async () => {
      const before = await residentItems('refused');
      expect((await refusal(book(resident('refused'), body))).status).toBe(status);
      expect(await residentItems('refused')).toEqual(before);
    });
  }

  it("refuses to cancel someone else's booking (403) and leaves it as it was", async () => {
    const mine = await book(resident('owner'), slot('18:00', '19:00'));
    const refused = await refusal(
      cancelBooking({ ...request(resident('stranger'), {}), params: { id: mine.id } }),
    );
    expect(refused.status).toBe(403);
    expect((await getBooking(mine.id))?.status).toBe('confirmed');
  });
});

describe('check-in', () => {
  it('checks a resident in with their code at the door, and the booking stops counting as active', async () => {
    const soon = Date.now() + 20 * 60_000;
    const { occurrenceId } = await classWith(10, {
      start: isoInZone(soon, TZ),
      end: isoInZone(soon + 3_600_000, TZ),
    });
    const booking = await book(resident('at-the-door'), { occurrenceId });
    const wrong = await refusal(
      checkIn({
        ...request(staff, { code: booking.code === 'AAAAAA' ? 'BBBBBB' : 'AAAAAA' }),
        params: { id: booking.id },
      }),
    );
    expect(wrong.status).toBe(409);
    const stranger: Principal = { kind: 'user', sub: 'staff-x', role: 'staff', centerId: 'c-elsewhere' };
    expect(
      (await refusal(checkIn({ ...request(stranger, { code: booking.code }), params: { id: booking.id } })))
        .status,
    ).toBe(403);
    await checkIn({ ...request(staff, { code: booking.code }), params: { id: booking.id } });
    expect((await getBooking(booking.id))?.status).toBe('checked-in');
    expect((await limitsOf('at-the-door'))?.active).toBe(0);
  });
});

describe('the sweep', () => {
  it('reminds two hours before the start, once', async () => {
    const date = dayFromToday(9);
    const { occurrenceId } = await classWith(5, {
      start: localIso(date, '19:00'),
      end: localIso(date, '20:00'),
    });
    const booking = await book(resident('remind-me'), { occurrenceId });
    const first = await sweep(new Date(Date.parse(localIso(date, '17:30'))));
    expect(first.reminded).toBe(1);
    expect((await getBooking(booking.id))?.holds.remindAt).toBeUndefined();
    const second = await sweep(new Date(Date.parse(localIso(date, '17:40'))));
    expect(second.reminded).toBe(0);
  });

  it('cancels the bookings of a closure whose own request stopped before cancelling them', async () => {
    const date = dayFromToday(11);
    const { occurrenceId } = await classWith(1, {
      start: localIso(date, '19:00'),
      end: localIso(date, '20:00'),
    });
    const seated = await book(resident('closed-seated'), { occurrenceId });
    const waiting = await book(resident('closed-waiting'), { occurrenceId, waitlist: true });
    // stored as the closure route stores it, without the cancellations that follow it there
    await putClosure({
      id: 'x-bk-power-cut',
      centerId: CENTER,
      from: localIso(date, '18:00'),
      to: localIso(date, '22:00'),
      reason: '停电检修',
      createdAt: new Date().toISOString(),
    });
    const result = await sweep(new Date(Date.parse(localIso(date, '17:30'))));
    expect(result).toMatchObject({ closedOver: 2, reminded: 0 });
    for (const booking of [seated, waiting]) {
      expect(await getBooking(booking.id)).toMatchObject({
        status: 'cancelled',
        cancellation: { by: 'system', reason: 'the center is closed: 停电检修' },
      });
    }
    expect((await limitsOf('closed-seated'))?.active).toBe(0);
    expect((await limitsOf('closed-waiting'))?.active).toBe(0);
    // nothing left for the next run
    expect((await sweep(new Date(Date.parse(localIso(date, '17:35'))))).closedOver).toBe(0);
  });

  it('declines at the start what staff never approved and takes the rest of the waitlist off', async () => {
    const date = dayFromToday(10);
    const pending = await book(resident('wait-approval', true), {
      centerId: CENTER,
      roomId: 'r-bk-approval',
      start: localIso(date, '16:00'),
      end: localIso(date, '17:00'),
    });
    const { occurrenceId } = await classWith(1, {
      start: localIso(date, '19:00'),
      end: localIso(date, '20:00'),
    });
    await book(resident('seated'), { occurrenceId });
    const waiting = await book(resident('still-waiting'), { occurrenceId, waitlist: true });
    await sweep(new Date(Date.parse(localIso(date, '19:05'))));
    expect(await getBooking(pending.id)).toMatchObject({
      status: 'declined',
      cancellation: { by: 'system', reason: 'not approved before the start' },
    });
    expect(await getBooking(waiting.id)).toMatchObject({
      status: 'cancelled',
      cancellation: { reason: 'no seat came free before the start' },
    });
    expect((await limitsOf('still-waiting'))?.active).toBe(0);
  });

  it('marks confirmed bookings nobody checked in as no-shows and suspends the resident after 3', async () => {
    const dates = [6, 7, 8].map(dayFromToday);
    const made = [];
    for (const date of dates) {
      const { occurrenceId } = await classWith(1, {
        start: localIso(date, '08:00'),
        end: localIso(date, '09:00'),
      });
      made.push(await book(resident('absent'), { occurrenceId }));
    }
    // an hour after the last one started
    const later = Date.parse(localIso(dates[2]!, '10:00'));
    const result = await sweep(new Date(later));
    expect(result.noShows).toBeGreaterThanOrEqual(3);
    expect((await Promise.all(made.map((b) => getBooking(b.id)))).map((b) => b?.status)).toEqual([
      'no-show',
      'no-show',
      'no-show',
    ]);
    expect((await limitsOf('absent'))?.suspendedUntil).toBeDefined();
    const { occurrenceId } = await classWith(5);
    const refused = await refusal(book(resident('absent'), { occurrenceId }));
    expect(refused.status).toBe(403);
    expect(refused.message).toMatch(/suspended until/);
  });
});
