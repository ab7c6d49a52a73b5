import { DeleteCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, NotFoundError, PreconditionFailedError } from '../domain/errors.ts';
import { tableName } from '../runtime/env.ts';
import { db } from './client.ts';
import { cancellationCodes, isConditionFailure } from './conditions.ts';
import { type GuardPut, throwIfGuarded } from './create-guard.ts';
import { keys, stripKeys } from './keys.ts';
import { type Page, queryPage } from './pagination.ts';

/**
 * Items that live in a center's partition (rooms, windows, closures): written only while the
 * center exists, listed with one Query on the sort-key prefix.
 */

type Key = { pk: string; sk: string };

export async function putUnderCenter(
  centerId: string,
  key: Key,
  entity: string,
  value: object,
  guard?: GuardPut,
): Promise<void> {
  const main = tableName('main');
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: main,
              Item: { ...key, entity, ...value },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            ConditionCheck: {
              TableName: main,
              Key: keys.center(centerId),
              ConditionExpression: 'attribute_exists(pk)',
            },
          },
          ...(guard ? [guard] : []),
        ],
      }),
    );
  } catch (error) {
    throwIfGuarded(error, guard);
    const codes = cancellationCodes(error);
    if (codes?.[1] === 'ConditionalCheckFailed') throw NotFoundError.of('center', centerId);
    if (codes?.[0] === 'ConditionalCheckFailed')
      throw new ConflictError(`${entity} ${key.sk} already exists`);
    throw error;
  }
}

export function listUnderCenter<T>(
  centerId: string,
  prefix: string,
  limit: number,
  cursor?: string,
): Promise<Page<T>> {
  const pk = keys.center(centerId).pk;
  return queryPage(
    {
      TableName: tableName('main'),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
    },
    `main|${pk}|${prefix}`,
    limit,
    cursor,
    (item) => stripKeys<T>(item),
  );
}

/** Sets `changes` on an existing item if its version is still `expectedVersion`; returns the new item. */
export async function updateVersioned<T>(
  key: Key,
  what: string,
  changes: Record<string, unknown>,
  expectedVersion: number,
): Promise<T> {
  const names: Record<string, string> = { '#version': 'version' };
  const values: Record<string, unknown> = { ':expected': expectedVersion, ':next': expectedVersion + 1 };
  const sets = ['#version = :next'];
  const removes: string[] = [];
  Object.entries(changes).forEach(([field, value], index) => {
    names[`#f${index}`] = field;
    if (value === null) removes.push(`#f${index}`);
    else {
      values[`:v${index}`] = value;
      sets.push(`#f${index} = :v${index}`);
    }
  });
  try {
    const result = await db().send(
      new UpdateCommand({
        TableName: tableName('main'),
        Key: key,
        UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
        ConditionExpression: 'attribute_exists(pk) AND #version = :expected',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      }),
    );
    return stripKeys<T>(result.Attributes ?? {});
  } catch (error) {
    if (isConditionFailure(error)) {
      throw new PreconditionFailedError(`${what} is no longer at version ${expectedVersion}`);
    }
    throw error;
  }
}

/** Deletes an item; a missing one is a 404 so a client learns its id was wrong. */
export async function deleteExisting(key: Key, what: string): Promise<void> {
  try {
    await db().send(
      new DeleteCommand({
        TableName: tableName('main'),
        Key: key,
        ConditionExpression: 'attribute_exists(pk)',
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) throw new NotFoundError(`${what} does not exist`);
    throw error;
  }
}
