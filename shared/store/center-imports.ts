import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Center } from '../domain/center.ts';
import type { CenterImport } from '../domain/center-import.ts';
import { tableName } from '../runtime/env.ts';
import { db } from './client.ts';
import { cancellationCodes, isConditionFailure } from './conditions.ts';
import { type GuardPut, throwIfGuarded } from './create-guard.ts';
import { centerIndexKeys, keys, stripKeys } from './keys.ts';

/**
 * A bulk onboarding: one META item with progress, and its centers stored in chunks that a queue
 * consumer writes one after the other (parents before children). Running imports sit in a
 * sparse index (gsi1pk = IMPORT#RUNNING, gsi1sk = last progress) so the reconciler finds stalled
 * ones with one Query.
 */

const RUNNING = 'IMPORT#RUNNING';
/** A gsi1sk sorting before every timestamp: the next reconciler run takes the import at once. */
const RESUME_NOW = '0';
const CHUNK_TTL_SECONDS = 30 * 24 * 3600;

/** Records the import and all its chunks at once: either the whole import exists or none of it. */
export async function createImport(job: CenterImport, chunks: Center[][], guard?: GuardPut): Promise<void> {
  const main = tableName('main');
  const expiresAt = Math.floor(Date.parse(job.createdAt) / 1000) + CHUNK_TTL_SECONDS;
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: main,
              Item: {
                ...keys.centerImport(job.id),
                entity: 'import',
                gsi1pk: RUNNING,
                gsi1sk: job.lastProgressAt,
                ...job,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          ...chunks.map((centers, index) => ({
            Put: {
              TableName: main,
              Item: { ...keys.importChunk(job.id, index), entity: 'import-chunk', centers, expiresAt },
            },
          })),
          ...(guard ? [guard] : []),
        ],
      }),
    );
  } catch (error) {
    throwIfGuarded(error, guard);
    throw error;
  }
}

export async function getImport(id: string): Promise<CenterImport | undefined> {
  const { Item } = await db().send(
    new GetCommand({ TableName: tableName('main'), Key: keys.centerImport(id) }),
  );
  return Item ? stripKeys<CenterImport>(Item) : undefined;
}

export async function getChunk(importId: string, index: number): Promise<Center[] | undefined> {
  const { Item } = await db().send(
    new GetCommand({ TableName: tableName('main'), Key: keys.importChunk(importId, index) }),
  );
  return Item ? (Item.centers as Center[]) : undefined;
}

/**
 * Writes chunk `index` and advances the import in one transaction, only if the import is at
 * exactly that chunk. Returns false when another delivery already did it (nothing changes).
 */
export async function commitChunk(
  job: CenterImport,
  index: number,
  centers: Center[],
  now: string,
): Promise<boolean> {
  const main = tableName('main');
  const last = index === job.chunks - 1;
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: main,
              Key: keys.centerImport(job.id),
              UpdateExpression: last
                ? 'SET chunksDone = :next, lastProgressAt = :now, #status = :completed, completedAt = :now REMOVE gsi1pk, gsi1sk'
                : 'SET chunksDone = :next, lastProgressAt = :now, gsi1sk = :now',
              ConditionExpression: 'chunksDone = :index',
              ExpressionAttributeNames: last ? { '#status': 'status' } : undefined,
              ExpressionAttributeValues: {
                ':index': index,
                ':next': index + 1,
                ':now': now,
                ...(last ? { ':completed': 'completed' } : {}),
              },
            },
          },
          ...centers.map((center) => ({
            Put: {
              TableName: main,
              Item: { ...keys.center(center.id), ...centerIndexKeys(center), entity: 'center', ...center },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          })),
        ],
      }),
    );
    return true;
  } catch (error) {
    if (cancellationCodes(error)?.[0] === 'ConditionalCheckFailed') return false;
    throw error;
  }
}

/** Running imports that made no progress since `before`. */
export async function listStalledImports(before: string, limit = 100): Promise<CenterImport[]> {
  const result = await db().send(
    new QueryCommand({
      TableName: tableName('main'),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :running AND gsi1sk < :before',
      ExpressionAttributeValues: { ':running': RUNNING, ':before': before },
      Limit: limit,
    }),
  );
  return (result.Items ?? []).map((item) => stripKeys<CenterImport>(item));
}

/**
 * Puts a running import first in line for the reconciler: its consumer stopped for lack of time,
 * so there is no reason to wait for the stall delay before resuming it.
 */
export async function handBackImport(id: string): Promise<void> {
  await setRunningSortKey(id, RESUME_NOW);
}

/** Marks a nudge so the next reconciler run waits again before re-sending. */
export async function touchImport(id: string, now: string): Promise<void> {
  await setRunningSortKey(id, now);
}

/** Only while the import is running: a completed one has left the index and stays out. */
async function setRunningSortKey(id: string, sortKey: string): Promise<void> {
  await db()
    .send(
      new UpdateCommand({
        TableName: tableName('main'),
        Key: keys.centerImport(id),
        UpdateExpression: 'SET gsi1sk = :sortKey',
        ConditionExpression: 'gsi1pk = :running',
        ExpressionAttributeValues: { ':sortKey': sortKey, ':running': RUNNING },
      }),
    )
    .catch((error: unknown) => {
      if (!isConditionFailure(error)) throw error;
    });
}
