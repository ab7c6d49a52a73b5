import { createHash } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../runtime/env.ts';
import { db } from './client.ts';
import { cancellationCodes } from './conditions.ts';
import { keys } from './keys.ts';

/**
 * Creates that a retry cannot repeat. The idempotency record of a keyed request is completed only
 * after the business write; a crash in between leaves it unfinished, and once it lapses the retry
 * runs again. So the business write itself carries a guard item (the hash of route, caller and
 * Idempotency-Key, naming the created item) in the same transaction: of a first run and any
 * retry, exactly one writes, and the others read the item the guard names.
 */

/** As long as the idempotency record: a retry after that is a new request. */
const GUARD_SECONDS = 24 * 3600;

export type GuardPut = ReturnType<typeof guardPut>;

function guardPut(idempotencyKey: string, resourceId: string, now: number) {
  const hash = createHash('sha256').update(idempotencyKey).digest('base64url');
  return {
    Put: {
      TableName: tableName('main'),
      Item: {
        ...keys.createGuard(hash),
        entity: 'create-guard',
        resourceId,
        expiresAt: Math.floor(now / 1000) + GUARD_SECONDS,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** The guard's write failed: this key already created an item. */
export class AlreadyCreatedError extends Error {
  override readonly name = 'AlreadyCreatedError';
}

/**
 * For a store's create transaction with `guard` as its last item: throws AlreadyCreatedError when
 * the guard's condition failed, so the caller replays instead of reporting another conflict.
 */
export function throwIfGuarded(error: unknown, guard: GuardPut | undefined): void {
  if (guard && cancellationCodes(error)?.at(-1) === 'ConditionalCheckFailed') {
    throw new AlreadyCreatedError('this Idempotency-Key already created an item', { cause: error });
  }
}

async function guardedId(idempotencyKey: string): Promise<string | undefined> {
  const hash = createHash('sha256').update(idempotencyKey).digest('base64url');
  const { Item } = await db().send(
    new GetCommand({ TableName: tableName('main'), Key: keys.createGuard(hash), ConsistentRead: true }),
  );
  return Item?.resourceId as string | undefined;
}

/**
 * Writes `item` through `write` (guarded when there is an `idempotencyKey`) and returns it; when
 * the key already created an item, returns that one as it is now (`read`), writing nothing.
 */
export async function createOnce<T extends { readonly id: string }>(
  idempotencyKey: string | undefined,
  item: T,
  write: (item: T, guard: GuardPut | undefined) => Promise<void>,
  read: (id: string) => Promise<T | undefined>,
): Promise<T> {
  if (!idempotencyKey) {
    await write(item, undefined);
    return item;
  }
  try {
    await write(item, guardPut(idempotencyKey, item.id, Date.now()));
    return item;
  } catch (error) {
    if (!(error instanceof AlreadyCreatedError)) throw error;
    const id = await guardedId(idempotencyKey);
    const existing = id === undefined ? undefined : await read(id);
    if (!existing) throw error;
    return existing;
  }
}
