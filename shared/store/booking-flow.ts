import { assertSignUpOpen, localDatesOf } from '../domain/activities.ts';
import {
  applyBookingAction,
  type BookingAction,
  holdsSeats,
  isActive,
  NO_SHOW_AFTER_MINUTES,
  newCheckInCode,
  REMIND_BEFORE_MINUTES,
  type StoredBooking,
} from '../domain/booking.ts';
import { type Notification, notificationOf } from '../domain/booking-notifications.ts';
import { assertEligible, cellsOf, checkRoomSlot, DEFAULT_BOOKING_RULES } from '../domain/booking-rules.ts';
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import { wallClock } from '../domain/zoned-time.ts';
import { getActivity, getOccurrence } from './activities.ts';
import {
  allCenterDayBookings,
  createHolding,
  createWaitlisted,
  firstWaiting,
  getBooking,
  type Promotion,
  PromotionRaceError,
  releaseBooking,
  requireBooking,
  suspendIfTooManyNoShows,
} from './bookings.ts';
import { calendarLookupAround } from './calendars.ts';
import { requireStoredCenter } from './centers.ts';
import { createOnce, type GuardPut } from './create-guard.ts';
import { allClosuresOf } from './opening-context.ts';
import { getRoom } from './rooms.ts';
import { BusyError } from './transact.ts';

/**
 * The booking flows: what is read to decide, and the guarded writes that decide. Every decision
 * about capacity, limits and overlaps is the database's (bookings.ts); what is read here only
 * words the answer and fills in the booking.
 */

export interface Booker {
  readonly sub: string;
  readonly partyMember: boolean;
  /** How the history names them (`resident <sub>`). */
  readonly by: string;
}

const MINUTE = 60_000;
const iso = (t: number) => new Date(t).toISOString();

function holdsFor(
  start: number,
  end: number,
  cancelBy: number,
  centerPath: string,
  localDate: string,
  now: number,
) {
  const remindAt = start - REMIND_BEFORE_MINUTES * MINUTE;
  return {
    residentCells: cellsOf(start, end).map(iso),
    noShowAt: iso(start + NO_SHOW_AFTER_MINUTES * MINUTE),
    localDate,
    centerPath,
    cancelBy: iso(cancelBy),
    ...(remindAt > now ? { remindAt: iso(remindAt) } : {}),
  };
}

/** Writes a fresh booking once per Idempotency-Key; a replay answers the booking made first. */
async function createOnceAs(
  idempotencyKey: string | undefined,
  fresh: StoredBooking,
  write: (booking: StoredBooking, guard: GuardPut | undefined) => Promise<StoredBooking>,
): Promise<{ booking: StoredBooking; replay: boolean }> {
  let stored = fresh;
  const result = await createOnce(
    idempotencyKey,
    fresh,
    async (booking, guard) => {
      stored = await write(booking, guard);
    },
    getBooking,
  );
  return result === fresh ? { booking: stored, replay: false } : { booking: result, replay: true };
}

export interface RoomRequest {
  readonly centerId: string;
  readonly roomId: string;
  readonly start: string;
  readonly end: string;
  readonly partySize: number;
  readonly note?: string;
}

export async function bookRoom(
  booker: Booker,
  body: RoomRequest,
  idempotencyKey: string | undefined,
  now: number,
) {
  const [center, room] = await Promise.all([
    requireStoredCenter(body.centerId),
    getRoom(body.centerId, body.roomId),
  ]);
  if (!room) throw NotFoundError.of('room', `${body.centerId}/${body.roomId}`);
  if (!room.bookable) throw ValidationError.field('roomId', `room ${room.id} is not bookable`);
  const start = Date.parse(body.start);
  const end = Date.parse(body.end);
  const rules = room.bookingRules ?? DEFAULT_BOOKING_RULES;
  const [calendar, closures] = await Promise.all([calendarLookupAround(start), allClosuresOf(center.id)]);
  const checked = checkRoomSlot(
    { rules, capacity: room.capacity, hours: center, calendar, closures, now },
    { start, end, partySize: body.partySize },
    booker,
  );
  const at = iso(now);
  const status = rules.approval ? 'pending' : 'confirmed';
  const fresh: StoredBooking = {
    id: newId('b', now),
    kind: 'room',
    centerId: center.id,
    roomId: room.id,
    title: room.name,
    start: body.start,
    end: body.end,
    partySize: body.partySize,
    status,
    residentSub: booker.sub,
    code: newCheckInCode(),
    ...(body.note ? { note: body.note } : {}),
    history: [{ at, action: 'book', by: booker.by, from: null, to: status }],
    createdAt: at,
    updatedAt: at,
    version: 1,
    holds: {
      ...holdsFor(
        start,
        end,
        start - rules.noticeToCancelMinutes * MINUTE,
        center.path,
        checked.localDate,
        now,
      ),
      roomCells: checked.cells.map(iso),
      take: checked.take,
    },
  };
  const { booking, replay } = await createOnceAs(idempotencyKey, fresh, async (b, guard) => {
    const outcome = await createHolding(b, checked.cellCapacity, guard, now);
    if (outcome === 'full') {
      throw new ConflictError(
        rules.mode === 'seats'
          ? 'not enough seats left in the room at that time'
          : 'the room is booked at that time',
        { reason: 'taken' },
      );
    }
    return b;
  });
  return { booking, replay, notifications: replay ? [] : [notificationOf(booking, status)] };
}

export interface OccurrenceRequest {
  readonly occurrenceId: string;
  readonly partySize: number;
  readonly waitlist: boolean;
  readonly note?: string;
}

/** Rounds of "take a seat, else join the waitlist" when seats come and go in between. */
const ROUNDS = 3;

export async function bookOccurrence(
  booker: Booker,
  body: OccurrenceRequest,
  idempotencyKey: string | undefined,
  now: number,
) {
  const occurrence = await getOccurrence(body.occurrenceId);
  if (!occurrence) throw NotFoundError.of('occurrence', body.occurrenceId);
  const [activity, center] = await Promise.all([
    getActivity(occurrence.centerId, occurrence.activityId),
    requireStoredCenter(occurrence.centerId),
  ]);
  if (!activity) throw NotFoundError.of('activity', occurrence.activityId);
  assertEligible(occurrence.partyMembersOnly ? 'party-members' : 'anyone', booker);
  assertSignUpOpen(occurrence, now);
  if (body.partySize > occurrence.seats) {
    throw ValidationError.field('partySize', `the activity has ${occurrence.seats} seats`);
  }
  const start = Date.parse(occurrence.start);
  const end = Date.parse(occurrence.end);
  const at = iso(now);
  const fresh: StoredBooking = {
    id: newId('b', now),
    kind: 'activity',
    centerId: center.id,
    activityId: activity.id,
    occurrenceId: occurrence.id,
    title: occurrence.title,
    start: occurrence.start,
    end: occurrence.end,
    partySize: body.partySize,
    status: 'confirmed',
    residentSub: booker.sub,
    code: newCheckInCode(),
    ...(body.note ? { note: body.note } : {}),
    history: [{ at, action: 'book', by: booker.by, from: null, to: 'confirmed' }],
    createdAt: at,
    updatedAt: at,
    version: 1,
    holds: {
      ...holdsFor(
        start,
        end,
        Date.parse(occurrence.cancelBy),
        center.path,
        wallClock(start, center.timeZone).date,
        now,
      ),
      shard: 0,
      take: body.partySize,
    },
  };
  const shards = activity.seatShards;
  const { booking, replay } = await createOnceAs(idempotencyKey, fresh, async (b, guard) => {
    for (let round = 0; round < ROUNDS; round++) {
      const first = Math.floor(Math.random() * shards);
      for (let i = 0; i < shards; i++) {
        const attempt = { ...b, holds: { ...b.holds, shard: (first + i) % shards } };
        if ((await createHolding(attempt, 0, guard, now)) === 'taken') return attempt;
      }
      if (!body.waitlist) throw new ConflictError('no seats left', { reason: 'full' });
      const waiting: StoredBooking = {
        ...b,
        status: 'waitlisted',
        history: [{ at, action: 'book', by: booker.by, from: null, to: 'waitlisted' }],
      };
      if ((await createWaitlisted(waiting, shards, guard, now)) === 'waitlisted') return waiting;
    }
    throw new BusyError('seats are coming and going too fast: try again in a moment');
  });
  return {
    booking,
    replay,
    notifications: replay
      ? []
      : [notificationOf(booking, booking.status === 'waitlisted' ? 'waitlisted' : 'confirmed')],
  };
}

export interface EndChange {
  readonly at: number;
  readonly by: string;
  readonly note?: string;
}

/**
 * Ends a booking (cancel, decline, no-show) and gives its seats to the first waiting people who
 * fit, in the same transaction, while the occurrence has not started. Returns the booking as it
 * is now, those promoted, and what to tell them.
 */
export async function endBooking(
  booking: StoredBooking,
  action: Extract<BookingAction, 'cancel' | 'decline' | 'no-show'>,
  change: EndChange,
  notice: Notification['kind'],
): Promise<{ booking: StoredBooking; promoted: StoredBooking[]; notifications: Notification[] }> {
  for (let round = 0; round < ROUNDS; round++) {
    const before = round === 0 ? booking : await requireBooking(booking.id);
    const after = applyBookingAction(before, action, change);
    const promotions = await promotionsFor(before, change.at);
    try {
      await releaseBooking(before, after, promotions, action === 'no-show');
    } catch (error) {
      if (error instanceof PromotionRaceError) continue;
      throw error;
    }
    const notifications = [
      notificationOf(after, notice, change.note),
      ...promotions.map((p) => notificationOf(p.after, 'promoted')),
    ];
    if (action === 'no-show') {
      const until = await suspendIfTooManyNoShows(before.residentSub, change.at);
      if (until) notifications.push(notificationOf(after, 'suspended', until));
    }
    return { booking: after, promoted: promotions.map((p) => p.after), notifications };
  }
  throw new BusyError('the waitlist is changing too fast: try again in a moment');
}

async function promotionsFor(before: StoredBooking, at: number): Promise<Promotion[]> {
  if (before.kind !== 'activity' || !holdsSeats(before.status) || at >= Date.parse(before.start)) return [];
  let left = before.holds.take;
  // a few more than the seats freed: a party too large for them is passed over for the next who fits
  const waiting = await firstWaiting(before.occurrenceId as string, left + 10);
  const promotions: Promotion[] = [];
  for (const candidate of waiting) {
    if (candidate.partySize > left) continue;
    const promoted = applyBookingAction(candidate, 'promote', {
      at,
      by: 'system',
      note: `a seat came free (booking ${before.id})`,
    });
    promotions.push({
      before: candidate,
      after: {
        ...promoted,
        holds: { ...promoted.holds, shard: before.holds.shard ?? 0, take: candidate.partySize },
      },
    });
    left -= candidate.partySize;
    if (left === 0) break;
  }
  return promotions;
}

type ClosureSpan = {
  readonly centerId: string;
  readonly from: string;
  readonly to: string;
  readonly reason: string;
};

/**
 * A closure added over bookings cancels every active one it overlaps (from now on), each with the
 * closure's reason, which the resident sees on the booking; their seats go to nobody (the
 * occurrence is closed too), since the waiting are cancelled by the same closure.
 */
export async function cancelBookingsInClosure(
  closure: ClosureSpan,
  timeZone: string,
  now: number,
): Promise<{ cancelled: number; notifications: Notification[] }> {
  const from = Date.parse(closure.from);
  const to = Date.parse(closure.to);
  const notifications: Notification[] = [];
  let cancelled = 0;
  if (to <= now) return { cancelled, notifications };
  for (const date of localDatesOf(Math.max(from, now), to, timeZone)) {
    const ended = await cancelCoveredBookings(
      await allCenterDayBookings(closure.centerId, date),
      closure,
      now,
    );
    notifications.push(...ended.notifications);
    cancelled += ended.cancelled.length;
  }
  return { cancelled, notifications };
}

/**
 * Cancels those of `bookings` (of the closure's center) that are active and overlap the closure,
 * waiting places first, so that no freed seat is handed to someone the closure cancels anyway.
 */
export async function cancelCoveredBookings(
  bookings: readonly StoredBooking[],
  closure: ClosureSpan,
  now: number,
): Promise<{ cancelled: string[]; notifications: Notification[] }> {
  const from = Date.parse(closure.from);
  const to = Date.parse(closure.to);
  const hit = bookings
    .filter(
      (b) =>
        b.centerId === closure.centerId &&
        isActive(b.status) &&
        Date.parse(b.start) < to &&
        from < Date.parse(b.end),
    )
    .sort((a, b) => Number(b.status === 'waitlisted') - Number(a.status === 'waitlisted'));
  const notifications: Notification[] = [];
  const cancelled: string[] = [];
  for (const booking of hit) {
    try {
      const ended = await endBooking(
        booking,
        'cancel',
        { at: now, by: 'system', note: `the center is closed: ${closure.reason}` },
        'cancelled-by-closure',
      );
      notifications.push(...ended.notifications);
      cancelled.push(booking.id);
    } catch (error) {
      // cancelled or changed meanwhile by someone else: nothing left for the closure to do
      if (!(error instanceof ConflictError)) throw error;
    }
  }
  return { cancelled, notifications };
}
