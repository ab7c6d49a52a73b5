import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { ConflictError, NotFoundError } from '../domain/errors.ts';
import { isOpen, type OrderStatus } from '../domain/service-order.ts';
import type { CenterOrdersQuery, StoredOrder } from '../domain/service-order-requests.ts';
import { orderEvents } from '../domain/stats.ts';
import { tableName } from '../runtime/env.ts';
import { db } from './client.ts';
import { cancellationCodes, isConditionFailure } from './conditions.ts';
import { type GuardPut, throwIfGuarded } from './create-guard.ts';
import {
  keys,
  ORDER_PARTITIONS,
  type OrderIndexState,
  serviceOrderIndexKeys,
  stripKeys,
  UNKNOWN_DUE_PREFIX,
} from './keys.ts';
import { type Page, queryPage } from './pagination.ts';
import { countedAt } from './stats.ts';

/**
 * Service orders: one item per order (`ORDER#<id>` / `META`) carrying its whole history. Every
 * change is a whole-item Put conditioned on the version and status it was computed from, so of two
 * racing changes exactly one lands. The indexes follow the order's state (see keys.ts).
 */

const ENTITY = 'service-order';

export function indexState(order: StoredOrder): OrderIndexState {
  if (order.status === 'submitted') return { kind: 'unrouted' };
  if (isOpen(order.status)) return order.overdue ? { kind: 'overdue' } : { kind: 'due' };
  if (order.status === 'rated' && order.followUp?.status === 'open') {
    return { kind: 'follow-up', followUpDueAt: order.followUp.dueAt ?? order.updatedAt };
  }
  return { kind: 'closed' };
}

function toItem(order: StoredOrder) {
  return {
    ...keys.serviceOrder(order.id),
    ...serviceOrderIndexKeys({ ...order, state: indexState(order) }),
    entity: ENTITY,
    ...order,
  };
}

function fromItem(item: Record<string, unknown>): StoredOrder {
  return stripKeys<StoredOrder>(item);
}

/** Stores a new order; its id must be new. With a guard, the guard is written in the same transaction. */
export async function createOrder(order: StoredOrder, guard?: GuardPut): Promise<void> {
  const put = {
    TableName: tableName('main'),
    Item: toItem(order),
    ConditionExpression: 'attribute_not_exists(pk)',
  };
  if (!guard) {
    await db().send(new PutCommand(put));
    return;
  }
  try {
    await db().send(new TransactWriteCommand({ TransactItems: [{ Put: put }, guard] }));
  } catch (error) {
    throwIfGuarded(error, guard);
    throw error;
  }
}

export async function getOrder(id: string): Promise<StoredOrder | undefined> {
  const { Item } = await db().send(
    new GetCommand({ TableName: tableName('main'), Key: keys.serviceOrder(id), ConsistentRead: true }),
  );
  return Item ? fromItem(Item) : undefined;
}

export async function requireOrder(id: string): Promise<StoredOrder> {
  const order = await getOrder(id);
  if (!order) throw NotFoundError.of('service order', id);
  return order;
}

/**
 * Replaces `current` by `next` only if the stored order is still at `current`'s version and
 * status. False when another change got there first (nothing is written).
 */
export async function replaceOrder(current: StoredOrder, next: StoredOrder): Promise<boolean> {
  const put = {
    TableName: tableName('main'),
    Item: toItem(next),
    ConditionExpression: '#version = :version AND #status = :status',
    ExpressionAttributeNames: { '#version': 'version', '#status': 'status' },
    ExpressionAttributeValues: { ':version': current.version, ':status': current.status },
  };
  // a completion, a rating or going overdue is counted at the order's center with the change itself
  const events = orderEvents(current, next);
  const counters = countedAt(
    [
      { events: events.before, path: current.atPath },
      { events: events.after, path: next.atPath },
    ],
    { at: next.updatedAt, id: next.id },
  );
  try {
    if (counters.length === 0) await db().send(new PutCommand(put));
    else await db().send(new TransactWriteCommand({ TransactItems: [{ Put: put }, ...counters] }));
    return true;
  } catch (error) {
    if (isConditionFailure(error) || cancellationCodes(error)?.[0] === 'ConditionalCheckFailed') return false;
    throw error;
  }
}

/**
 * Reads the order, computes the change with `change` (which checks who may do it and whether the
 * status allows it, throwing 403/409), and stores it conditionally. When a concurrent change wins,
 * the order is read again and `change` decides on what it is now: a second accept then gets 409
 * saying the order is accepted.
 */
export async function changeOrder(
  id: string,
  change: (order: StoredOrder) => StoredOrder | Promise<StoredOrder>,
): Promise<StoredOrder> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const current = await requireOrder(id);
    const next = await change(current);
    if (await replaceOrder(current, next)) return next;
  }
  throw new ConflictError(`service order ${id} keeps changing; reload and retry`);
}

/** A resident's orders, newest first; `status` filters within the page. */
export function listResidentOrders(
  sub: string,
  status: OrderStatus | undefined,
  limit: number,
  cursor: string | undefined,
): Promise<Page<StoredOrder>> {
  return queryPage(
    {
      TableName: tableName('main'),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ScanIndexForward: false,
      ...(status
        ? { FilterExpression: '#status = :status', ExpressionAttributeNames: { '#status': 'status' } }
        : {}),
      ExpressionAttributeValues: {
        ':pk': ORDER_PARTITIONS.resident(sub),
        ...(status ? { ':status': status } : {}),
      },
    },
    `gsi1|resident|${sub}|${status ?? ''}`,
    limit,
    cursor,
    fromItem,
  );
}

/**
 * Orders at the centers of a subtree (`path` is the subtree root's path), grouped by center in
 * tree order, oldest first within a center. One Query: by status on gsi2, all on gsi3, overdue or
 * with an open follow-up on gsi4; a status given with overdue/followUp filters within the page.
 */
export function listSubtreeOrders(
  path: string,
  query: Pick<CenterOrdersQuery, 'status' | 'overdue' | 'followUp'>,
  limit: number,
  cursor: string | undefined,
): Promise<Page<StoredOrder>> {
  const filters: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':path': path };
  let index: 'gsi2' | 'gsi3' | 'gsi4';
  let partition: string;
  if (query.followUp === 'open') {
    index = 'gsi4';
    partition = ORDER_PARTITIONS.followUp;
  } else if (query.overdue === true) {
    index = 'gsi4';
    partition = ORDER_PARTITIONS.overdue;
  } else if (query.status) {
    index = 'gsi2';
    partition = ORDER_PARTITIONS.status(query.status);
  } else {
    index = 'gsi3';
    partition = ORDER_PARTITIONS.all;
  }
  if (query.status && index !== 'gsi2') {
    filters.push('#status = :status');
    names['#status'] = 'status';
    values[':status'] = query.status;
  }
  if (query.overdue === false) {
    filters.push('overdue = :overdue');
    values[':overdue'] = false;
  }
  values[':pk'] = partition;
  return queryPage(
    {
      TableName: tableName('main'),
      IndexName: index,
      KeyConditionExpression: `${index}pk = :pk AND begins_with(${index}sk, :path)`,
      ...(filters.length > 0 ? { FilterExpression: filters.join(' AND ') } : {}),
      ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
      ExpressionAttributeValues: values,
    },
    `${index}|${partition}|${path}|${query.status ?? ''}|${query.overdue ?? ''}`,
    limit,
    cursor,
    fromItem,
  );
}

/** Every item of one gsi4 partition matching the condition, in pages, up to `max`. */
async function queryAll(
  input: {
    KeyConditionExpression: string;
    FilterExpression?: string;
    ExpressionAttributeValues: Record<string, unknown>;
  },
  max: number,
): Promise<StoredOrder[]> {
  const found: StoredOrder[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db().send(
      new QueryCommand({
        TableName: tableName('main'),
        IndexName: 'gsi4',
        ...input,
        ExclusiveStartKey: start,
      }),
    );
    found.push(...(page.Items ?? []).map(fromItem));
    start = page.LastEvaluatedKey;
  } while (start && found.length < max);
  return found.slice(0, max);
}

/** Orders still submitted (not yet assigned) since before `before`: the reconciler re-sends them. */
export function listUnrouted(before: string, max = 500): Promise<StoredOrder[]> {
  return queryAll(
    {
      KeyConditionExpression: 'gsi4pk = :pk AND gsi4sk < :before',
      ExpressionAttributeValues: { ':pk': ORDER_PARTITIONS.unrouted, ':before': before },
    },
    max,
  );
}

/**
 * Re-dates an unrouted order in the index so the reconciler waits again before re-sending it, and
 * counts the send (the first send is 1; items written before the count existed start from 1).
 */
export async function touchUnrouted(order: StoredOrder, now: string): Promise<void> {
  await db()
    .send(
      new UpdateCommand({
        TableName: tableName('main'),
        Key: keys.serviceOrder(order.id),
        UpdateExpression: 'SET gsi4sk = :sk, routingSends = if_not_exists(routingSends, :one) + :one',
        ConditionExpression: '#status = :submitted',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':sk': `${now}#${order.id}`, ':submitted': 'submitted', ':one': 1 },
      }),
    )
    .catch((error: unknown) => {
      if (!isConditionFailure(error)) throw error;
    });
}

/** Open orders whose deadline passed before `now` and that are not overdue yet. */
export function listPastDue(now: string, max = 500): Promise<StoredOrder[]> {
  return queryAll(
    {
      KeyConditionExpression: 'gsi4pk = :pk AND gsi4sk < :now',
      ExpressionAttributeValues: { ':pk': ORDER_PARTITIONS.due, ':now': new Date(now).toISOString() },
    },
    max,
  );
}

/**
 * Open orders due from `fromUtc` on whose deadline was counted on a provisional calendar year
 * (recounted once it is official). The key bounds the read to deadlines in that year or later.
 */
export function listProvisionalDue(fromUtc: string, max = 500): Promise<StoredOrder[]> {
  return queryAll(
    {
      KeyConditionExpression: 'gsi4pk = :pk AND gsi4sk >= :from',
      FilterExpression: 'dueAtProvisional = :yes',
      ExpressionAttributeValues: { ':pk': ORDER_PARTITIONS.due, ':from': fromUtc, ':yes': true },
    },
    max,
  );
}

/** Open orders whose deadline is unknown (a calendar year was missing when it was computed). */
export function listUnknownDue(max = 500): Promise<StoredOrder[]> {
  return queryAll(
    {
      KeyConditionExpression: 'gsi4pk = :pk AND begins_with(gsi4sk, :unknown)',
      ExpressionAttributeValues: { ':pk': ORDER_PARTITIONS.due, ':unknown': UNKNOWN_DUE_PREFIX },
    },
    max,
  );
}

/** Open follow-ups of the district (a small, sparse partition), for the sweep to find those past their limit. */
export function listOpenFollowUps(max = 500): Promise<StoredOrder[]> {
  return queryAll(
    {
      KeyConditionExpression: 'gsi4pk = :pk',
      ExpressionAttributeValues: { ':pk': ORDER_PARTITIONS.followUp },
    },
    max,
  );
}

/** Overdue open orders whose restarted deadline at the level above has passed too. */
export function listOverdueToEscalate(now: string, max = 500): Promise<StoredOrder[]> {
  return queryAll(
    {
      KeyConditionExpression: 'gsi4pk = :pk',
      FilterExpression: 'escalateAt < :now',
      ExpressionAttributeValues: { ':pk': ORDER_PARTITIONS.overdue, ':now': new Date(now).toISOString() },
    },
    max,
  );
}

/**
 * Gives the orders registered at a window for a walk-in resident (owner `walkInOwner`) to the
 * resident who signed in with that verified mobile number: each is re-keyed to their sub with a
 * conditional Put, so a claim racing another change or another claim changes it once. Returns
 * how many it took over.
 */
export async function claimWalkInOrders(owner: string, sub: string, at: string): Promise<number> {
  let claimed = 0;
  let cursor: string | undefined;
  do {
    const page = await listResidentOrders(owner, undefined, 100, cursor);
    for (const order of page.items) {
      const next: StoredOrder = {
        ...order,
        residentSub: sub,
        ...(order.walkIn ? { walkIn: { ...order.walkIn, claimedAt: at } } : {}),
        updatedAt: at,
        version: order.version + 1,
      };
      if (await replaceOrder(order, next)) claimed++;
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return claimed;
}
