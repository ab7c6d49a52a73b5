import { createHash, randomBytes } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../runtime/env.ts';
import { db } from './client.ts';
import { keys } from './keys.ts';
import { transact } from './transact.ts';

/**
 * A resident's private feed of their bookings: a secret token in the URL (only its hash is
 * stored). A new feed revokes the previous one; deleting it revokes it.
 */

const main = () => tableName('main');
const hashOf = (token: string) => createHash('sha256').update(token).digest('base64url');

async function currentHash(sub: string): Promise<string | undefined> {
  const { Item } = await db().send(
    new GetCommand({ TableName: main(), Key: keys.bookingFeedOwner(sub), ConsistentRead: true }),
  );
  return Item?.hash as string | undefined;
}

/** Issues a new feed token for `sub` and revokes the one before it. */
export async function rotateFeed(sub: string, now: number): Promise<string> {
  const token = randomBytes(24).toString('base64url');
  const hash = hashOf(token);
  const old = await currentHash(sub);
  await transact([
    {
      Put: {
        TableName: main(),
        Item: {
          ...keys.bookingFeed(hash),
          entity: 'booking-feed',
          sub,
          createdAt: new Date(now).toISOString(),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    {
      Put: {
        TableName: main(),
        Item: { ...keys.bookingFeedOwner(sub), entity: 'booking-feed-owner', hash },
        // another rotation in between wins; this one then fails whole
        ConditionExpression: old ? '#h = :old' : 'attribute_not_exists(pk)',
        ...(old
          ? { ExpressionAttributeNames: { '#h': 'hash' }, ExpressionAttributeValues: { ':old': old } }
          : {}),
      },
    },
    ...(old ? [{ Delete: { TableName: main(), Key: keys.bookingFeed(old) } }] : []),
  ]);
  return token;
}

/** Revokes the resident's feed, if any. */
export async function revokeFeed(sub: string): Promise<boolean> {
  const old = await currentHash(sub);
  if (!old) return false;
  await transact([
    { Delete: { TableName: main(), Key: keys.bookingFeed(old) } },
    { Delete: { TableName: main(), Key: keys.bookingFeedOwner(sub) } },
  ]);
  return true;
}

/** Whose feed a token opens, or undefined (unknown or revoked). */
export async function feedOwner(token: string): Promise<string | undefined> {
  const { Item } = await db().send(
    new GetCommand({ TableName: main(), Key: keys.bookingFeed(hashOf(token)) }),
  );
  return Item?.sub as string | undefined;
}
