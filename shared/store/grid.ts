import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import {
  BatchGetCommand,
  BatchWriteCommand,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { HistoryGroup } from '../domain/grid.ts';
import { type DaySample, statusCode, type TickSample } from '../domain/grid-history.ts';
import { type GridSnapshot, headerOf, isOpenStatus, type SnapshotHeader } from '../domain/grid-schema.ts';
import { wallClock } from '../domain/zoned-time.ts';
import { tableName } from '../runtime/env.ts';
import { db } from './client.ts';
import { isConditionFailure } from './conditions.ts';
import { GRID_SNAPSHOTS_PARTITION, gridSnapshotIndexKeys, keys } from './keys.ts';
import { type Page, queryPage } from './pagination.ts';

/**
 * Grid snapshots and their history.
 *
 * A snapshot of a large network is far bigger than a 400 KB item (about 25 MB of JSON for 70,000
 * centers, 2 MB compressed), so it is stored gzip-compressed in parts beside a small header: `GRID#<id>` / `META`
 * and `GRID#<id>` / `PART#<build>#<n>`. Each build of a snapshot writes its own parts first and
 * then swaps the header to them, so a reader never mixes two builds; the replaced parts are
 * deleted afterwards. `GRID#LATEST` points at the newest scheduled snapshot and only moves
 * forward.
 */

const gzip = promisify(gzipCallback);

/** Bytes of compressed snapshot per part item (items are at most 400 KB). */
export const PART_BYTES = 350 * 1024;
const DAY_SECONDS = 86_400;
export const SCHEDULED_TTL_SECONDS = 30 * DAY_SECONDS;
export const WHAT_IF_TTL_SECONDS = DAY_SECONDS;
/** History outlives a year, so "open every day of the year" can be checked. */
export const HISTORY_TTL_SECONDS = 400 * DAY_SECONDS;

const BATCH_WRITE_MAX = 25;
const BATCH_GET_MAX = 100;
const TRANSACTION_MAX = 100;
const CONCURRENCY = 8;

type Item = Record<string, unknown>;
type WriteRequest = { PutRequest: { Item: Item } } | { DeleteRequest: { Key: Item } };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `task` over `items`, at most `limit` at a time. */
async function eachLimited<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** BatchWrite in chunks of 25, re-sending what DynamoDB left unprocessed, with backoff. */
async function batchWrite(requests: readonly WriteRequest[], concurrency = CONCURRENCY): Promise<void> {
  const table = tableName('main');
  await eachLimited(chunks(requests, BATCH_WRITE_MAX), concurrency, async (chunk) => {
    let pending: WriteRequest[] = chunk;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) {
        if (attempt > 8) throw new Error(`DynamoDB left ${pending.length} writes unprocessed after retries`);
        await sleep(Math.min(2_000, 25 * 2 ** attempt));
      }
      const result = await db().send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
      pending = (result.UnprocessedItems?.[table] ?? []) as WriteRequest[];
    }
  });
}

/** BatchGet of up to any number of keys, in chunks of 100, following UnprocessedKeys. */
async function batchGet(
  keyList: readonly Item[],
  options: { consistent?: boolean; projection?: string; names?: Record<string, string> } = {},
): Promise<Item[]> {
  const table = tableName('main');
  const found: Item[] = [];
  for (const chunk of chunks(keyList, BATCH_GET_MAX)) {
    let pending: Item[] = chunk;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) {
        if (attempt > 8) throw new Error(`DynamoDB left ${pending.length} reads unprocessed after retries`);
        await sleep(Math.min(2_000, 25 * 2 ** attempt));
      }
      const result = await db().send(
        new BatchGetCommand({
          RequestItems: {
            [table]: {
              Keys: pending,
              ConsistentRead: options.consistent,
              ProjectionExpression: options.projection,
              ExpressionAttributeNames: options.names,
            },
          },
        }),
      );
      found.push(...(result.Responses?.[table] ?? []));
      pending = (result.UnprocessedKeys?.[table]?.Keys ?? []) as Item[];
    }
  }
  return found;
}

export interface SavedSnapshot {
  /** False when a snapshot with this id existed and was replaced (the same tick built again). */
  readonly created: boolean;
  readonly latestMoved: boolean;
  readonly parts: number;
  readonly bytes: number;
  readonly compressedBytes: number;
}

export interface StoredSnapshot {
  readonly header: SnapshotHeader;
  /** The snapshot JSON, gzip-compressed: the parts joined. */
  readonly gzip: Buffer;
}

/**
 * Stores a snapshot under its id (replacing an earlier build of the same id) and, when asked,
 * moves the latest pointer to it unless the pointer already names a newer tick.
 */
export async function saveSnapshot(
  snapshot: GridSnapshot,
  options: { readonly now: number; readonly moveLatest: boolean; readonly build: string },
): Promise<SavedSnapshot> {
  const main = tableName('main');
  const json = Buffer.from(JSON.stringify(snapshot));
  const compressed = await gzip(json);
  const ttl = snapshot.kind === 'scheduled' ? SCHEDULED_TTL_SECONDS : WHAT_IF_TTL_SECONDS;
  const expiresAt = Math.floor(options.now / 1000) + ttl;
  const header = headerOf(snapshot);
  const parts = Math.max(1, Math.ceil(compressed.length / PART_BYTES));

  // 1. the new build's parts, invisible until the header names them
  await batchWrite(
    Array.from({ length: parts }, (_, index) => ({
      PutRequest: {
        Item: {
          ...keys.gridPart(snapshot.id, options.build, index),
          entity: 'grid-part',
          data: compressed.subarray(index * PART_BYTES, (index + 1) * PART_BYTES),
          expiresAt,
        },
      },
    })),
    // items of 350 KB: a few requests at a time are plenty
    2,
  );

  // 2. the header, now naming this build; the previous build (if any) comes back
  const located = { build: options.build, parts, bytes: json.length, compressedBytes: compressed.length };
  const { Attributes: previous } = await db().send(
    new PutCommand({
      TableName: main,
      Item: {
        ...keys.gridSnapshot(snapshot.id),
        ...(snapshot.kind === 'scheduled' ? gridSnapshotIndexKeys(snapshot.tick) : {}),
        entity: 'grid-snapshot',
        header,
        ...located,
        expiresAt,
      },
      ReturnValues: 'ALL_OLD',
    }),
  );

  // 3. the latest pointer, only ever forward (the same tick may refresh it)
  let latestMoved = false;
  if (options.moveLatest) {
    try {
      await db().send(
        new PutCommand({
          TableName: main,
          Item: {
            ...keys.gridLatest(),
            entity: 'grid-latest',
            snapshotId: snapshot.id,
            tick: Date.parse(snapshot.tick),
            header,
            ...located,
          },
          ConditionExpression: 'attribute_not_exists(pk) OR #tick <= :tick',
          ExpressionAttributeNames: { '#tick': 'tick' },
          ExpressionAttributeValues: { ':tick': Date.parse(snapshot.tick) },
        }),
      );
      latestMoved = true;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  // 4. the replaced build's parts; a reader still holding the old header re-reads it
  const old = previous as { build?: string; parts?: number } | undefined;
  if (old?.build && old.build !== options.build) {
    await batchWrite(
      Array.from({ length: old.parts ?? 0 }, (_, index) => ({
        DeleteRequest: { Key: keys.gridPart(snapshot.id, old.build as string, index) },
      })),
    );
  }
  return { created: previous === undefined, latestMoved, ...located };
}

/** The parts of one build joined, or undefined when one is gone (that build was replaced). */
async function readParts(id: string, build: string, parts: number): Promise<Buffer | undefined> {
  const items = await batchGet(
    Array.from({ length: parts }, (_, index) => keys.gridPart(id, build, index)),
    { consistent: true },
  );
  if (items.length !== parts) return undefined;
  const ordered = items.sort((a, b) => String(a.sk).localeCompare(String(b.sk)));
  return Buffer.concat(ordered.map((item) => Buffer.from(item.data as Uint8Array)));
}

interface Located {
  readonly header: SnapshotHeader;
  readonly build: string;
  readonly parts: number;
}

/** A snapshot by id (scheduled or what-if), or undefined when there is none (or it expired). */
export async function readSnapshot(id: string): Promise<StoredSnapshot | undefined> {
  // a rebuild may swap the parts between reading the header and the parts: read again then
  for (let attempt = 0; attempt < 3; attempt++) {
    const { Item } = await db().send(
      new GetCommand({ TableName: tableName('main'), Key: keys.gridSnapshot(id), ConsistentRead: true }),
    );
    if (!Item) return undefined;
    const located = Item as unknown as Located;
    const body = await readParts(id, located.build, located.parts);
    if (body) return { header: located.header, gzip: body };
  }
  throw new Error(`grid snapshot ${id} kept changing while it was read`);
}

/** The newest scheduled snapshot, or undefined when none was built yet. */
export async function readLatest(): Promise<StoredSnapshot | undefined> {
  const { Item } = await db().send(
    new GetCommand({ TableName: tableName('main'), Key: keys.gridLatest(), ConsistentRead: true }),
  );
  if (!Item) return undefined;
  const latest = Item as unknown as Located & { snapshotId: string };
  const body = await readParts(latest.snapshotId, latest.build, latest.parts);
  // the same tick was built again since the pointer was written: its header has the live parts
  return body ? { header: latest.header, gzip: body } : readSnapshot(latest.snapshotId);
}

/** Headers of the scheduled snapshots whose tick is within [from, to] (ISO, UTC), oldest first. */
export function listSnapshotHeaders(
  from: string,
  to: string,
  limit: number,
  cursor?: string,
): Promise<Page<SnapshotHeader>> {
  return queryPage(
    {
      TableName: tableName('main'),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :p AND gsi1sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':p': GRID_SNAPSHOTS_PARTITION, ':from': from, ':to': to },
    },
    `gridsnapshots|${from}|${to}`,
    limit,
    cursor,
    (item) => item.header as SnapshotHeader,
  );
}

/**
 * Keeps the history of a scheduled snapshot: one tick sample per group (overwritten when the tick
 * is built again), and the day roll-ups of the groups, which only ever gain centers (a set union,
 * so building a tick twice or two builds at once change nothing). Roll-ups are read first and
 * only those that gain a center are updated, 100 per transaction: after the first ticks of a day,
 * almost none.
 */
export async function saveHistory(
  groups: readonly HistoryGroup[],
  tick: number,
  now: number,
): Promise<{ tickItems: number; dayUpdates: number }> {
  const at = new Date(tick).toISOString();
  const expiresAt = Math.floor(now / 1000) + HISTORY_TTL_SECONDS;
  const dated = groups.map((group) => ({ group, date: wallClock(tick, group.timeZone).date }));

  await batchWrite(
    dated.map(({ group, date }) => {
      const statuses = Object.fromEntries(
        Object.entries(group.statuses).map(([id, s]) => [id, statusCode(s)]),
      );
      const open = Object.values(group.statuses).filter(isOpenStatus).length;
      return {
        PutRequest: {
          Item: {
            ...keys.gridTick(group.groupId, at),
            entity: 'grid-tick',
            groupId: group.groupId,
            at,
            date,
            statuses,
            open,
            total: Object.keys(group.statuses).length,
            expiresAt,
          },
        },
      };
    }),
  );

  const known = new Map<string, { sampled: Set<string>; open: Set<string> }>();
  const existing = await batchGet(
    dated.map(({ group, date }) => keys.gridDay(group.groupId, date)),
    { projection: 'pk, sk, sampled, #open', names: { '#open': 'open' } },
  );
  for (const item of existing) {
    known.set(`${item.pk}|${item.sk}`, {
      sampled: (item.sampled as Set<string> | undefined) ?? new Set(),
      open: (item.open as Set<string> | undefined) ?? new Set(),
    });
  }
  const updates = dated.flatMap(({ group, date }) => {
    const key = keys.gridDay(group.groupId, date);
    const day = known.get(`${key.pk}|${key.sk}`);
    const sampled = Object.keys(group.statuses).filter((id) => !day?.sampled.has(id));
    const open = Object.entries(group.statuses)
      .filter(([id, status]) => isOpenStatus(status) && !day?.open.has(id))
      .map(([id]) => id);
    return sampled.length > 0 || open.length > 0 ? [{ key, group, date, sampled, open }] : [];
  });
  // up to 100 updates per transaction: one request for a whole district's new day
  const table = tableName('main');
  const actions = updates.map(({ key, group, date, sampled, open }) => ({
    Update: {
      TableName: table,
      Key: key,
      UpdateExpression: `SET entity = :entity, groupId = :group, #date = :date, expiresAt = :expires ADD ${[
        ...(sampled.length > 0 ? ['sampled :sampled'] : []),
        ...(open.length > 0 ? ['#open :open'] : []),
      ].join(', ')}`,
      ExpressionAttributeNames: { '#date': 'date', ...(open.length > 0 ? { '#open': 'open' } : {}) },
      ExpressionAttributeValues: {
        ':entity': 'grid-day',
        ':group': group.groupId,
        ':date': date,
        ':expires': expiresAt,
        ...(sampled.length > 0 ? { ':sampled': new Set(sampled) } : {}),
        ...(open.length > 0 ? { ':open': new Set(open) } : {}),
      },
    },
  }));
  await eachLimited(chunks(actions, TRANSACTION_MAX), 4, async (chunk) => {
    for (let attempt = 0; ; attempt++) {
      try {
        await db().send(new TransactWriteCommand({ TransactItems: chunk }));
        return;
      } catch (error) {
        // a concurrent build touched the same roll-ups: the unions commute, so simply again
        const conflict = ['TransactionCanceledException', 'TransactionConflictException'].includes(
          (error as { name?: string }).name ?? '',
        );
        if (!conflict || attempt >= 5) throw error;
        await sleep(Math.min(2_000, 50 * 2 ** attempt));
      }
    }
  });
  return { tickItems: dated.length, dayUpdates: updates.length };
}

/** Tick samples of a group within [from, to] (ISO instants), oldest first. */
export function queryTicks(
  groupId: string,
  from: string,
  to: string,
  limit: number,
  cursor: string | undefined,
): Promise<Page<TickSample>> {
  const lo = keys.gridTick(groupId, new Date(from).toISOString());
  const hi = keys.gridTick(groupId, new Date(to).toISOString());
  return queryPage(
    {
      TableName: tableName('main'),
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lo AND :hi',
      ExpressionAttributeValues: { ':pk': lo.pk, ':lo': lo.sk, ':hi': hi.sk },
    },
    `gridticks|${groupId}|${lo.sk}|${hi.sk}`,
    limit,
    cursor,
    (item) => ({
      at: item.at as string,
      date: item.date as string,
      statuses: (item.statuses ?? {}) as Record<string, string>,
    }),
  );
}

/** Day roll-ups of a group from `fromDate` to `toDate` (local dates, inclusive), oldest first. */
export function queryDays(
  groupId: string,
  fromDate: string,
  toDate: string,
  limit: number,
  cursor: string | undefined,
): Promise<Page<DaySample>> {
  const lo = keys.gridDay(groupId, fromDate);
  const hi = keys.gridDay(groupId, toDate);
  return queryPage(
    {
      TableName: tableName('main'),
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lo AND :hi',
      ExpressionAttributeValues: { ':pk': lo.pk, ':lo': lo.sk, ':hi': hi.sk },
    },
    `griddays|${groupId}|${lo.sk}|${hi.sk}`,
    limit,
    cursor,
    (item) => ({
      date: item.date as string,
      sampled: (item.sampled as Set<string> | undefined) ?? new Set<string>(),
      open: (item.open as Set<string> | undefined) ?? new Set<string>(),
    }),
  );
}
