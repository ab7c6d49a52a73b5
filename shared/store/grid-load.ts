import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { MAX_ACTIVITY_MINUTES } from '../domain/activities.ts';
import { MAX_BOOKING_MINUTES } from '../domain/booking-rules.ts';
import { OPEN_STATUSES } from '../domain/service-order.ts';
import { lineage } from '../domain/tree.ts';
import { tableName } from '../runtime/env.ts';
import { db } from './client.ts';
import { BOOKABLE_ROOMS_PARTITION, BOOKING_PARTITIONS, ORDER_PARTITIONS } from './keys.ts';

/**
 * The live load the grid shows per center, read for the whole district at once: open service
 * orders from the orders-by-status index (one paged Query per open status, only the path of the
 * center each order is at); people booked in now from the bookings-by-start index (one paged
 * Query per UTC day a booking under way may have started on); the places of bookable rooms from
 * the sparse bookable-rooms index (one paged Query).
 */

type Item = Record<string, unknown>;

async function queryAll(input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>): Promise<Item[]> {
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const page = await db().send(
      new QueryCommand({ ...input, TableName: tableName('main'), ExclusiveStartKey: start }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

const add = (counts: Map<string, number>, id: string, n: number) => counts.set(id, (counts.get(id) ?? 0) + n);

export async function openOrdersByCenter(): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const pages = await Promise.all(
    OPEN_STATUSES.map((status) =>
      queryAll({
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': ORDER_PARTITIONS.status(status) },
        ProjectionExpression: 'atPath',
      }),
    ),
  );
  for (const item of pages.flat()) {
    const centerId = lineage(String(item.atPath ?? '')).at(-1);
    if (centerId) add(counts, centerId, 1);
  }
  return counts;
}

/**
 * People per center whose booking (pending, confirmed or checked in; a room slot or seats of a
 * class) covers `at`. A room booking or an occurrence lasts at most 12 hours, so only those that
 * started that long before `at` are read: the start-day partitions of that window, by start.
 */
export async function bookedNowByCenter(at: number): Promise<Map<string, number>> {
  const longest = Math.max(MAX_BOOKING_MINUTES, MAX_ACTIVITY_MINUTES);
  const since = new Date(at - longest * 60_000).toISOString();
  const until = new Date(at).toISOString();
  const days = [...new Set([since.slice(0, 10), until.slice(0, 10)])];
  const pages = await Promise.all(
    days.map((day) =>
      queryAll({
        IndexName: 'gsi3',
        // `~` sorts after every booking id, so a booking starting exactly at `at` is read
        KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk BETWEEN :since AND :until',
        ExpressionAttributeNames: { '#end': 'end' },
        ExpressionAttributeValues: {
          ':pk': BOOKING_PARTITIONS.occupying(day),
          ':since': since,
          ':until': `${until}#~`,
        },
        ProjectionExpression: 'centerId, partySize, #end',
      }),
    ),
  );
  const counts = new Map<string, number>();
  for (const item of pages.flat()) {
    // stored ends carry the center's offset: compare instants, not strings
    if (Date.parse(String(item.end)) <= at) continue;
    add(counts, String(item.centerId), Number(item.partySize ?? 1));
  }
  return counts;
}

/** The places of each center's bookable rooms (a center without one is absent). */
export async function bookablePlacesByCenter(): Promise<Map<string, number>> {
  const rooms = await queryAll({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': BOOKABLE_ROOMS_PARTITION },
    ProjectionExpression: 'centerId, #capacity',
    ExpressionAttributeNames: { '#capacity': 'capacity' },
  });
  const places = new Map<string, number>();
  for (const room of rooms) add(places, String(room.centerId), Number(room.capacity ?? 0));
  return places;
}
