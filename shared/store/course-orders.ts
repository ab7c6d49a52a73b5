import { GetCommand } from '@aws-sdk/lib-dynamodb';
import {
  COURSE_TRANSITIONS,
  type CourseOrderState,
  type CourseTransition,
  type RoomHold,
  type StoredCourseOrder,
  stateRank,
} from '../domain/course-order.ts';
import { ConflictError, NotFoundError } from '../domain/errors.ts';
import { tableName } from '../runtime/env.ts';
import { db } from './client.ts';
import { cancellationCodes } from './conditions.ts';
import { type GuardPut, throwIfGuarded } from './create-guard.ts';
import {
  COURSE_ORDER_PARTITIONS,
  courseOrderIndexKeys,
  courseOrderStatePrefix,
  keys,
  stripKeys,
} from './keys.ts';
import { type Page, queryPage } from './pagination.ts';
import { cellExpiryOf, roomCellTakes } from './room-cells.ts';
import { statCounterWrites } from './stats.ts';
import { transact } from './transact.ts';

/**
 * Course orders: one item per order (`CORDER#<id>` / `META`) carrying its whole history. Every
 * transition is ONE transaction whose items are assembled in `transitionItems`: the order's next
 * status, written only over the version and status it was computed from, and what the transition
 * moves beside it (the room cells a schedule takes, a cancellation gives back, the subtree's
 * counters a delivery or a rating adds). See docs/course-orders.md.
 */

type Item = Record<string, unknown>;
type TransactItem = Parameters<typeof transact>[0][number];

const main = () => tableName('main');

export function toItem(order: StoredCourseOrder): Item {
  return {
    ...keys.courseOrder(order.id),
    entity: 'course-order',
    ...order,
    ...courseOrderIndexKeys({ ...order, stateRank: stateRank(order.status) }),
  };
}
const fromItem = (item: Item) => stripKeys<StoredCourseOrder>(item);

const putNew = (order: StoredCourseOrder): TransactItem => ({
  Put: { TableName: main(), Item: toItem(order), ConditionExpression: 'attribute_not_exists(pk)' },
});

/** The order's next status, written only over the version and status it was computed from. */
const putChanged = (before: StoredCourseOrder, after: StoredCourseOrder): TransactItem => ({
  Put: {
    TableName: main(),
    Item: toItem(after),
    ConditionExpression: 'version = :v AND #s = :s',
    ExpressionAttributeNames: { '#s': 'status' },
    ExpressionAttributeValues: { ':v': before.version, ':s': before.status },
  },
});

/**
 * The whole room for every cell of the session: a cell's counter (shared with the residents'
 * room bookings, docs/bookings.md) must still be at the room's full capacity.
 */
const roomTake = (centerId: string, hold: RoomHold, end: string): TransactItem[] =>
  roomCellTakes(
    { centerId, roomId: hold.roomId, cellCapacity: hold.cellCapacity },
    hold.cells,
    hold.take,
    end,
  );

/**
 * Gives the cells back. Unconditional: the order's status guards that it happens once, and a cell
 * gone by TTL is recreated at the full capacity it would have had.
 */
const roomGiveBack = (centerId: string, hold: RoomHold, end: string): TransactItem[] =>
  hold.cells.map((cell) => ({
    Update: {
      TableName: main(),
      Key: keys.roomCell(centerId, hold.roomId, cell),
      UpdateExpression:
        'SET remaining = if_not_exists(remaining, :zero) + :take, expiresAt = if_not_exists(expiresAt, :exp)',
      ExpressionAttributeValues: { ':zero': 0, ':take': hold.take, ':exp': cellExpiryOf(end) },
    },
  }));

/** What each transition writes besides the order itself. */
const SIDE_ITEMS: Record<
  CourseTransition,
  (before: StoredCourseOrder, after: StoredCourseOrder) => TransactItem[]
> = {
  schedule: (_before, after) =>
    after.hold && after.schedule ? roomTake(after.centerId, after.hold, after.schedule.end) : [],
  // the figures of the receiving center's subtree move with the transition that causes them
  deliver: (_before, after) =>
    after.attendance
      ? statCounterWrites(
          {
            kind: 'courseDelivered',
            origin: after.origin,
            category: after.course.category,
            attendees: after.attendance.headcount,
          },
          { path: after.centerPath },
          { at: after.updatedAt, id: after.id },
        )
      : [],
  rate: (_before, after) =>
    after.rating
      ? statCounterWrites(
          { kind: 'courseRated', level: after.rating.level },
          { path: after.centerPath },
          { at: after.rating.at, id: after.id },
        )
      : [],
  cancel: (before) =>
    before.status === 'scheduled' && before.hold && before.schedule
      ? roomGiveBack(before.centerId, before.hold, before.schedule.end)
      : [],
  decline: () => [],
};

/**
 * Every item of one transition's transaction, in one place: the order first (its condition
 * failing means another change got there first), then what the transition moves beside it.
 */
export function transitionItems(
  action: CourseTransition,
  before: StoredCourseOrder,
  after: StoredCourseOrder,
): TransactItem[] {
  if (
    !COURSE_TRANSITIONS[action].from.includes(before.status) ||
    after.status !== COURSE_TRANSITIONS[action].to
  ) {
    throw new Error(`${action} does not lead from ${before.status} to ${after.status}`);
  }
  return [putChanged(before, after), ...SIDE_ITEMS[action](before, after)];
}

/** Stores a new order; with a guard, the guard is written in the same transaction (last). */
export async function createCourseOrder(order: StoredCourseOrder, guard?: GuardPut): Promise<void> {
  try {
    await transact([putNew(order), ...(guard ? [guard] : [])]);
  } catch (error) {
    throwIfGuarded(error, guard);
    if (cancellationCodes(error)?.[0] === 'ConditionalCheckFailed') {
      throw new ConflictError(`course order ${order.id} already exists`);
    }
    throw error;
  }
}

export async function getCourseOrder(id: string): Promise<StoredCourseOrder | undefined> {
  const { Item } = await db().send(
    new GetCommand({ TableName: main(), Key: keys.courseOrder(id), ConsistentRead: true }),
  );
  return Item ? fromItem(Item) : undefined;
}

export async function requireCourseOrder(id: string): Promise<StoredCourseOrder> {
  const order = await getCourseOrder(id);
  if (!order) throw NotFoundError.of('course order', id);
  return order;
}

/**
 * Writes one transition. False when the order changed meanwhile (nothing is written); a 409
 * when the room is taken at that time by a booking or another course.
 */
export async function writeTransition(
  action: CourseTransition,
  before: StoredCourseOrder,
  after: StoredCourseOrder,
): Promise<boolean> {
  try {
    await transact(transitionItems(action, before, after));
    return true;
  } catch (error) {
    const codes = cancellationCodes(error);
    if (codes?.[0] === 'ConditionalCheckFailed') return false;
    if (action === 'schedule' && codes?.includes('ConditionalCheckFailed')) {
      throw new ConflictError(`room ${after.hold?.roomId} is booked at that time`, { reason: 'taken' });
    }
    throw error;
  }
}

/**
 * Reads the order, lets `change` decide (who may, whether the status allows it, throwing 403/409)
 * and writes the transition. When another change wins, the order is read again and `change`
 * decides on what it is now: a second schedule of one order then gets 409 saying it is scheduled.
 */
export async function changeCourseOrder(
  id: string,
  action: CourseTransition,
  change: (order: StoredCourseOrder) => StoredCourseOrder | Promise<StoredCourseOrder>,
): Promise<StoredCourseOrder> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const current = await requireCourseOrder(id);
    const next = await change(current);
    if (await writeTransition(action, current, next)) return next;
  }
  throw new ConflictError(`course order ${id} keeps changing; reload and retry`);
}

/**
 * A center's orders as provider (it gives them) or orderer (placed at or for it): by status in
 * lifecycle order, oldest first within a status; `status` reads that one status only.
 */
export function listCenterCourseOrders(
  centerId: string,
  role: 'provider' | 'orderer',
  status: CourseOrderState | undefined,
  limit: number,
  cursor: string | undefined,
): Promise<Page<StoredCourseOrder>> {
  const index = role === 'provider' ? 'gsi2' : 'gsi3';
  const partition =
    role === 'provider'
      ? COURSE_ORDER_PARTITIONS.provider(centerId)
      : COURSE_ORDER_PARTITIONS.orderer(centerId);
  return queryPage(
    {
      TableName: main(),
      IndexName: index,
      KeyConditionExpression: status ? `${index}pk = :p AND begins_with(${index}sk, :s)` : `${index}pk = :p`,
      ExpressionAttributeValues: {
        ':p': partition,
        ...(status ? { ':s': courseOrderStatePrefix(stateRank(status), status) } : {}),
      },
    },
    `course-orders|${index}|${partition}|${status ?? ''}`,
    limit,
    cursor,
    fromItem,
  );
}

/** The orders a person placed, newest first. */
export function listPlacedCourseOrders(
  sub: string,
  limit: number,
  cursor: string | undefined,
): Promise<Page<StoredCourseOrder>> {
  const partition = COURSE_ORDER_PARTITIONS.placedBy(sub);
  return queryPage(
    {
      TableName: main(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': partition },
      ScanIndexForward: false,
    },
    `course-orders|gsi1|${partition}`,
    limit,
    cursor,
    fromItem,
  );
}
