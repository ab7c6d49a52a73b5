import { BatchGetCommand, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Center, UpdateCenter } from '../domain/center.ts';
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors.ts';
import type { Level } from '../domain/levels.ts';
import { tableName } from '../runtime/env.ts';
import { updateVersioned } from './center-items.ts';
import { db } from './client.ts';
import { cancellationCodes } from './conditions.ts';
import { type GuardPut, throwIfGuarded } from './create-guard.ts';
import { centerIndexKeys, keys, stripKeys, TREE_PARTITION } from './keys.ts';
import { type Page, queryPage } from './pagination.ts';

const ENTITY = 'center';

function toItem(center: Center) {
  return { ...keys.center(center.id), ...centerIndexKeys(center), entity: ENTITY, ...center };
}

function fromItem(item: Record<string, unknown>): Center {
  return stripKeys<Center>(item);
}

export async function getCenter(id: string): Promise<Center | undefined> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName('main'), Key: keys.center(id) }));
  return Item ? fromItem(Item) : undefined;
}

export async function requireCenter(id: string): Promise<Center> {
  const center = await getCenter(id);
  if (!center) throw NotFoundError.of('center', id);
  return center;
}

/** Up to 100 centers by id in one round trip (missing ids are left out). */
export async function getCenters(ids: readonly string[]): Promise<Map<string, Center>> {
  const found = new Map<string, Center>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 100) {
    let request: Record<string, { Keys: Record<string, unknown>[] }> | undefined = {
      [tableName('main')]: { Keys: unique.slice(i, i + 100).map((id) => keys.center(id)) },
    };
    while (request && Object.keys(request).length > 0) {
      const result = await db().send(new BatchGetCommand({ RequestItems: request }));
      for (const item of result.Responses?.[tableName('main')] ?? []) {
        const center = fromItem(item);
        found.set(center.id, center);
      }
      request = result.UnprocessedKeys as typeof request;
    }
  }
  return found;
}

/**
 * Writes a new center. The parent must still exist when the write lands (a condition check in
 * the same transaction), and the id must be new.
 */
export async function putCenter(center: Center, guard?: GuardPut): Promise<void> {
  const main = tableName('main');
  const put = {
    Put: { TableName: main, Item: toItem(center), ConditionExpression: 'attribute_not_exists(pk)' },
  };
  const items = center.parentId
    ? [
        put,
        {
          ConditionCheck: {
            TableName: main,
            Key: keys.center(center.parentId),
            ConditionExpression: 'attribute_exists(pk) AND #path = :path',
            ExpressionAttributeNames: { '#path': 'path' },
            ExpressionAttributeValues: { ':path': center.path.slice(0, -(center.id.length + 1)) },
          },
        },
      ]
    : [put];
  try {
    await db().send(new TransactWriteCommand({ TransactItems: guard ? [...items, guard] : items }));
  } catch (error) {
    throwIfGuarded(error, guard);
    const codes = cancellationCodes(error);
    if (codes?.[0] === 'ConditionalCheckFailed')
      throw new ConflictError(`center ${center.id} already exists`);
    if (codes?.[1] === 'ConditionalCheckFailed')
      throw ValidationError.field('parentId', `center ${center.parentId} does not exist`);
    throw error;
  }
}

/**
 * Applies `patch` if the stored version is still `expectedVersion`; returns the new center.
 * A stale version is a 412, a vanished center a 404.
 */
export async function updateCenter(
  current: Center,
  patch: UpdateCenter,
  expectedVersion: number,
  now: string,
): Promise<Center> {
  // the index keys follow the changed fields (a new name re-sorts the children, a new place moves it in the geo index)
  const next: Record<string, unknown> = { ...current, ...patch };
  for (const [field, value] of Object.entries(patch)) if (value === null) delete next[field];
  const updated = await updateVersioned<Record<string, unknown>>(
    keys.center(current.id),
    `center ${current.id}`,
    { ...patch, updatedAt: now, ...centerIndexKeys(next as Center) },
    expectedVersion,
  );
  return fromItem(updated);
}

function queryCenters(
  index: 'gsi1' | 'gsi2' | 'gsi3',
  partition: string,
  sortPrefix: string | undefined,
  limit: number,
  cursor: string | undefined,
): Promise<Page<Center>> {
  return queryPage(
    {
      TableName: tableName('main'),
      IndexName: index,
      KeyConditionExpression: sortPrefix ? '#pk = :pk AND begins_with(#sk, :prefix)' : '#pk = :pk',
      ExpressionAttributeNames: sortPrefix
        ? { '#pk': `${index}pk`, '#sk': `${index}sk` }
        : { '#pk': `${index}pk` },
      ExpressionAttributeValues: sortPrefix
        ? { ':pk': partition, ':prefix': sortPrefix }
        : { ':pk': partition },
    },
    `${index}|${partition}|${sortPrefix ?? ''}`,
    limit,
    cursor,
    fromItem,
  );
}

/** Children of a center, by name. */
export function listChildren(parentId: string, limit: number, cursor?: string) {
  return queryCenters('gsi1', `PARENT#${parentId}`, undefined, limit, cursor);
}

/** The center and everything below it, in path order (parents before children). */
export function listSubtree(path: string, limit: number, cursor?: string) {
  return queryCenters('gsi2', TREE_PARTITION, path, limit, cursor);
}

/** Centers of one level, optionally only under `underPath`, in path order. */
export function listByLevel(level: Level, limit: number, cursor?: string, underPath?: string) {
  return queryCenters('gsi3', `LEVEL#${level}`, underPath, limit, cursor);
}

/** Every center of the district, in path order. */
export function listAll(limit: number, cursor?: string) {
  return queryCenters('gsi2', TREE_PARTITION, undefined, limit, cursor);
}

/** Every center indexed in the given geo cells (one Query per cell, in parallel). */
export async function listInCells(cells: readonly string[]): Promise<Center[]> {
  const perCell = await Promise.all(
    cells.map(async (cell) => {
      const found: Center[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await db().send(
          new QueryCommand({
            TableName: tableName('main'),
            IndexName: 'gsi4',
            KeyConditionExpression: 'gsi4pk = :cell',
            ExpressionAttributeValues: { ':cell': `GEO#${cell}` },
            ExclusiveStartKey: start,
          }),
        );
        found.push(...(page.Items ?? []).map(fromItem));
        start = page.LastEvaluatedKey;
      } while (start);
      return found;
    }),
  );
  return perCell.flat();
}
