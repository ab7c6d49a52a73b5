import { BatchWriteCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Closure } from '../domain/closures.ts';
import { NotFoundError } from '../domain/errors.ts';
import type { Room, ServiceWindow } from '../domain/rooms.ts';
import { tableName } from '../runtime/env.ts';
import { deleteExisting, listUnderCenter, putUnderCenter, updateVersioned } from './center-items.ts';
import { db } from './client.ts';
import type { GuardPut } from './create-guard.ts';
import { CLOSURES_PARTITION, closureIndexKeys, keys, roomIndexKeys, stripKeys } from './keys.ts';

/** Rooms, service windows and temporary closures of a center: all in the center's partition. */

export const putRoom = (room: Room, guard?: GuardPut) =>
  putUnderCenter(
    room.centerId,
    keys.room(room.centerId, room.id),
    'room',
    { ...room, ...roomIndexKeys(room) },
    guard,
  );
export const listRooms = (centerId: string, limit: number, cursor?: string) =>
  listUnderCenter<Room>(centerId, 'ROOM#', limit, cursor);

async function getItem<T>(key: { pk: string; sk: string }): Promise<T | undefined> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName('main'), Key: key }));
  return Item ? stripKeys<T>(Item) : undefined;
}

export const getRoom = (centerId: string, roomId: string) => getItem<Room>(keys.room(centerId, roomId));

export async function requireRoom(centerId: string, roomId: string): Promise<Room> {
  const room = await getRoom(centerId, roomId);
  if (!room) throw NotFoundError.of('room', `${centerId}/${roomId}`);
  return room;
}

export const updateRoom = (
  centerId: string,
  roomId: string,
  changes: Record<string, unknown>,
  expectedVersion: number,
) =>
  updateVersioned<Room>(
    keys.room(centerId, roomId),
    `room ${roomId}`,
    // a room made bookable (or not) joins (or leaves) the index the grid reads capacity from
    typeof changes.bookable === 'boolean'
      ? {
          ...changes,
          gsi1pk: null,
          gsi1sk: null,
          ...roomIndexKeys({ centerId, id: roomId, bookable: changes.bookable }),
        }
      : changes,
    expectedVersion,
  );

export const putWindow = (window: ServiceWindow, guard?: GuardPut) =>
  putUnderCenter(window.centerId, keys.window(window.centerId, window.id), 'window', window, guard);
export const getWindow = (centerId: string, windowId: string) =>
  getItem<ServiceWindow>(keys.window(centerId, windowId));
export const listWindows = (centerId: string, limit: number, cursor?: string) =>
  listUnderCenter<ServiceWindow>(centerId, 'WINDOW#', limit, cursor);

export const putClosure = (closure: Closure, guard?: GuardPut) =>
  putUnderCenter(
    closure.centerId,
    keys.closure(closure.centerId, closure.id),
    'closure',
    { ...closure, ...closureIndexKeys(closure) },
    guard,
  );

/**
 * Every closure of the district that ends after `since` (and so may still matter), in one paged
 * Query of the sparse closures index: the grid builder's read, instead of one query per center.
 */
export async function listClosuresEndingAfter(since: number): Promise<Closure[]> {
  const closures: Closure[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db().send(
      new QueryCommand({
        TableName: tableName('main'),
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p AND gsi1sk >= :since',
        ExpressionAttributeValues: { ':p': CLOSURES_PARTITION, ':since': new Date(since).toISOString() },
        ExclusiveStartKey: start,
      }),
    );
    closures.push(...(page.Items ?? []).map((item) => stripKeys<Closure>(item)));
    start = page.LastEvaluatedKey;
  } while (start);
  return closures;
}
export const getClosure = (centerId: string, closureId: string) =>
  getItem<Closure>(keys.closure(centerId, closureId));
export const listClosures = (centerId: string, limit: number, cursor?: string) =>
  listUnderCenter<Closure>(centerId, 'CLOSURE#', limit, cursor);
export const deleteClosure = (centerId: string, closureId: string) =>
  deleteExisting(keys.closure(centerId, closureId), `closure ${closureId} of center ${centerId}`);

/**
 * Rooms and windows of centers just written, in batches of 25 and without the per-item existence
 * check a single create makes: for seeding a whole network at once (thousands of centers).
 */
export async function putRoomsAndWindowsInBulk(
  rooms: readonly Room[],
  windows: readonly ServiceWindow[],
): Promise<void> {
  const main = tableName('main');
  const puts = [
    ...rooms.map((room) => ({
      ...keys.room(room.centerId, room.id),
      entity: 'room',
      ...room,
      ...roomIndexKeys(room),
    })),
    ...windows.map((window) => ({ ...keys.window(window.centerId, window.id), entity: 'window', ...window })),
  ].map((Item) => ({ PutRequest: { Item } }));
  let next = 0;
  // a few batches in flight, not hundreds queueing for sockets
  const worker = async () => {
    for (let i = next; i < puts.length; i = next) {
      next += 25;
      let pending: Record<string, unknown[]> | undefined = { [main]: puts.slice(i, i + 25) };
      while (pending && Object.keys(pending).length > 0) {
        const result = await db().send(new BatchWriteCommand({ RequestItems: pending as never }));
        pending = result.UnprocessedItems as typeof pending;
      }
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
}
