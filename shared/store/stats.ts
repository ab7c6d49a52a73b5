import { GetCommand, QueryCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import {
  type BucketRef,
  bucketsOf,
  type CenterRef,
  type Counts,
  countsOf,
  countsOfBucket,
  type StatEvent,
  type StatsInput,
  sumCounts,
} from '../domain/stats.ts';
import { tableName } from '../runtime/env.ts';
import { listChildren } from './centers.ts';
import { db } from './client.ts';
import { keys, STATS_DAY_PREFIX } from './keys.ts';

/**
 * The figures of a subtree, as counters written WITH the events that change them: the state
 * change and its counters are one transaction, so when the change's own condition fails (a
 * redelivered message, a replayed request, a race lost) nothing is counted either. Each event
 * adds to a day bucket of its center and of every ancestor (domain/stats.ts), so reading a
 * district's year is one Query of its buckets, not a scan of its history. See docs/stats.md.
 */

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** When and about what an event happened: the day it counts on, and the seed of its shard. */
export interface Occasion {
  /** The instant of the event (ISO 8601 or epoch ms). */
  readonly at: string | number;
  /** The id of what the transaction writes (an order, a booking, a delivery): picks the shards. */
  readonly id: string;
}

/**
 * The TransactWrite items (one `ADD` Update per bucket) that count `events` at the center of
 * `center.path` and at each of its ancestors: as many items as the path has centers (at most
 * five), whatever the number of events, since events of one occasion share a day and a shard.
 * Put them in the transaction of the write that makes the events happen, before a create
 * guard (which must stay last). No events, no items.
 *
 * For course orders: on delivery, `statCounterWrites({ kind: 'courseDelivered', origin,
 * category, attendees }, receivingCenter, { at, id: order.id })`; on rating,
 * `statCounterWrites({ kind: 'courseRated', level }, receivingCenter, { at, id: order.id })`.
 */
export function statCounterWrites(
  events: StatEvent | readonly StatEvent[],
  center: { readonly path: string },
  occasion: Occasion,
): TransactItem[] {
  return countedAt(
    [{ events: Array.isArray(events) ? events : [events as StatEvent], path: center.path }],
    occasion,
  );
}

/**
 * Events of one occasion at several centers (an order going overdue at one center and moving to
 * another): one Update per bucket however many groups add to it, since a transaction may not
 * touch an item twice.
 */
export function countedAt(
  groups: readonly { readonly events: readonly StatEvent[]; readonly path: string }[],
  occasion: Occasion,
): TransactItem[] {
  const byBucket = new Map<string, { bucket: BucketRef; counts: Counts[] }>();
  for (const group of groups) {
    const counts = sumCounts(group.events.map(countsOf));
    if (Object.keys(counts).length === 0) continue;
    for (const bucket of bucketsOf(group.path, occasion.at, occasion.id)) {
      const key = `${bucket.centerId}|${bucket.day}|${bucket.shard}`;
      const entry = byBucket.get(key) ?? { bucket, counts: [] };
      entry.counts.push(counts);
      byBucket.set(key, entry);
    }
  }
  return [...byBucket.values()].map(({ bucket, counts }) => bucketUpdate(bucket, sumCounts(counts)));
}

function bucketUpdate(bucket: BucketRef, counts: Counts): TransactItem {
  const names: Record<string, string> = { '#entity': 'entity', '#center': 'centerId', '#day': 'day' };
  const values: Record<string, unknown> = { ':entity': 'stats', ':cid': bucket.centerId, ':day': bucket.day };
  const adds = Object.entries(counts).map(([name, value], i) => {
    names[`#c${i}`] = name;
    values[`:c${i}`] = value;
    return `#c${i} :c${i}`;
  });
  return {
    Update: {
      TableName: tableName('main'),
      Key: keys.stats(bucket.centerId, bucket.day, bucket.shard),
      UpdateExpression: `SET #entity = :entity, #center = :cid, #day = :day ADD ${adds.join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/** What a center's subtree counted from `from` to `to` (local dates, both included): one Query, all pages. */
export async function countsOver(centerId: string, range: { from: string; to: string }): Promise<Counts> {
  const { pk } = keys.stats(centerId, '', 0);
  const buckets: Counts[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db().send(
      new QueryCommand({
        TableName: tableName('main'),
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': pk,
          ':from': `${STATS_DAY_PREFIX}${range.from}`,
          // `~` sorts after every shard suffix of the last day
          ':to': `${STATS_DAY_PREFIX}${range.to}#~`,
        },
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) buckets.push(countsOfBucket(item));
    start = page.LastEvaluatedKey;
  } while (start);
  return sumCounts(buckets);
}

/** Children read at once, each its own Query of buckets. */
const PARALLEL_READS = 16;

/** Every child of a center, by name, with what its subtree counted over the range. */
export async function childCounts(
  parentId: string,
  range: { from: string; to: string },
): Promise<{ center: CenterRef; counts: Counts }[]> {
  const children: CenterRef[] = [];
  let cursor: string | undefined;
  do {
    const page = await listChildren(parentId, 100, cursor);
    children.push(...page.items.map((c) => ({ id: c.id, name: c.name, level: c.level })));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  const rows: { center: CenterRef; counts: Counts }[] = [];
  for (let i = 0; i < children.length; i += PARALLEL_READS) {
    const batch = children.slice(i, i + PARALLEL_READS);
    const counts = await Promise.all(batch.map((child) => countsOver(child.id, range)));
    batch.forEach((center, j) => {
      rows.push({ center, counts: counts[j] ?? {} });
    });
  }
  return rows;
}

/** The counts behind `GET /centers/{id}/stats`: the subtree's total, and its children's with groupBy. */
export async function centerStats(
  center: CenterRef,
  range: { from: string; to: string },
  groupBy: 'child' | undefined,
): Promise<StatsInput> {
  const [total, children] = await Promise.all([
    countsOver(center.id, range),
    groupBy === 'child' ? childCounts(center.id, range) : Promise.resolve(undefined),
  ]);
  return { center, range, total, ...(children ? { children } : {}) };
}

/** The path of a center, for writes that know only its id (undefined when it does not exist). */
export async function pathOf(centerId: string): Promise<string | undefined> {
  const { Item } = await db().send(
    new GetCommand({
      TableName: tableName('main'),
      Key: keys.center(centerId),
      ProjectionExpression: '#path',
      ExpressionAttributeNames: { '#path': 'path' },
    }),
  );
  return Item?.path as string | undefined;
}
