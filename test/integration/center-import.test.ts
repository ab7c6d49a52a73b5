import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as processChunk } from '../../functions/imports/process-center-import.ts';
import { run as reconcile } from '../../functions/imports/reconcile-center-imports.ts';
import { run as startImport } from '../../functions/imports/start-center-import.ts';
import type { Principal } from '../../shared/domain/auth.ts';
import type { CenterImport, ImportRow } from '../../shared/domain/center-import.ts';
import { ConflictError } from '../../shared/domain/errors.ts';
import { compileOpeningHours, installOpeningHoursLibrary } from '../../shared/domain/opening-hours.ts';
import { tableName } from '../../shared/runtime/env.ts';
import { getImport, listStalledImports } from '../../shared/store/center-imports.ts';
import { getCenter, listWholeSubtree, requireCenter, updateCenter } from '../../shared/store/centers.ts';
import { db } from '../../shared/store/client.ts';
import { keys } from '../../shared/store/keys.ts';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';

/**
 * The import consumer and reconciler against DynamoDB Local and the SQS emulator, called
 * directly (pollers off) so each delivery is under the test's control.
 */

installOpeningHoursLibrary();

let platform: TestPlatform;
const admin: Principal = { kind: 'user', sub: 'admin-1', role: 'admin' };

const row = (ref: string, level: ImportRow['level'], parentRef?: string): ImportRow => ({
  ref,
  level,
  ...(parentRef ? { parentRef } : {}),
  name: ref,
  address: 'addr',
  location: { lat: 31.4, lon: 121.4 },
  serviceRadiusMeters: 1000,
  timeZone: 'Asia/Shanghai',
  openingHours: 'Mo-Su 09:00-17:00',
  contact: {},
  status: 'active',
});

/** A district, 3 streets and 70 communities under each: 214 rows, 3 chunks. */
function network(prefix: string): ImportRow[] {
  const rows = [row(`${prefix}-d`, 'district')];
  for (let s = 0; s < 3; s++) {
    rows.push(row(`${prefix}-s${s}`, 'street', `${prefix}-d`));
    for (let c = 0; c < 70; c++) rows.push(row(`${prefix}-s${s}-c${c}`, 'community', `${prefix}-s${s}`));
  }
  return rows;
}

async function start(rows: ImportRow[]): Promise<CenterImport> {
  const result = await startImport({
    body: { centers: rows },
    principal: admin,
    query: {},
    params: undefined,
    headers: {},
    requestId: 'test',
  });
  expect(result.status).toBe(202);
  return result.body as CenterImport;
}

beforeAll(async () => {
  platform = await startTestPlatform({ pollers: false });
});
afterAll(async () => {
  await platform?.stop();
});

describe('process-center-import', () => {
  it('writes the whole import in one delivery, parents first, and ignores redelivered and early messages', async () => {
    const job = await start(network('a'));
    expect(job).toMatchObject({ total: 214, chunks: 3, chunksDone: 0, status: 'running', created: 214 });

    await processChunk({ importId: job.id, chunk: 2 }); // ahead of the import: nothing happens
    expect((await getImport(job.id))?.chunksDone).toBe(0);

    await processChunk({ importId: job.id, chunk: 0 });
    const done = await getImport(job.id);
    expect(done).toMatchObject({ status: 'completed', chunksDone: 3 });

    await processChunk({ importId: job.id, chunk: 0 }); // redelivery
    await processChunk({ importId: job.id, chunk: 1 }); // late duplicate of an older message
    expect(await getImport(job.id)).toEqual(done);

    const districtId = job.centers!.find((c) => c.ref === 'a-d')!.id;
    const district = await getCenter(districtId);
    expect(await listWholeSubtree(district!.path)).toHaveLength(214);
    const streetId = job.centers!.find((c) => c.ref === 'a-s1')!.id;
    const community = await getCenter(job.centers!.find((c) => c.ref === 'a-s1-c7')!.id);
    expect(community?.parentId).toBe(streetId);
  });

  it('lets exactly one of two concurrent deliveries write each chunk', async () => {
    const job = await start(network('b'));
    await Promise.all([
      processChunk({ importId: job.id, chunk: 0 }),
      processChunk({ importId: job.id, chunk: 0 }),
    ]);
    expect(await getImport(job.id)).toMatchObject({ status: 'completed', chunksDone: 3 });
    const district = await getCenter(job.centers!.find((c) => c.ref === 'b-d')!.id);
    expect(await listWholeSubtree(district!.path)).toHaveLength(214);
  });

  it('stops between chunks when the invocation runs short of time and hands the import to the reconciler', async () => {
    const job = await start(network('h'));
    let checks = 0;
    // time for the first chunk only
    await processChunk({ importId: job.id, chunk: 0 }, () => (checks++ === 0 ? 30_000 : 1_000));
    expect(await getImport(job.id)).toMatchObject({ status: 'running', chunksDone: 1 });

    // handed back: the very next reconciler run resumes it, without waiting for the stall delay
    const { resent } = await reconcile(new Date());
    expect(resent).toBeGreaterThanOrEqual(1);
    await processChunk({ importId: job.id, chunk: 1 });
    expect(await getImport(job.id)).toMatchObject({ status: 'completed', chunksDone: 3 });
  });
});

describe('a re-import', () => {
  /** Imports `rows` and lets the consumer write everything. */
  async function importAll(rows: ImportRow[]): Promise<CenterImport> {
    const job = await start(rows);
    if (job.status === 'running') await processChunk({ importId: job.id, chunk: 0 });
    return (await getImport(job.id))!;
  }
  const districtOf = async (job: CenterImport) =>
    requireCenter(job.centers!.find((c) => c.ref.endsWith('-d'))!.id);

  it('of the same file changes nothing: no chunk, every row unchanged, every center as it was', async () => {
    const rows = network('r');
    const first = await importAll(rows);
    const before = await listWholeSubtree((await districtOf(first)).path);

    const again = await start(rows);
    expect(again).toMatchObject({
      status: 'completed',
      chunks: 0,
      created: 0,
      updated: 0,
      unchanged: 214,
      missing: 0,
    });
    expect(again.centers).toEqual(first.centers);
    expect(await listWholeSubtree((await districtOf(first)).path)).toEqual(before);
  });

  it('with one changed row updates exactly that center, and only its changed fields', async () => {
    const rows = network('u');
    const first = await importAll(rows);
    const before = await listWholeSubtree((await districtOf(first)).path);
    const changed = rows.map((r) =>
      r.ref === 'u-s1-c5' ? { ...r, name: '新名字', location: { lat: 31.41, lon: 121.41 } } : r,
    );

    const job = await importAll(changed);
    expect(job).toMatchObject({
      status: 'completed',
      chunks: 1,
      created: 0,
      updated: 1,
      unchanged: 213,
      failed: 0,
    });
    const after = await listWholeSubtree((await districtOf(first)).path);
    const id = first.centers!.find((c) => c.ref === 'u-s1-c5')!.id;
    const target = before.find((c) => c.id === id)!;
    expect(after.find((c) => c.id === id)).toEqual({
      ...target,
      name: '新名字',
      location: { lat: 31.41, lon: 121.41 },
      version: target.version + 1,
      updatedAt: expect.any(String),
    });
    expect(after.filter((c) => c.id !== id)).toEqual(before.filter((c) => c.id !== id));
  });

  it('as a dry run counts what it would do and writes nothing, not even the import', async () => {
    const rows = network('y');
    const first = await importAll(rows);
    const before = await listWholeSubtree((await districtOf(first)).path);
    const changed = rows
      .filter((r) => r.ref !== 'y-s0-c0')
      .map((r) => (r.ref === 'y-s0-c1' ? { ...r, name: 'new' } : r));
    changed.push(row('y-s0-c99', 'community', 'y-s0'));
    const result = await startImport({
      body: { centers: changed },
      principal: admin,
      query: { dryRun: true },
      params: undefined,
      headers: {},
      requestId: 'test',
    });
    expect(result).toMatchObject({
      status: 200,
      body: {
        dryRun: true,
        total: 214,
        created: 1,
        updated: 1,
        unchanged: 212,
        missing: 1,
        missingRefs: ['y-s0-c0'],
      },
    });
    expect(await listWholeSubtree((await districtOf(first)).path)).toEqual(before);
    expect(await listStalledImports('9999')).toEqual([]);
  });

  it('reports rows left out as missing and deletes nothing', async () => {
    const rows = network('m');
    const first = await importAll(rows);
    const kept = rows.filter((r) => r.ref !== 'm-s2-c9' && r.ref !== 'm-s2-c10');
    const job = await importAll(kept);
    expect(job).toMatchObject({ created: 0, updated: 0, unchanged: 212, missing: 2 });
    expect(job.missingRefs?.sort()).toEqual(['m-s2-c10', 'm-s2-c9']);
    expect(await listWholeSubtree((await districtOf(first)).path)).toHaveLength(214);
  });

  it('counts as failed a change to a center edited after the import was planned, and writes the rest', async () => {
    const rows = network('e');
    const first = await importAll(rows);
    const edited = first.centers!.find((c) => c.ref === 'e-s0-c1')!.id;
    const other = first.centers!.find((c) => c.ref === 'e-s0-c2')!.id;
    const changed = rows.map((r) =>
      r.ref === 'e-s0-c1' || r.ref === 'e-s0-c2' ? { ...r, address: 'new address' } : r,
    );
    const job = await start(changed);

    const current = await requireCenter(edited);
    await updateCenter(
      current,
      { name: 'edited by staff' },
      current.version,
      new Date().toISOString(),
      compileOpeningHours(current.openingHours, Date.now()),
    );
    await processChunk({ importId: job.id, chunk: 0 });

    expect(await getImport(job.id)).toMatchObject({
      status: 'completed',
      updated: 2,
      failed: 1,
      failedRefs: ['e-s0-c1'],
    });
    expect(await requireCenter(edited)).toMatchObject({ name: 'edited by staff', address: 'addr' });
    expect(await requireCenter(other)).toMatchObject({ address: 'new address' });
  });
});

describe('one import at a time', () => {
  const startRequest = (rows: ImportRow[]) =>
    startImport({
      body: { centers: rows },
      principal: admin,
      query: {},
      params: undefined,
      headers: {},
      requestId: 'test',
    });

  it('refuses a second import while one runs (two imports of the same rows would both create them)', async () => {
    const first = await start(network('l'));
    const again = await startRequest(network('l')).catch((error: unknown) => error);
    expect(again).toBeInstanceOf(ConflictError);
    expect((again as ConflictError).extensions).toEqual({ importId: first.id });
    // parallel starts while it runs: all refused
    const racing = await Promise.allSettled([startRequest(network('k')), startRequest(network('k'))]);
    expect(racing.every((r) => r.status === 'rejected')).toBe(true);

    await processChunk({ importId: first.id, chunk: 0 });
    expect((await getImport(first.id))?.status).toBe('completed');
    // the first created its centers once; the same rows again are now unchanged
    const replay = await start(network('l'));
    expect(replay).toMatchObject({ status: 'completed', created: 0, unchanged: 214 });

    const [one, other] = await Promise.allSettled([startRequest(network('k')), startRequest(network('k'))]);
    const through = [one, other].filter((r) => r.status === 'fulfilled');
    expect(through).toHaveLength(1);
    const job = (through[0] as PromiseFulfilledResult<{ body: CenterImport }>).value.body;
    await processChunk({ importId: job.id, chunk: 0 });
    const district = await getCenter(job.centers!.find((c) => c.ref === 'k-d')!.id);
    expect(await listWholeSubtree(district!.path)).toHaveLength(214);
  });

  it('takes over the lock of an import that completed without releasing it', async () => {
    const done = await start(network('n'));
    await processChunk({ importId: done.id, chunk: 0 });
    // as if the consumer stopped between completing the import and releasing the lock
    await db().send(
      new PutCommand({
        TableName: tableName('main'),
        Item: { ...keys.importLock(), entity: 'import-lock', importId: done.id, since: done.createdAt },
      }),
    );
    const next = await start(network('o'));
    expect(next.status).toBe('running');
    const { Item } = await db().send(
      new GetCommand({ TableName: tableName('main'), Key: keys.importLock() }),
    );
    expect(Item?.importId).toBe(next.id);
    await processChunk({ importId: next.id, chunk: 0 });
    const { Item: released } = await db().send(
      new GetCommand({ TableName: tableName('main'), Key: keys.importLock() }),
    );
    expect(released).toBeUndefined();
  });
});

describe('reconcile-center-imports', () => {
  it('starts an import whose first message never reached the queue', async () => {
    const realUrl = process.env.QUEUE_CENTER_IMPORT_URL!;
    process.env.QUEUE_CENTER_IMPORT_URL = `${realUrl}-missing`;
    let job: CenterImport;
    try {
      job = await start(network('c'));
    } finally {
      process.env.QUEUE_CENTER_IMPORT_URL = realUrl;
    }
    // nothing was queued: the import is recorded but idle
    expect((await getImport(job.id))?.chunksDone).toBe(0);
    expect((await reconcile(new Date())).resent).toBe(0); // not stalled yet

    const later = new Date(Date.now() + 3 * 60 * 1000);
    const { resent } = await reconcile(later);
    expect(resent).toBeGreaterThanOrEqual(1);

    // deliver what the reconciler queued
    const { SQSClient, ReceiveMessageCommand, DeleteMessageCommand } = await import('@aws-sdk/client-sqs');
    const sqs = new SQSClient({});
    for (let round = 0; round < 10 && (await getImport(job.id))?.status !== 'completed'; round++) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: realUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
      );
      for (const message of Messages) {
        await processChunk(JSON.parse(message.Body!));
        await sqs.send(
          new DeleteMessageCommand({ QueueUrl: realUrl, ReceiptHandle: message.ReceiptHandle! }),
        );
      }
    }
    expect(await getImport(job.id)).toMatchObject({ status: 'completed', chunksDone: 3 });
    expect((await reconcile(new Date(Date.now() + 10 * 60 * 1000))).resent).toBe(0);
  });
});
