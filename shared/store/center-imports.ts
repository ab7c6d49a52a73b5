import { gunzipSync, gzipSync } from 'node:zlib';
import {
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { StoredCenter } from '../domain/center.ts';
import type { CenterImport, ImportWrite } from '../domain/center-import.ts';
import { ConflictError } from '../domain/errors.ts';
import { tableName } from '../runtime/env.ts';
import { db } from './client.ts';
import { cancellationCodes, isConditionFailure } from './conditions.ts';
import { type GuardPut, throwIfGuarded } from './create-guard.ts';
import { centerIndexKeys, keys, stripKeys } from './keys.ts';

/**
 * A bulk onboarding: one META item with progress, and its writes (new centers, changed fields of
 * existing ones) stored in chunks that a queue consumer writes one after the other (parents
 * before children). Running imports sit in a
 * sparse index (gsi1pk = IMPORT#RUNNING, gsi1sk = last progress) so the reconciler finds stalled
 * ones with one Query.
 *
 * One import runs at a time in a district: a running import holds the lock item, taken in the
 * transaction that records it and released when its last chunk is written. Two imports planned
 * against the same registry would otherwise both create the centers neither could see yet.
 */

const RUNNING = 'IMPORT#RUNNING';
/** A gsi1sk sorting before every timestamp: the next reconciler run takes the import at once. */
const RESUME_NOW = '0';
const CHUNK_TTL_SECONDS = 30 * 24 * 3600;

/**
 * Records the import: its chunks first (batch writes, any number of them), then the import item,
 * which makes the import exist. A crash in between leaves chunks that no import names; they expire.
 * An import with nothing to write is recorded as completed.
 */
export async function createImport(
  job: CenterImport,
  chunks: ImportWrite[][],
  guard?: GuardPut,
): Promise<void> {
  const main = tableName('main');
  // refused before its chunks are written; the transaction below is what decides. A keyed
  // request may be the replay of the running import itself, which its guard answers there.
  let stale = job.status === 'running' && !guard ? await staleLockHolder() : undefined;
  const expiresAt = Math.floor(Date.parse(job.createdAt) / 1000) + CHUNK_TTL_SECONDS;
  // gzip: a chunk's JSON repeats its field names a hundred times, so it shrinks about tenfold
  // (fewer write units, and far less for DynamoDB to store and read back)
  const puts = chunks.map((writes, index) => ({
    PutRequest: {
      Item: {
        ...keys.importChunk(job.id, index),
        entity: 'import-chunk',
        data: gzipSync(JSON.stringify(writes)),
        expiresAt,
      },
    },
  }));
  for (let i = 0; i < puts.length; i += 25) {
    let pending: Record<string, unknown[]> | undefined = { [main]: puts.slice(i, i + 25) };
    while (pending && Object.keys(pending).length > 0) {
      const result = await db().send(new BatchWriteCommand({ RequestItems: pending as never }));
      pending = result.UnprocessedItems as typeof pending;
    }
  }
  const running = job.status === 'running' ? { gsi1pk: RUNNING, gsi1sk: job.lastProgressAt } : {};
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await db().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: main,
                Item: { ...keys.centerImport(job.id), entity: 'import', ...running, ...job },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            ...(job.status === 'running' ? [lockPut(main, job, stale)] : []),
            ...(guard ? [guard] : []),
          ],
        }),
      );
      return;
    } catch (error) {
      throwIfGuarded(error, guard);
      if (job.status !== 'running' || cancellationCodes(error)?.[1] !== 'ConditionalCheckFailed') throw error;
      stale = await staleLockHolder();
    }
  }
  throw new ConflictError('the import lock changed hands twice while starting; try again');
}

/**
 * The import holding the lock when it is no longer running (its release did not happen: it is
 * taken over), or undefined when the lock is free; 409 while the holder runs.
 */
async function staleLockHolder(): Promise<string | undefined> {
  const holder = await lockHolder();
  if (!holder) return undefined;
  const holding = await getImport(holder);
  if (holding?.status === 'running') {
    throw new ConflictError(
      `import ${holder} is still running; start this one once it has completed (GET /center-imports/${holder})`,
      { importId: holder },
    );
  }
  return holder;
}

function lockPut(main: string, job: CenterImport, stale: string | undefined) {
  return {
    Put: {
      TableName: main,
      Item: { ...keys.importLock(), entity: 'import-lock', importId: job.id, since: job.createdAt },
      ConditionExpression: stale === undefined ? 'attribute_not_exists(pk)' : 'importId = :stale',
      ...(stale === undefined ? {} : { ExpressionAttributeValues: { ':stale': stale } }),
    },
  };
}

async function lockHolder(): Promise<string | undefined> {
  const { Item } = await db().send(
    new GetCommand({ TableName: tableName('main'), Key: keys.importLock(), ConsistentRead: true }),
  );
  return Item?.importId as string | undefined;
}

/** Lets the next import start; only the holder releases (a later import may hold it already). */
async function releaseLock(importId: string): Promise<void> {
  try {
    await db().send(
      new DeleteCommand({
        TableName: tableName('main'),
        Key: keys.importLock(),
        ConditionExpression: 'importId = :id',
        ExpressionAttributeValues: { ':id': importId },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

export async function getImport(id: string): Promise<CenterImport | undefined> {
  const { Item } = await db().send(
    new GetCommand({ TableName: tableName('main'), Key: keys.centerImport(id) }),
  );
  return Item ? stripKeys<CenterImport>(Item) : undefined;
}

export async function getChunk(importId: string, index: number): Promise<ImportWrite[] | undefined> {
  const { Item } = await db().send(
    new GetCommand({ TableName: tableName('main'), Key: keys.importChunk(importId, index) }),
  );
  if (!Item) return undefined;
  if (Item.data) return JSON.parse(gunzipSync(Item.data as Uint8Array).toString('utf8')) as ImportWrite[];
  // chunks recorded before re-imports existed hold only new centers
  if (Item.centers)
    return (Item.centers as StoredCenter[]).map((center) => ({ op: 'create', ref: center.id, center }));
  return Item.writes as ImportWrite[];
}

function createItem(center: StoredCenter) {
  return { ...keys.center(center.id), ...centerIndexKeys(center), entity: 'center', ...center };
}

/** The UpdateItem of a changed center: only its changed fields, at the version the import read. */
function updateInput(main: string, write: Extract<ImportWrite, { op: 'update' }>) {
  const { center } = write;
  const changes: Record<string, unknown> = { ...centerIndexKeys(center), updatedAt: center.updatedAt };
  for (const field of write.changed) changes[field] = center[field as keyof StoredCenter];
  if (write.changed.includes('openingHours')) changes.compiledHours = center.compiledHours;
  const names: Record<string, string> = { '#version': 'version' };
  const values: Record<string, unknown> = {
    ':expected': write.expectedVersion,
    ':next': write.expectedVersion + 1,
  };
  const sets = ['#version = :next'];
  const removes: string[] = [];
  Object.entries(changes).forEach(([field, value], index) => {
    names[`#f${index}`] = field;
    if (value === undefined) removes.push(`#f${index}`);
    else {
      values[`:v${index}`] = value;
      sets.push(`#f${index} = :v${index}`);
    }
  });
  return {
    TableName: main,
    Key: keys.center(center.id),
    UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
    ConditionExpression: 'attribute_exists(pk) AND #version = :expected',
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
  };
}

/** Batches of 25 Puts, this many in flight: about three times a transaction's speed per item. */
const BATCHES_IN_FLIGHT = 4;

async function putInBatches(main: string, items: readonly Record<string, unknown>[]): Promise<void> {
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25)
    batches.push(items.slice(i, i + 25) as Record<string, unknown>[]);
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++]!;
      let pending: Record<string, unknown[]> | undefined = {
        [main]: batch.map((Item) => ({ PutRequest: { Item } })),
      };
      while (pending && Object.keys(pending).length > 0) {
        const result = await db().send(new BatchWriteCommand({ RequestItems: pending as never }));
        pending = result.UnprocessedItems as typeof pending;
      }
    }
  };
  await Promise.all(Array.from({ length: BATCHES_IN_FLIGHT }, worker));
}

/**
 * Applies one changed center. True when it is applied (now, or by an earlier delivery of the same
 * chunk: the center is at the next version with the import's timestamp); false when the center
 * was edited after the import read it, and the edit wins.
 */
async function applyUpdate(main: string, write: Extract<ImportWrite, { op: 'update' }>): Promise<boolean> {
  try {
    await db().send(new UpdateCommand(updateInput(main, write)));
    return true;
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const old = (error as { Item?: Record<string, unknown> }).Item;
    return old?.version === write.expectedVersion + 1 && old?.updatedAt === write.center.updatedAt;
  }
}

/**
 * Writes chunk `index`, then advances the import, only if the import is at exactly that chunk.
 * New centers go in batch writes, changed ones one conditional update each; both are idempotent
 * (a new center's id is the import's own; an update already applied is recognised), so a
 * delivery that repeats a chunk writes the same items again and then finds the import advanced.
 * Returns false when another delivery advanced it (this one stops). A change to a center edited
 * since the import read it is left out and counted as failed.
 */
export async function commitChunk(
  job: CenterImport,
  index: number,
  writes: readonly ImportWrite[],
  now: string,
): Promise<boolean> {
  const main = tableName('main');
  const current = await getImport(job.id);
  if (!current || current.chunksDone !== index) return false;
  await putInBatches(
    main,
    writes.flatMap((write) => (write.op === 'create' ? [createItem(write.center)] : [])),
  );
  const updates = writes.filter(
    (write): write is Extract<ImportWrite, { op: 'update' }> => write.op === 'update',
  );
  const applied = await Promise.all(updates.map((write) => applyUpdate(main, write)));
  const failed = updates.filter((_, at) => !applied[at]).map((write) => write.ref);

  const last = index === job.chunks - 1;
  const sets = ['chunksDone = :next', 'lastProgressAt = :now'];
  if (last) sets.push('#status = :completed', 'completedAt = :now');
  else sets.push('gsi1sk = :now');
  if (failed.length > 0) {
    sets.push(
      'failed = if_not_exists(failed, :zero) + :failed',
      'failedRefs = list_append(if_not_exists(failedRefs, :none), :failedRefs)',
    );
  }
  try {
    await db().send(
      new UpdateCommand({
        TableName: main,
        Key: keys.centerImport(job.id),
        UpdateExpression: `SET ${sets.join(', ')}${last ? ' REMOVE gsi1pk, gsi1sk' : ''}`,
        ConditionExpression: 'chunksDone = :index',
        ExpressionAttributeNames: last ? { '#status': 'status' } : undefined,
        ExpressionAttributeValues: {
          ':index': index,
          ':next': index + 1,
          ':now': now,
          ...(last ? { ':completed': 'completed' } : {}),
          ...(failed.length > 0
            ? { ':zero': 0, ':failed': failed.length, ':none': [], ':failedRefs': failed }
            : {}),
        },
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
  // a crash before this leaves the lock to a completed import: the next start takes it over
  if (last) await releaseLock(job.id);
  return true;
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
