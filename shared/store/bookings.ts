import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { RESIDENT_LIMITS, type StoredBooking } from '../domain/booking.ts';
import { ConflictError, ForbiddenError, NotFoundError } from '../domain/errors.ts';
import { bookingEvents, type StatEvent } from '../domain/stats.ts';
import { tableName } from '../runtime/env.ts';
import { db } from './client.ts';
import { cancellationCodes } from './conditions.ts';
import { type GuardPut, throwIfGuarded } from './create-guard.ts';
import { BOOKING_PARTITIONS, bookingIndexKeys, keys, stripKeys } from './keys.ts';
import { type Page, queryPage } from './pagination.ts';
import { cellExpiryOf, roomCellTakes } from './room-cells.ts';
import { statCounterWrites } from './stats.ts';
import { transact } from './transact.ts';

/**
 * Bookings and the counters that keep them within capacity. Every write that takes or gives back
 * seats is ONE transaction with the booking itself:
 * - the seats: a room's 15-minute cells (`remaining`, created by the first booking of a cell from
 *   the room's capacity) or a seat shard of an occurrence, each guarded by `remaining >= :n`;
 * - the resident's limits item: `active < max` and not suspended, `active` + 1;
 * - the resident's 15-minute cells, Put with `attribute_not_exists`: no two active bookings of
 *   theirs overlap, whichever rooms or activities they are at;
 * - the create guard of the Idempotency-Key, last.
 * Nothing is read first and then written: of racing requests the database lets exactly as many
 * through as there are seats. See docs/bookings.md.
 */

type Item = Record<string, unknown>;
type TransactItem = Parameters<typeof transact>[0][number];

const main = () => tableName('main');

export function toItem(booking: StoredBooking): Item {
  return {
    ...keys.booking(booking.id),
    entity: 'booking',
    ...booking,
    ...bookingIndexKeys({ ...booking, localDate: booking.holds.localDate }),
  };
}
const fromItem = (item: Item) => stripKeys<StoredBooking>(item);

/** What the resident's limits say when the limits item refused a booking. */
async function limitsRefusal(sub: string, now: number): Promise<Error> {
  const { Item } = await db().send(
    new GetCommand({ TableName: main(), Key: keys.bookingLimits(sub), ConsistentRead: true }),
  );
  const until = Item?.suspendedUntil as string | undefined;
  if (until && Date.parse(until) > now) {
    return new ForbiddenError(
      `booking is suspended until ${until} after ${RESIDENT_LIMITS.noShowsToSuspend} no-shows`,
      { suspendedUntil: until },
    );
  }
  return new ConflictError(`at most ${RESIDENT_LIMITS.maxActive} active bookings at once; cancel one first`, {
    limit: RESIDENT_LIMITS.maxActive,
  });
}

function limitsTake(sub: string, now: number): TransactItem {
  return {
    Update: {
      TableName: main(),
      Key: keys.bookingLimits(sub),
      UpdateExpression: 'SET active = if_not_exists(active, :zero) + :one, entity = :entity',
      ConditionExpression:
        '(attribute_not_exists(active) OR active < :max) AND (attribute_not_exists(suspendedUntil) OR suspendedUntil < :now)',
      ExpressionAttributeValues: {
        ':zero': 0,
        ':one': 1,
        ':max': RESIDENT_LIMITS.maxActive,
        ':now': new Date(now).toISOString(),
        ':entity': 'booking-limits',
      },
    },
  };
}

function limitsGiveBack(sub: string, noShow = false): TransactItem {
  return {
    Update: {
      TableName: main(),
      Key: keys.bookingLimits(sub),
      UpdateExpression: noShow ? 'ADD active :minus, noShows :one' : 'ADD active :minus',
      ExpressionAttributeValues: noShow ? { ':minus': -1, ':one': 1 } : { ':minus': -1 },
    },
  };
}

const residentCellPuts = (booking: StoredBooking): TransactItem[] =>
  booking.holds.residentCells.map((cell) => ({
    Put: {
      TableName: main(),
      Item: {
        ...keys.residentCell(booking.residentSub, cell),
        entity: 'resident-cell',
        bookingId: booking.id,
        expiresAt: cellExpiryOf(booking.end),
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  }));

const residentCellDeletes = (booking: StoredBooking): TransactItem[] =>
  booking.holds.residentCells.map((cell) => ({
    Delete: {
      TableName: main(),
      // unconditional: a release happens once (the booking's status guards it), and a cell gone by TTL is fine
      Key: keys.residentCell(booking.residentSub, cell),
    },
  }));

function seatsTake(booking: StoredBooking, cellCapacity: number): TransactItem[] {
  const n = booking.holds.take;
  if (booking.kind === 'room') {
    return roomCellTakes(
      { centerId: booking.centerId, roomId: booking.roomId as string, cellCapacity },
      booking.holds.roomCells ?? [],
      n,
      booking.end,
    );
  }
  return [
    {
      Update: {
        TableName: main(),
        Key: keys.seats(booking.occurrenceId as string, booking.holds.shard ?? 0),
        UpdateExpression: 'ADD remaining :minus',
        ConditionExpression: 'remaining >= :n',
        ExpressionAttributeValues: { ':minus': -n, ':n': n },
      },
    },
  ];
}

function seatsGiveBack(booking: StoredBooking, seats: number): TransactItem[] {
  if (seats === 0) return [];
  if (booking.kind === 'room') {
    return (booking.holds.roomCells ?? []).map((cell) => ({
      Update: {
        TableName: main(),
        Key: keys.roomCell(booking.centerId, booking.roomId as string, cell),
        UpdateExpression: 'ADD remaining :n',
        ConditionExpression: 'attribute_exists(remaining)',
        ExpressionAttributeValues: { ':n': seats },
      },
    }));
  }
  return [
    {
      Update: {
        TableName: main(),
        Key: keys.seats(booking.occurrenceId as string, booking.holds.shard ?? 0),
        UpdateExpression: 'ADD remaining :n',
        ConditionExpression: 'attribute_exists(remaining)',
        ExpressionAttributeValues: { ':n': seats },
      },
    },
  ];
}

const putNew = (booking: StoredBooking): TransactItem => ({
  Put: { TableName: main(), Item: toItem(booking), ConditionExpression: 'attribute_not_exists(pk)' },
});

/** The booking's next state, written only over the version and status it was computed from. */
const putChanged = (before: StoredBooking, after: StoredBooking): TransactItem => ({
  Put: {
    TableName: main(),
    Item: toItem(after),
    ConditionExpression: 'version = :v AND #s = :s',
    ExpressionAttributeNames: { '#s': 'status' },
    ExpressionAttributeValues: { ':v': before.version, ':s': before.status },
  },
});

/**
 * The figures a booking's change adds to (a confirmation, a check-in, a no-show), counted in the
 * change's own transaction: a change refused by its condition counts nothing.
 */
const countsOfChange = (
  after: StoredBooking,
  events: readonly StatEvent[],
  seed: StoredBooking = after,
): TransactItem[] =>
  statCounterWrites(events, { path: after.holds.centerPath }, { at: after.updatedAt, id: seed.id });

export type TakeOutcome = 'taken' | 'full';

/**
 * Writes a new booking in one transaction: the booking, the `gate` items that decide whether it
 * may be written as it is (seats taken, or a waitlist check), the resident's limits, the
 * resident's time cells and the create guard. `refused` when a gate item's condition failed;
 * every other refusal is thrown as its problem.
 */
async function writeNew(
  booking: StoredBooking,
  gate: readonly TransactItem[],
  guard: GuardPut | undefined,
  now: number,
): Promise<'written' | 'refused'> {
  const items = [
    putNew(booking),
    ...gate,
    limitsTake(booking.residentSub, now),
    ...residentCellPuts(booking),
    ...countsOfChange(booking, bookingEvents(undefined, booking)),
    ...(guard ? [guard] : []),
  ];
  try {
    await transact(items);
    return 'written';
  } catch (error) {
    throwIfGuarded(error, guard);
    const codes = cancellationCodes(error);
    if (!codes) throw error;
    const failed = codes.indexOf('ConditionalCheckFailed');
    if (failed === 0) throw new ConflictError(`booking ${booking.id} already exists`);
    if (failed >= 1 && failed <= gate.length) return 'refused';
    if (failed === gate.length + 1) throw await limitsRefusal(booking.residentSub, now);
    if (failed > gate.length + 1) throw overlapping();
    throw error;
  }
}

/**
 * Writes a new pending or confirmed booking with its seats, limits and time cells. `full` when
 * the seats (a room cell, the occurrence shard) are taken; every other refusal is thrown.
 */
export async function createHolding(
  booking: StoredBooking,
  cellCapacity: number,
  guard: GuardPut | undefined,
  now: number,
): Promise<TakeOutcome> {
  const outcome = await writeNew(booking, seatsTake(booking, cellCapacity), guard, now);
  return outcome === 'written' ? 'taken' : 'full';
}

const overlapping = () =>
  new ConflictError('you have another booking (or waitlist place) at that time', { reason: 'overlap' });

/**
 * Writes a waitlisted booking, only while every shard of the occurrence is still too short of
 * seats for it (else a seat came free: `free`, and the caller tries to take it).
 */
export async function createWaitlisted(
  booking: StoredBooking,
  shards: number,
  guard: GuardPut | undefined,
  now: number,
): Promise<'waitlisted' | 'free'> {
  const checks: TransactItem[] = Array.from({ length: shards }, (_, shard) => ({
    ConditionCheck: {
      TableName: main(),
      Key: keys.seats(booking.occurrenceId as string, shard),
      ConditionExpression: 'remaining < :n',
      ExpressionAttributeValues: { ':n': booking.partySize },
    },
  }));
  const outcome = await writeNew(booking, checks, guard, now);
  return outcome === 'written' ? 'waitlisted' : 'free';
}

/** A change that keeps the seats where they are (approve, check-in). */
export async function changeBooking(
  before: StoredBooking,
  after: StoredBooking,
  endsActive: boolean,
): Promise<void> {
  try {
    await transact([
      putChanged(before, after),
      ...(endsActive ? [limitsGiveBack(before.residentSub)] : []),
      ...countsOfChange(after, bookingEvents(before, after)),
    ]);
  } catch (error) {
    if (cancellationCodes(error)?.[0] === 'ConditionalCheckFailed') throw changedMeanwhile(before.id);
    throw error;
  }
}

const changedMeanwhile = (id: string) =>
  new ConflictError(`booking ${id} changed meanwhile; read it again`, { reason: 'changed' });

/** A promotion: a waitlisted booking confirmed on the seats its release frees. */
export interface Promotion {
  readonly before: StoredBooking;
  readonly after: StoredBooking;
}

/**
 * Ends a booking (cancel, decline, no-show): it gives back exactly its seats, its limits slot and
 * its time cells, and the promotions take seats of the same counter, all in one transaction (the
 * counter moves once, by the seats freed minus the seats promoted). A promotion whose waitlist
 * place changed meanwhile fails the whole write: the caller reads the waitlist again.
 */
export async function releaseBooking(
  before: StoredBooking,
  after: StoredBooking,
  promotions: readonly Promotion[],
  noShow = false,
): Promise<void> {
  const freed = before.status === 'pending' || before.status === 'confirmed' ? before.holds.take : 0;
  const promoted = promotions.reduce((sum, p) => sum + p.after.holds.take, 0);
  if (promoted > freed) throw new Error('promotions take more seats than the release frees');
  const items: TransactItem[] = [
    putChanged(before, after),
    ...seatsGiveBack(before, freed - promoted),
    limitsGiveBack(before.residentSub, noShow),
    ...residentCellDeletes(before),
    ...promotions.map((p) => putChanged(p.before, p.after)),
    // one occasion for the release and its promotions: one bucket per center of the path
    ...countsOfChange(
      after,
      [bookingEvents(before, after), ...promotions.map((p) => bookingEvents(p.before, p.after))].flat(),
      before,
    ),
  ];
  try {
    await transact(items);
  } catch (error) {
    const codes = cancellationCodes(error);
    if (codes?.[0] === 'ConditionalCheckFailed') throw changedMeanwhile(before.id);
    if (codes?.some((c) => c === 'ConditionalCheckFailed')) throw new PromotionRaceError();
    throw error;
  }
}

/** A waitlisted booking picked for promotion changed before the release landed. */
export class PromotionRaceError extends Error {
  override readonly name = 'PromotionRaceError';
}

/** After a no-show: suspends the resident once they reach the limit (and starts the count again). */
export async function suspendIfTooManyNoShows(sub: string, now: number): Promise<string | undefined> {
  const until = new Date(now + RESIDENT_LIMITS.suspensionDays * 86_400_000).toISOString();
  try {
    await db().send(
      new UpdateCommand({
        TableName: main(),
        Key: keys.bookingLimits(sub),
        UpdateExpression: 'SET suspendedUntil = :until, noShows = :zero',
        ConditionExpression: 'noShows >= :limit',
        ExpressionAttributeValues: {
          ':until': until,
          ':zero': 0,
          ':limit': RESIDENT_LIMITS.noShowsToSuspend,
        },
      }),
    );
    return until;
  } catch (error) {
    if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return undefined;
    throw error;
  }
}

export async function getBooking(id: string): Promise<StoredBooking | undefined> {
  const { Item } = await db().send(
    new GetCommand({ TableName: main(), Key: keys.booking(id), ConsistentRead: true }),
  );
  return Item ? fromItem(Item) : undefined;
}

export async function requireBooking(id: string): Promise<StoredBooking> {
  const booking = await getBooking(id);
  if (!booking) throw NotFoundError.of('booking', id);
  return booking;
}

/** A resident's bookings, latest start first. */
export const listResidentBookings = (
  sub: string,
  limit: number,
  cursor?: string,
): Promise<Page<StoredBooking>> =>
  queryPage(
    {
      TableName: main(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': BOOKING_PARTITIONS.resident(sub) },
      ScanIndexForward: false,
    },
    `me-bookings:${sub}`,
    limit,
    cursor,
    fromItem,
  );

/** A center's bookings of a local day, by start. */
export const listCenterDayBookings = (
  centerId: string,
  date: string,
  limit: number,
  cursor?: string,
): Promise<Page<StoredBooking>> =>
  queryPage(
    {
      TableName: main(),
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :p',
      ExpressionAttributeValues: { ':p': BOOKING_PARTITIONS.centerDay(centerId, date) },
    },
    `center-bookings:${centerId}:${date}`,
    limit,
    cursor,
    fromItem,
  );

/** Every booking of a center's day (closures cancel them), all pages. */
export async function allCenterDayBookings(centerId: string, date: string): Promise<StoredBooking[]> {
  const all: StoredBooking[] = [];
  let cursor: string | undefined;
  do {
    const page = await listCenterDayBookings(centerId, date, 100, cursor);
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

/** The first `count` waiting for an occurrence, first come first (the index may lag a moment). */
export async function firstWaiting(occurrenceId: string, count: number): Promise<StoredBooking[]> {
  if (count <= 0) return [];
  const { Items = [] } = await db().send(
    new QueryCommand({
      TableName: main(),
      IndexName: 'gsi3',
      KeyConditionExpression: 'gsi3pk = :p',
      ExpressionAttributeValues: { ':p': BOOKING_PARTITIONS.waitlist(occurrenceId) },
      Limit: count,
    }),
  );
  // the index is eventually consistent: read each again before promoting it
  const fresh = await Promise.all(Items.map((item) => getBooking(String(item.id))));
  return fresh.filter((b): b is StoredBooking => b?.status === 'waitlisted');
}

/** How many are waiting for an occurrence. */
export async function waitingCount(occurrenceId: string): Promise<number> {
  const { Count = 0 } = await db().send(
    new QueryCommand({
      TableName: main(),
      IndexName: 'gsi3',
      KeyConditionExpression: 'gsi3pk = :p',
      ExpressionAttributeValues: { ':p': BOOKING_PARTITIONS.waitlist(occurrenceId) },
      Select: 'COUNT',
    }),
  );
  return Count;
}

/** Active bookings starting before `before` (the sweep's read), oldest first, every page. */
export async function openBookingsStartingBefore(before: number): Promise<StoredBooking[]> {
  const bookings: StoredBooking[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db().send(
      new QueryCommand({
        TableName: main(),
        IndexName: 'gsi4',
        KeyConditionExpression: 'gsi4pk = :p AND gsi4sk < :before',
        ExpressionAttributeValues: {
          ':p': BOOKING_PARTITIONS.open,
          ':before': new Date(before).toISOString(),
        },
        ExclusiveStartKey: start,
      }),
    );
    bookings.push(...(page.Items ?? []).map(fromItem));
    start = page.LastEvaluatedKey;
  } while (start);
  return bookings;
}

/** Marks the reminder sent (once: a second sweep finds it gone). */
export async function markReminded(booking: StoredBooking): Promise<boolean> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: main(),
        Key: keys.booking(booking.id),
        UpdateExpression: 'REMOVE holds.remindAt',
        ConditionExpression: 'attribute_exists(holds.remindAt)',
      }),
    );
    return true;
  } catch (error) {
    if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

/** What is left of a room per 15-minute cell between two instants (cells never booked are absent). */
export async function roomCellsBetween(
  centerId: string,
  roomId: string,
  from: number,
  to: number,
): Promise<Map<number, number>> {
  const cells = new Map<number, number>();
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db().send(
      new QueryCommand({
        TableName: main(),
        KeyConditionExpression: 'pk = :p AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':p': keys.roomCell(centerId, roomId, '').pk,
          ':from': new Date(from).toISOString(),
          ':to': new Date(to).toISOString(),
        },
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) cells.set(Date.parse(String(item.sk)), Number(item.remaining));
    start = page.LastEvaluatedKey;
  } while (start);
  return cells;
}

/** Seats left on each shard of an occurrence. */
export async function seatsLeft(occurrenceId: string): Promise<number[]> {
  const { Items = [] } = await db().send(
    new QueryCommand({
      TableName: main(),
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': keys.seats(occurrenceId, 0).pk },
      ConsistentRead: true,
    }),
  );
  return Items.sort((a, b) => String(a.sk).localeCompare(String(b.sk))).map((i) => Number(i.remaining));
}
