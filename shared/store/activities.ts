import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { type Activity, activityOfOccurrence, type Occurrence, splitSeats } from '../domain/activities.ts';
import { NotFoundError } from '../domain/errors.ts';
import { tableName } from '../runtime/env.ts';
import { listUnderCenter } from './center-items.ts';
import { db } from './client.ts';
import { cancellationCodes } from './conditions.ts';
import { type GuardPut, throwIfGuarded } from './create-guard.ts';
import { keys, stripKeys } from './keys.ts';
import { type Page, queryPage } from './pagination.ts';
import { transact } from './transact.ts';

/**
 * Activities, their occurrences and seat counters. A series is created in one transaction: the
 * activity (under its center, which must exist), every occurrence, and each occurrence's seat
 * shards with `remaining` set to their share of the seats.
 */

const main = () => tableName('main');

export async function putActivity(activity: Activity, occurrences: readonly Occurrence[], guard?: GuardPut) {
  const shares = splitSeats(activity.seats, activity.seatShards);
  const items = [
    {
      Put: {
        TableName: main(),
        Item: { ...keys.activity(activity.centerId, activity.id), entity: 'activity', ...activity },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    {
      ConditionCheck: {
        TableName: main(),
        Key: keys.center(activity.centerId),
        ConditionExpression: 'attribute_exists(pk)',
      },
    },
    ...occurrences.flatMap((occurrence) => [
      {
        Put: {
          TableName: main(),
          Item: { ...keys.occurrence(activity.id, occurrence.id), entity: 'occurrence', ...occurrence },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      ...shares.map((remaining, shard) => ({
        Put: {
          TableName: main(),
          Item: { ...keys.seats(occurrence.id, shard), entity: 'seats', remaining, seats: remaining },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      })),
    ]),
    ...(guard ? [guard] : []),
  ];
  try {
    await transact(items);
  } catch (error) {
    throwIfGuarded(error, guard);
    if (cancellationCodes(error)?.[1] === 'ConditionalCheckFailed')
      throw NotFoundError.of('center', activity.centerId);
    throw error;
  }
}

/** Items one activity's transaction writes: DynamoDB takes at most 100. */
export const activityItemCount = (occurrences: number, shards: number) => 2 + occurrences * (1 + shards) + 1;

export async function getActivity(centerId: string, activityId: string): Promise<Activity | undefined> {
  const { Item } = await db().send(
    new GetCommand({ TableName: main(), Key: keys.activity(centerId, activityId) }),
  );
  return Item ? stripKeys<Activity>(Item) : undefined;
}

export const listActivities = (centerId: string, limit: number, cursor?: string) =>
  listUnderCenter<Activity>(centerId, 'ACTIVITY#', limit, cursor);

export const listOccurrences = (
  activityId: string,
  limit: number,
  cursor?: string,
): Promise<Page<Occurrence>> =>
  queryPage(
    {
      TableName: main(),
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :occ)',
      ExpressionAttributeValues: { ':p': keys.occurrence(activityId, '').pk, ':occ': 'OCC#' },
    },
    `occurrences:${activityId}`,
    limit,
    cursor,
    (item) => stripKeys<Occurrence>(item),
  );

export async function getOccurrence(id: string): Promise<Occurrence | undefined> {
  const activityId = activityOfOccurrence(id);
  if (!activityId) return undefined;
  const { Item } = await db().send(
    new GetCommand({ TableName: main(), Key: keys.occurrence(activityId, id) }),
  );
  return Item ? stripKeys<Occurrence>(Item) : undefined;
}
