import {
  BatchGetCommand,
  GetCommand,
  paginateQuery,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { type Center, CenterSchema, type StoredCenter, type UpdateCenter } from '../domain/center.ts';
import type { CompiledHours } from '../domain/compiled-hours.ts';
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors.ts';
import type { Level } from '../domain/levels.ts';
import { tableName } from '../runtime/env.ts';
import { updateVersioned } from './center-items.ts';
import { db } from './client.ts';
import { cancellationCodes, isConditionFailure } from './conditions.ts';
import { type GuardPut, throwIfGuarded } from './create-guard.ts';
import { centerIndexKeys, keys, stripKeys, TREE_PARTITION } from './keys.ts';
import { type Page, queryPage } from './pagination.ts';

const ENTITY = 'center';
/** The members of a center as the API shows it. */
const CENTER_MEMBERS = Object.keys(CenterSchema.shape);

function toItem(center: StoredCenter) {
  return { ...keys.center(center.id), ...centerIndexKeys(center), entity: ENTITY, ...center };
}

/** The center with its compiled hours: for the status rules, never for an answer. */
function storedFromItem(item: Record<string, unknown>): StoredCenter {
  return stripKeys<StoredCenter>(item);
}

/** The center as the API shows it: the compiled hours stay in the table. */
function fromItem(item: Record<string, unknown>): Center {
  const { compiledHours: _compiled, ...center } = storedFromItem(item);
  return center;
}

export async function getCenter(id: string): Promise<Center | undefined> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName('main'), Key: keys.center(id) }));
  return Item ? fromItem(Item) : undefined;
}

/** A center with its compiled hours (for its opening status); 404 when it does not exist. */
export async function requireStoredCenter(id: string): Promise<StoredCenter> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName('main'), Key: keys.center(id) }));
  if (!Item) throw NotFoundError.of('center', id);
  return storedFromItem(Item);
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
export async function putCenter(center: StoredCenter, guard?: GuardPut): Promise<void> {
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
  compiledHours: CompiledHours,
): Promise<Center> {
  // the index keys follow the changed fields (a new name re-sorts the children, a new place moves it in the geo index)
  const next: Record<string, unknown> = { ...current, ...patch };
  for (const [field, value] of Object.entries(patch)) if (value === null) delete next[field];
  const updated = await updateVersioned<Record<string, unknown>>(
    keys.center(current.id),
    `center ${current.id}`,
    { ...patch, compiledHours, updatedAt: now, ...centerIndexKeys(next as Center) },
    expectedVersion,
  );
  return fromItem(updated);
}

/**
 * Replaces the compiled hours of a center if its hours are still the string they were compiled
 * from (an edit in between compiled its own). Leaves the version alone: nothing a client sees
 * changes. Returns false when the center is gone or its hours changed.
 */
export async function setCompiledHours(id: string, compiledHours: CompiledHours): Promise<boolean> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName('main'),
        Key: keys.center(id),
        UpdateExpression: 'SET compiledHours = :compiled',
        ConditionExpression: 'attribute_exists(pk) AND openingHours = :source',
        ExpressionAttributeValues: { ':compiled': compiledHours, ':source': compiledHours.source },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

function queryCenters<T = Center>(
  index: 'gsi1' | 'gsi2' | 'gsi3',
  partition: string,
  sortPrefix: string | undefined,
  limit: number,
  cursor: string | undefined,
  convert: (item: Record<string, unknown>) => T = fromItem as (item: Record<string, unknown>) => T,
): Promise<Page<T>> {
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
    convert,
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

/** Every center of the district with its compiled hours, in path order: for the grid and the recompile. */
export function listAllStored(limit: number, cursor?: string) {
  return queryCenters('gsi2', TREE_PARTITION, undefined, limit, cursor, storedFromItem);
}

/**
 * Every center indexed in the given geo cells (one Query per cell, in parallel), with its
 * compiled hours: answers must go through `publicCenter`.
 */
export async function listInCells(cells: readonly string[]): Promise<StoredCenter[]> {
  const perCell = await Promise.all(
    cells.map(async (cell) => {
      const found: StoredCenter[] = [];
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
        found.push(...(page.Items ?? []).map(storedFromItem));
        start = page.LastEvaluatedKey;
      } while (start);
      return found;
    }),
  );
  return perCell.flat();
}

/**
 * Every center of a subtree (or of the district, without `path`), parents first, in pages of 1 MB:
 * for imports and exports, which need the whole of it at once.
 */
export async function listWholeSubtree(path?: string): Promise<Center[]> {
  const found: Center[] = [];
  // only the public members: the compiled hours and index keys are a third of a city's bytes
  const names = Object.fromEntries(CENTER_MEMBERS.map((member, index) => [`#m${index}`, member]));
  const pages = paginateQuery(
    { client: db() },
    {
      TableName: tableName('main'),
      IndexName: 'gsi2',
      KeyConditionExpression: path ? '#pk = :tree AND begins_with(#sk, :path)' : '#pk = :tree',
      ProjectionExpression: Object.keys(names).join(', '),
      ExpressionAttributeNames: { ...names, '#pk': 'gsi2pk', ...(path ? { '#sk': 'gsi2sk' } : {}) },
      ExpressionAttributeValues: path
        ? { ':tree': TREE_PARTITION, ':path': path }
        : { ':tree': TREE_PARTITION },
    },
  );
  for await (const page of pages) found.push(...(page.Items ?? []).map(fromItem));
  return found;
}
