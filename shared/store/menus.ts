import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { ConflictError, NotFoundError, PreconditionFailedError } from '../domain/errors.ts';
import type { Level } from '../domain/levels.ts';
import { applyRevision, type MenuCopy } from '../domain/menu-copy.ts';
import {
  type DeliveryFailure,
  type DistrictSend,
  type FanOut,
  inScope,
  type Menu,
  type MenuScope,
  type ScopeCandidate,
} from '../domain/menus.ts';
import { adoptionEvents } from '../domain/stats.ts';
import type { CenterKind } from '../domain/vocabulary.ts';
import { tableName } from '../runtime/env.ts';
import { db } from './client.ts';
import { cancellationCodes, isConditionFailure } from './conditions.ts';
import { type GuardPut, throwIfGuarded } from './create-guard.ts';
import { keys, MENU_COPY_PREFIX, MENU_PARTITIONS, stripKeys, TREE_PARTITION } from './keys.ts';
import { type Page, queryPage } from './pagination.ts';
import { sendMessages } from './queue.ts';
import { pathOf, statCounterWrites } from './stats.ts';

/**
 * Menus, their fan-outs and the copies at the centers. One partition per menu holds the menu, a
 * fan-out item per revision (its counters) and an outcome item per center and revision, written
 * once: the delivery's transaction puts the outcome with attribute_not_exists together with the
 * copy and the counter, so a redelivered message counts nothing twice. See docs/data-model.md.
 */

/** A gsi1sk sorting before every timestamp: the next reconciler run takes the fan-out at once. */
const RESUME_NOW = '0';
/** Failures shown with a fan-out's progress. */
const FAILURES_SHOWN = 100;

const main = () => tableName('main');

function menuItem(menu: Menu) {
  return { ...keys.menu(menu.id), entity: 'menu', ...menu };
}

function fanOutItem(fanOut: FanOut) {
  return {
    ...keys.menuFanOut(fanOut.menuId, fanOut.revision),
    entity: 'menu-fan-out',
    gsi1pk: MENU_PARTITIONS.fanOutsRunning,
    gsi1sk: fanOut.lastProgressAt,
    ...fanOut,
  };
}

function copyItem(copy: MenuCopy) {
  return { ...keys.menuCopy(copy.centerId, copy.menuId), entity: 'menu-copy', ...copy };
}

function fanOutFromItem(item: Record<string, unknown>): FanOut & { cursor?: string } {
  return stripKeys<FanOut & { cursor?: string }>(item);
}

function districtSendItem(send: DistrictSend) {
  return {
    ...keys.menuDistrict(send.menuId, send.district),
    entity: 'menu-district-send',
    ...(send.status === 'pending'
      ? { gsi1pk: MENU_PARTITIONS.districtSendsPending, gsi1sk: send.updatedAt }
      : {}),
    ...send,
  };
}

/**
 * Records a new menu, the fan-out of its first revision and (in a city stack) what is owed to
 * each target district, at once.
 */
export async function createMenu(
  menu: Menu,
  fanOut: FanOut,
  guard?: GuardPut,
  districtSends: readonly DistrictSend[] = [],
): Promise<void> {
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: { TableName: main(), Item: menuItem(menu), ConditionExpression: 'attribute_not_exists(pk)' },
          },
          {
            Put: {
              TableName: main(),
              Item: fanOutItem(fanOut),
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          ...districtSends.map((send) => ({ Put: { TableName: main(), Item: districtSendItem(send) } })),
          ...(guard ? [guard] : []),
        ],
      }),
    );
  } catch (error) {
    throwIfGuarded(error, guard);
    throw error;
  }
}

/**
 * Stores a revised (new version or withdrawn) menu and the fan-out of its revision, only if the
 * stored menu is still at `readRevision`: of two racing revisions one lands, the other is a 412.
 */
export async function reviseStoredMenu(next: Menu, readRevision: number, fanOut: FanOut): Promise<void> {
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: main(),
              Item: menuItem(next),
              ConditionExpression: 'revision = :read',
              ExpressionAttributeValues: { ':read': readRevision },
            },
          },
          {
            Put: {
              TableName: main(),
              Item: fanOutItem(fanOut),
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      }),
    );
  } catch (error) {
    if (cancellationCodes(error)?.some((code) => code === 'ConditionalCheckFailed')) {
      throw new PreconditionFailedError(`menu ${next.id} changed meanwhile; read it again`, {
        currentVersion: readRevision + 1,
      });
    }
    throw error;
  }
}

export async function getMenu(id: string): Promise<Menu | undefined> {
  const { Item } = await db().send(
    new GetCommand({ TableName: main(), Key: keys.menu(id), ConsistentRead: true }),
  );
  return Item ? stripKeys<Menu>(Item) : undefined;
}

export async function requireMenu(id: string): Promise<Menu> {
  const menu = await getMenu(id);
  if (!menu) throw NotFoundError.of('menu', id);
  return menu;
}

export async function getFanOut(
  menuId: string,
  revision: number,
): Promise<(FanOut & { cursor?: string }) | undefined> {
  const { Item } = await db().send(
    new GetCommand({ TableName: main(), Key: keys.menuFanOut(menuId, revision), ConsistentRead: true }),
  );
  return Item ? fanOutFromItem(Item) : undefined;
}

/** The first failed deliveries of a revision, by center id. */
export async function listFailures(menuId: string, revision: number): Promise<DeliveryFailure[]> {
  const result = await db().send(
    new QueryCommand({
      TableName: main(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :failures',
      ExpressionAttributeValues: { ':failures': MENU_PARTITIONS.failures(menuId, revision) },
      Limit: FAILURES_SHOWN,
    }),
  );
  return (result.Items ?? []).map((item) => ({
    centerId: item.centerId as string,
    reason: item.reason as string,
    at: item.at as string,
  }));
}

// ---- a city's menus at its districts --------------------------------------------------------

export async function listDistrictSends(menuId: string): Promise<DistrictSend[]> {
  const { pk } = keys.menuDistrict(menuId, '');
  const result = await db().send(
    new QueryCommand({
      TableName: main(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': 'DISTRICT#' },
      ConsistentRead: true,
    }),
  );
  return (result.Items ?? []).map((item) => stripKeys<DistrictSend>(item));
}

export async function getDistrictSend(menuId: string, district: string): Promise<DistrictSend | undefined> {
  const { Item } = await db().send(
    new GetCommand({ TableName: main(), Key: keys.menuDistrict(menuId, district), ConsistentRead: true }),
  );
  return Item ? stripKeys<DistrictSend>(Item) : undefined;
}

/** Stores what happened to a send (whole item: one sender per district and menu at a time). */
export async function putDistrictSend(send: DistrictSend): Promise<void> {
  await db().send(new PutCommand({ TableName: main(), Item: districtSendItem(send) }));
}

/** Sends to districts still pending since before `before`: the reconciler sends them again. */
export async function listStalledDistrictSends(before: string, limit = 100): Promise<DistrictSend[]> {
  const result = await db().send(
    new QueryCommand({
      TableName: main(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pending AND gsi1sk < :before',
      ExpressionAttributeValues: { ':pending': MENU_PARTITIONS.districtSendsPending, ':before': before },
      Limit: limit,
    }),
  );
  return (result.Items ?? []).map((item) => stripKeys<DistrictSend>(item));
}

/** Asks the sender to bring each district up to the menu's current revision. */
export function queueDistrictSends(menu: Menu, districts: readonly string[]): Promise<void> {
  return sendMessages(
    'menuDistrictSends',
    districts.map((district) => ({ menuId: menu.id, revision: menu.revision, district })),
  );
}

// ---- the scope, paged through the subtree ----------------------------------------------------

export interface ScopePage {
  readonly centers: ScopeCandidate[];
  /** Where the next page starts; undefined after the last. */
  readonly next: string | undefined;
}

/**
 * One page of the subtree under `publisherPath`, filtered to the scope: only the attributes the
 * scope looks at are read back. `start` is the `next` of the previous page.
 */
export async function scopePage(
  publisherPath: string,
  scope: MenuScope,
  start: string | undefined,
  limit = 1000,
): Promise<ScopePage> {
  const result = await db().send(
    new QueryCommand({
      TableName: main(),
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :tree AND begins_with(gsi2sk, :path)',
      ExpressionAttributeValues: { ':tree': TREE_PARTITION, ':path': publisherPath },
      ProjectionExpression: 'id, #path, #level, #kind',
      ExpressionAttributeNames: { '#path': 'path', '#level': 'level', '#kind': 'kind' },
      Limit: limit,
      ...(start ? { ExclusiveStartKey: JSON.parse(start) as Record<string, unknown> } : {}),
    }),
  );
  const centers = (result.Items ?? [])
    .map((item) => ({
      id: item.id as string,
      path: item.path as string,
      level: item.level as Level,
      kind: item.kind as CenterKind | undefined,
    }))
    .filter((center) => inScope(scope, publisherPath, center));
  return { centers, next: result.LastEvaluatedKey ? JSON.stringify(result.LastEvaluatedKey) : undefined };
}

/** How many centers of the registry are in the scope now. */
export async function countInScope(publisherPath: string, scope: MenuScope): Promise<number> {
  let count = 0;
  let start: string | undefined;
  do {
    const page = await scopePage(publisherPath, scope, start);
    count += page.centers.length;
    start = page.next;
  } while (start);
  return count;
}

/**
 * Asks the coordinator to fan revision `revision` out. A failed send loses nothing: the fan-out
 * is recorded as running, and the reconciler sends it again.
 */
export function queueFanOut(menuId: string, revision: number): Promise<void> {
  return sendMessages('menuFanOut', [{ menuId, revision }]);
}

// ---- the coordinator's progress ---------------------------------------------------------------

/**
 * Records that the coordinator queued `queued` more deliveries and reached `next` (undefined: the
 * whole subtree), only if the fan-out is still where this coordinator read it (`from`). False
 * when another delivery of the coordinator's message moved it first: then this one stops.
 */
export async function advanceFanOut(
  menuId: string,
  revision: number,
  from: string | undefined,
  next: string | undefined,
  queued: number,
  now: string,
): Promise<boolean> {
  const last = next === undefined;
  try {
    await db().send(
      new UpdateCommand({
        TableName: main(),
        Key: keys.menuFanOut(menuId, revision),
        UpdateExpression: last
          ? 'SET enqueuedAll = :true, lastProgressAt = :now ADD enqueued :queued REMOVE #cursor, gsi1pk, gsi1sk'
          : 'SET #cursor = :next, lastProgressAt = :now, gsi1sk = :now ADD enqueued :queued',
        ConditionExpression:
          from === undefined ? 'attribute_not_exists(#cursor) AND enqueuedAll = :false' : '#cursor = :from',
        ExpressionAttributeNames: { '#cursor': 'cursor' },
        ExpressionAttributeValues: {
          ':now': now,
          ':queued': queued,
          ...(last ? { ':true': true } : { ':next': next }),
          ...(from === undefined ? { ':false': false } : { ':from': from }),
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Fan-outs still queueing that made no progress since `before` (or were handed back). */
export async function listStalledFanOuts(before: string, limit = 100): Promise<FanOut[]> {
  const result = await db().send(
    new QueryCommand({
      TableName: main(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :running AND gsi1sk < :before',
      ExpressionAttributeValues: { ':running': MENU_PARTITIONS.fanOutsRunning, ':before': before },
      Limit: limit,
    }),
  );
  return (result.Items ?? []).map(fanOutFromItem);
}

/** The coordinator ran short of time: first in line for the reconciler. */
export function handBackFanOut(menuId: string, revision: number): Promise<void> {
  return setRunningSortKey(menuId, revision, RESUME_NOW);
}

/** A nudge was sent: the reconciler waits again before the next. */
export function touchFanOut(menuId: string, revision: number, now: string): Promise<void> {
  return setRunningSortKey(menuId, revision, now);
}

async function setRunningSortKey(menuId: string, revision: number, sortKey: string): Promise<void> {
  await db()
    .send(
      new UpdateCommand({
        TableName: main(),
        Key: keys.menuFanOut(menuId, revision),
        UpdateExpression: 'SET gsi1sk = :sortKey',
        ConditionExpression: 'gsi1pk = :running',
        ExpressionAttributeValues: { ':sortKey': sortKey, ':running': MENU_PARTITIONS.fanOutsRunning },
      }),
    )
    .catch((error: unknown) => {
      if (!isConditionFailure(error)) throw error;
    });
}

// ---- deliveries ---------------------------------------------------------------------------

export type DeliveryResult =
  | { readonly kind: 'delivered' }
  | { readonly kind: 'duplicate' }
  | { readonly kind: 'center-gone' };

/** The most times a delivery re-reads a copy that a center's decision changed meanwhile. */
const COPY_RETRIES = 5;

/**
 * Delivers revision `revision` of `menu` (as read now: a later revision may already be there) to
 * `centerId`, in one transaction: the outcome (written once), the fan-out's counter, a check that
 * the center exists, and the copy (when it changes). A redelivered message finds its outcome and
 * changes nothing; a delivery that failed earlier (and is redriven) turns into a delivery, moving
 * its count from failed to delivered.
 */
export async function deliverToCenter(
  menu: Menu,
  revision: number,
  centerId: string,
  now: string,
): Promise<DeliveryResult> {
  let failedBefore = false;
  for (let attempt = 0; attempt < COPY_RETRIES; attempt++) {
    const copy = await getCopy(centerId, menu.id);
    const next = applyRevision(copy, menu, centerId, now);
    const outcomeKey = keys.menuOutcome(menu.id, revision, centerId);
    // the center's first copy of the menu is a menu received (once: the copy is created once)
    const receivedAt = !copy && next && !next.withdrawn ? await pathOf(centerId) : undefined;
    const received = receivedAt
      ? statCounterWrites(
          { kind: 'menuReceived' },
          { path: receivedAt },
          // per copy, not per menu: a fan-out's deliveries land at once and must not share a shard
          { at: now, id: `${menu.id}#${centerId}` },
        )
      : [];
    const outcome = failedBefore
      ? {
          Update: {
            TableName: main(),
            Key: outcomeKey,
            UpdateExpression: 'SET outcome = :delivered, #at = :now REMOVE reason, gsi1pk, gsi1sk',
            ConditionExpression: 'outcome = :failed',
            ExpressionAttributeNames: { '#at': 'at' },
            ExpressionAttributeValues: { ':delivered': 'delivered', ':failed': 'failed', ':now': now },
          },
        }
      : {
          Put: {
            TableName: main(),
            Item: { ...outcomeKey, entity: 'menu-outcome', centerId, outcome: 'delivered', at: now },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        };
    try {
      await db().send(
        new TransactWriteCommand({
          TransactItems: [
            outcome,
            {
              Update: {
                TableName: main(),
                Key: keys.menuFanOut(menu.id, revision),
                UpdateExpression: failedBefore
                  ? 'SET lastProgressAt = :now ADD delivered :one, failed :minusOne'
                  : 'SET lastProgressAt = :now ADD delivered :one',
                ConditionExpression: 'attribute_exists(pk)',
                ExpressionAttributeValues: {
                  ':now': now,
                  ':one': 1,
                  ...(failedBefore ? { ':minusOne': -1 } : {}),
                },
              },
            },
            {
              ConditionCheck: {
                TableName: main(),
                Key: keys.center(centerId),
                ConditionExpression: 'attribute_exists(pk)',
              },
            },
            ...(next
              ? [
                  {
                    Put: {
                      TableName: main(),
                      Item: copyItem(next),
                      ConditionExpression: copy ? 'copyVersion = :read' : 'attribute_not_exists(pk)',
                      ...(copy ? { ExpressionAttributeValues: { ':read': copy.copyVersion } } : {}),
                    },
                  },
                ]
              : []),
            ...received,
          ],
        }),
      );
      return { kind: 'delivered' };
    } catch (error) {
      const codes = cancellationCodes(error);
      if (!codes) throw error;
      if (codes[0] === 'ConditionalCheckFailed') {
        const stored = await getOutcome(menu.id, revision, centerId);
        if (stored?.outcome !== 'failed') return { kind: 'duplicate' };
        failedBefore = true;
        continue;
      }
      if (codes[1] === 'ConditionalCheckFailed') {
        throw new Error(`fan-out ${menu.id}@${revision} does not exist`);
      }
      if (codes[2] === 'ConditionalCheckFailed') return { kind: 'center-gone' };
      if (codes[3] === 'ConditionalCheckFailed') continue;
      throw error;
    }
  }
  throw new ConflictError(`the copy of menu ${menu.id} at ${centerId} kept changing`);
}

async function getOutcome(
  menuId: string,
  revision: number,
  centerId: string,
): Promise<{ outcome: 'delivered' | 'failed' } | undefined> {
  const { Item } = await db().send(
    new GetCommand({
      TableName: main(),
      Key: keys.menuOutcome(menuId, revision, centerId),
      ConsistentRead: true,
    }),
  );
  return Item as { outcome: 'delivered' | 'failed' } | undefined;
}

/**
 * Records that revision `revision` could not reach `centerId`, and why: once per center and
 * revision (false when it already has an outcome), counted in the fan-out's `failed`.
 */
export async function recordFailure(
  menuId: string,
  revision: number,
  centerId: string,
  reason: string,
  now: string,
): Promise<boolean> {
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: main(),
              Item: {
                ...keys.menuOutcome(menuId, revision, centerId),
                entity: 'menu-outcome',
                gsi1pk: MENU_PARTITIONS.failures(menuId, revision),
                gsi1sk: centerId,
                centerId,
                outcome: 'failed',
                reason: reason.slice(0, 500),
                at: now,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Update: {
              TableName: main(),
              Key: keys.menuFanOut(menuId, revision),
              UpdateExpression: 'SET lastProgressAt = :now ADD failed :one',
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeValues: { ':now': now, ':one': 1 },
            },
          },
        ],
      }),
    );
    return true;
  } catch (error) {
    if (cancellationCodes(error)?.some((code) => code === 'ConditionalCheckFailed')) return false;
    throw error;
  }
}

// ---- copies at a center -----------------------------------------------------------------------

export async function getCopy(centerId: string, menuId: string): Promise<MenuCopy | undefined> {
  const { Item } = await db().send(
    new GetCommand({ TableName: main(), Key: keys.menuCopy(centerId, menuId), ConsistentRead: true }),
  );
  return Item ? stripKeys<MenuCopy>(Item) : undefined;
}

export async function requireCopy(centerId: string, menuId: string): Promise<MenuCopy> {
  const copy = await getCopy(centerId, menuId);
  if (!copy)
    throw new NotFoundError(`center ${centerId} has not received menu ${menuId}`, {
      resource: 'menu',
      id: menuId,
    });
  return copy;
}

/** What a center has received, newest menu first; optionally only copies in one state (within the page). */
export function listCopies(
  centerId: string,
  limit: number,
  cursor: string | undefined,
  state?: MenuCopy['state'],
): Promise<Page<MenuCopy>> {
  const { pk } = keys.menuCopy(centerId, '');
  return queryPage(
    {
      TableName: main(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: {
        ':pk': pk,
        ':prefix': MENU_COPY_PREFIX,
        ...(state ? { ':state': state } : {}),
      },
      ...(state
        ? { FilterExpression: '#state = :state', ExpressionAttributeNames: { '#state': 'state' } }
        : {}),
      ScanIndexForward: false,
    },
    `menus|${centerId}|${state ?? ''}`,
    limit,
    cursor,
    (item) => stripKeys<MenuCopy>(item),
  );
}

/**
 * Stores the center's decision if the copy is still at `before`'s version (a delivery may have
 * moved it: 412); taking the menu up (adopted or adapted) is counted with it at the center of
 * `centerPath` and above.
 */
export async function putDecision(next: MenuCopy, before: MenuCopy, centerPath: string): Promise<void> {
  const readVersion = before.copyVersion;
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: main(),
              Item: copyItem(next),
              ConditionExpression: 'copyVersion = :read',
              ExpressionAttributeValues: { ':read': readVersion },
            },
          },
          ...statCounterWrites(
            adoptionEvents(before.state, next.state),
            { path: centerPath },
            { at: next.updatedAt, id: `${next.menuId}#${centerPath}` },
          ),
        ],
      }),
    );
  } catch (error) {
    if (cancellationCodes(error)?.[0] === 'ConditionalCheckFailed') {
      throw new PreconditionFailedError(`the copy of menu ${next.menuId} changed meanwhile; read it again`, {
        currentVersion: readVersion + 1,
      });
    }
    throw error;
  }
}
