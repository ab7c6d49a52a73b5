import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as deliver, UndeliverableError } from '../../functions/menus/deliver-menu.ts';
import { run as fanOut } from '../../functions/menus/fan-out-menu.ts';
import { run as getMenu } from '../../functions/menus/get-menu.ts';
import { run as pushMenu } from '../../functions/menus/push-menu.ts';
import { run as reconcile } from '../../functions/menus/reconcile-menu-fan-outs.ts';
import { run as updateMenu } from '../../functions/menus/update-menu.ts';
import { run as withdrawMenu } from '../../functions/menus/withdraw-menu.ts';
import { LOCAL_REGION } from '../../infra/local/env.ts';
import type { Principal } from '../../shared/domain/auth.ts';
import { type Center, newCenter } from '../../shared/domain/center.ts';
import type { Level } from '../../shared/domain/levels.ts';
import { decide, type MenuCopy } from '../../shared/domain/menu-copy.ts';
import type { DeliveryMessage } from '../../shared/domain/menu-messages.ts';
import { EXAMPLE_COURSE, type MenuScope } from '../../shared/domain/menus.ts';
import { installOpeningHoursLibrary } from '../../shared/domain/opening-hours.ts';
import type { CenterKind } from '../../shared/domain/vocabulary.ts';
import { putCenter } from '../../shared/store/centers.ts';
import { getCopy, getFanOut, listCopies, putDecision } from '../../shared/store/menus.ts';
import { pathOf } from '../../shared/store/stats.ts';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';

/**
 * The menu fan-out against DynamoDB Local and the SQS emulator, each step called directly
 * (pollers off): the push, the coordinator reading its queue, the deliveries it queued.
 */

let platform: TestPlatform;
let sqs: SQSClient;
const admin: Principal = { kind: 'user', sub: 'admin-1', role: 'admin' };

interface Progress {
  expected: number;
  enqueued: number;
  delivered: number;
  failed: number;
  done: boolean;
  failures: { centerId: string; reason: string }[];
}

/** A district, 3 streets, under each 4 communities and a post station: 1 + 3 + 15 = 19 centers. */
async function network(prefix: string): Promise<{ district: Center; all: Center[] }> {
  const now = new Date().toISOString();
  const make = async (id: string, level: Level, parent?: Center, kind?: CenterKind) => {
    const center = newCenter(
      {
        level,
        ...(kind ? { kind } : {}),
        name: id,
        address: 'addr',
        location: { lat: 31.4, lon: 121.4 },
        serviceRadiusMeters: 1000,
        timeZone: 'Asia/Shanghai',
        openingHours: 'Mo-Su 09:00-17:00',
        contact: {},
        status: 'active',
      },
      parent,
      id,
      now,
    );
    await putCenter(center);
    return center;
  };
  const district = await make(`${prefix}-d`, 'district');
  const all = [district];
  for (let s = 0; s < 3; s++) {
    const street = await make(`${prefix}-s${s}`, 'street', district);
    all.push(street);
    for (let c = 0; c < 4; c++) all.push(await make(`${prefix}-s${s}-c${c}`, 'community', street));
    all.push(await make(`${prefix}-s${s}-post`, 'community', street, 'post-station'));
  }
  return { district, all };
}

const request = <B, P>(
  body: B,
  params: P,
  principal: Principal = admin,
  headers: Record<string, string> = {},
) => ({
  body,
  params,
  principal,
  query: undefined,
  headers,
  requestId: 'test',
});

async function push(centerId: string, scope: MenuScope = {}) {
  const result = await pushMenu(request({ content: EXAMPLE_COURSE, scope }, { id: centerId }));
  expect(result.status).toBe(202);
  return result.body as { menuId: string; revision: number; expected: number };
}

async function progress(menuId: string): Promise<Progress> {
  const result = await getMenu({ ...request(undefined, { id: menuId }), body: undefined });
  return (result.body as { progress: Progress }).progress;
}

/** Takes every message waiting in a queue (and deletes it): what the consumer would receive. */
async function drain<T>(envVar: string): Promise<T[]> {
  const url = process.env[envVar]!;
  const bodies: T[] = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
    );
    if (Messages.length === 0) return bodies;
    bodies.push(...Messages.map((m) => JSON.parse(m.Body!) as T));
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: url,
        Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
      }),
    );
  }
}

/** Runs the coordinator on what the push queued, then every delivery it queued. */
async function fanOutAndDeliver(): Promise<DeliveryMessage[]> {
  for (const message of await drain<{ menuId: string; revision: number }>('QUEUE_MENU_FAN_OUT_URL')) {
    await fanOut(message);
  }
  const deliveries = await drain<DeliveryMessage>('QUEUE_MENU_DELIVERIES_URL');
  for (const delivery of deliveries) await deliver(delivery, 1);
  return deliveries;
}

beforeAll(async () => {
  platform = await startTestPlatform({ pollers: false });
  installOpeningHoursLibrary();
  sqs = new SQSClient({
    endpoint: platform.endpoints.sqs,
    region: LOCAL_REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});
afterAll(async () => {
  sqs?.destroy();
  await platform?.stop();
});

describe('menu fan-out', () => {
  it('counts the scope at push time and delivers once to every center below the publisher', async () => {
    const { district, all } = await network('a');
    const pushed = await push(district.id);
    expect(pushed.expected).toBe(all.length - 1);

    const deliveries = await fanOutAndDeliver();

    expect(deliveries.map((d) => d.centerId).sort()).toEqual(
      all
        .slice(1)
        .map((c) => c.id)
        .sort(),
    );
    expect(await progress(pushed.menuId)).toMatchObject({
      expected: 18,
      enqueued: 18,
      delivered: 18,
      failed: 0,
      done: true,
    });
    for (const center of all.slice(1)) {
      expect(await getCopy(center.id, pushed.menuId)).toMatchObject({ state: 'new', version: 1 });
    }
    expect(await getCopy(district.id, pushed.menuId)).toBeUndefined();
  });

  it('counts nothing twice when a delivery or the coordinator message comes again', async () => {
    const { district } = await network('b');
    const pushed = await push(district.id);
    const deliveries = await fanOutAndDeliver();
    for (const delivery of deliveries.slice(0, 5)) await deliver(delivery, 2);
    await fanOut({ menuId: pushed.menuId, revision: 1 });

    expect(await drain('QUEUE_MENU_DELIVERIES_URL')).toHaveLength(0);
    expect(await progress(pushed.menuId)).toMatchObject({ enqueued: 18, delivered: 18, failed: 0 });
  });

  it('lets two coordinators race on one fan-out and still queues each center once', async () => {
    const { district } = await network('r');
    const pushed = await push(district.id);
    await drain('QUEUE_MENU_FAN_OUT_URL');
    await Promise.all([
      fanOut({ menuId: pushed.menuId, revision: 1 }),
      fanOut({ menuId: pushed.menuId, revision: 1 }),
    ]);
    expect(await getFanOut(pushed.menuId, 1)).toMatchObject({ enqueued: 18, enqueuedAll: true });

    // the loser may have queued its page before it lost: the deliveries count once all the same
    const deliveries = await drain<DeliveryMessage>('QUEUE_MENU_DELIVERIES_URL');
    for (const delivery of deliveries) await deliver(delivery, 1);
    expect(await progress(pushed.menuId)).toMatchObject({ delivered: 18, failed: 0, done: true });
  });

  it('reaches only the kinds of center in the scope', async () => {
    const { district } = await network('k');
    const pushed = await push(district.id, { kinds: ['post-station'] });
    expect(pushed.expected).toBe(3);
    const deliveries = await fanOutAndDeliver();
    expect(deliveries.map((d) => d.centerId).sort()).toEqual(['k-s0-post', 'k-s1-post', 'k-s2-post']);
  });

  it('pushed at a street reaches only that street’s centers', async () => {
    await network('t');
    const pushed = await push('t-s1', { levels: ['community'] });
    expect(pushed.expected).toBe(5);
    const deliveries = await fanOutAndDeliver();
    expect(deliveries.every((d) => d.centerId.startsWith('t-s1-'))).toBe(true);
  });

  it('carries a new version to every copy, keeping adaptations and flagging them, and then a withdrawal', async () => {
    const { district } = await network('v');
    const pushed = await push(district.id);
    await fanOutAndDeliver();
    const copy = (await getCopy('v-s0-c0', pushed.menuId))!;
    await putDecision(
      decide(copy, { state: 'adapted', changes: { seats: 12 } }, 'staff', new Date().toISOString()),
      copy,
      (await pathOf('v-s0-c0'))!,
    );

    const updated = await updateMenu(
      request({ content: { ...EXAMPLE_COURSE, lecturer: 'Zhao Min' } }, { id: pushed.menuId }, admin, {
        'if-match': '"1"',
      }),
    );
    expect(updated.status).toBe(202);
    await fanOutAndDeliver();
    expect(await progress(pushed.menuId)).toMatchObject({ delivered: 18, done: true });
    const adapted = (await getCopy('v-s0-c0', pushed.menuId))!;
    expect(adapted).toMatchObject({ version: 2, state: 'adapted', content: { lecturer: 'Zhao Min' } });
    expect(adapted.adaptation?.onVersion).toBe(1);
    expect(await getCopy('v-s2-c3', pushed.menuId)).toMatchObject({ version: 2, state: 'new' });

    await withdrawMenu(request({ reason: 'the lecturer is away' }, { id: pushed.menuId }));
    await fanOutAndDeliver();
    expect(await progress(pushed.menuId)).toMatchObject({ delivered: 18, done: true });
    const page = await listCopies('v-s0-c0', 10, undefined);
    expect(page.items[0]).toMatchObject({ withdrawn: { reason: 'the lecturer is away' }, state: 'adapted' });
  });

  it('refuses a new version on a stale ETag (412) and without one (428)', async () => {
    const { district } = await network('e');
    const pushed = await push(district.id);
    const content = { content: EXAMPLE_COURSE };
    await expect(
      updateMenu(request(content, { id: pushed.menuId }, admin, { 'if-match': '"7"' })),
    ).rejects.toMatchObject({ status: 412 });
    await expect(updateMenu(request(content, { id: pushed.menuId }))).rejects.toMatchObject({ status: 428 });
  });
});

describe('failed deliveries', () => {
  it('records a center that no longer exists as failed, with its reason, once, and still throws for the DLQ', async () => {
    const { district } = await network('g');
    const pushed = await push(district.id);
    await fanOutAndDeliver();
    const ghost = { menuId: pushed.menuId, revision: 1, centerId: 'g-gone' };

    await expect(deliver(ghost, 1)).rejects.toBeInstanceOf(UndeliverableError);
    await expect(deliver(ghost, 2)).rejects.toBeInstanceOf(UndeliverableError);

    const shown = await progress(pushed.menuId);
    expect(shown).toMatchObject({ delivered: 18, failed: 1 });
    expect(shown.failures).toEqual([
      expect.objectContaining({ centerId: 'g-gone', reason: 'center g-gone does not exist' }),
    ]);
    expect(await getCopy('g-gone', pushed.menuId)).toBeUndefined();
  });

  it('records a malformed delivery against the center it names', async () => {
    const { district } = await network('m');
    const pushed = await push(district.id);
    await fanOutAndDeliver();
    await expect(
      deliver({ menuId: pushed.menuId, revision: 1, centerId: 'm-elsewhere', extra: true }, 1),
    ).rejects.toThrow(/malformed/);
    const shown = await progress(pushed.menuId);
    expect(shown.failures[0]).toMatchObject({ centerId: 'm-elsewhere' });
    expect(shown.failures[0]!.reason).toMatch(/^malformed delivery message/);
  });

  it('a failed delivery redriven once the center exists moves from failed to delivered', async () => {
    const { district } = await network('h');
    const pushed = await push(district.id);
    await fanOutAndDeliver();
    const late = { menuId: pushed.menuId, revision: 1, centerId: 'h-late' };
    await expect(deliver(late, 1)).rejects.toBeInstanceOf(UndeliverableError);

    const now = new Date().toISOString();
    const street = (await import('../../shared/store/centers.ts')).getCenter;
    const parent = (await street('h-s0'))!;
    await putCenter(
      newCenter(
        {
          level: 'community',
          kind: 'community',
          name: 'late',
          address: 'a',
          location: { lat: 31.4, lon: 121.4 },
          serviceRadiusMeters: 1000,
          timeZone: 'Asia/Shanghai',
          openingHours: 'Mo-Su 09:00-17:00',
          contact: {},
          status: 'active',
        },
        parent,
        'h-late',
        now,
      ),
    );
    await deliver(late, 1);
    await deliver(late, 1);

    expect(await progress(pushed.menuId)).toMatchObject({ delivered: 19, failed: 0, failures: [] });
    expect(await getCopy('h-late', pushed.menuId)).toMatchObject({
      state: 'new',
    } satisfies Partial<MenuCopy>);
  });
});

describe('reconcile-menu-fan-outs', () => {
  it('resumes a fan-out whose coordinator ran short of time, from where it stopped', async () => {
    const { district } = await network('c');
    const pushed = await push(district.id);
    await drain('QUEUE_MENU_FAN_OUT_URL');
    await fanOut({ menuId: pushed.menuId, revision: 1 }, () => 1_000);
    expect(await getFanOut(pushed.menuId, 1)).toMatchObject({ enqueued: 0, enqueuedAll: false });

    const { resent } = await reconcile(new Date());
    expect(resent).toBeGreaterThanOrEqual(1);
    const deliveries = await fanOutAndDeliver();
    expect(deliveries).toHaveLength(18);
    expect(await progress(pushed.menuId)).toMatchObject({ delivered: 18, done: true });
  });

  it('starts a fan-out whose first message never reached the queue', async () => {
    const { district } = await network('q');
    const realUrl = process.env.QUEUE_MENU_FAN_OUT_URL!;
    process.env.QUEUE_MENU_FAN_OUT_URL = `${realUrl}-missing`;
    let pushed: { menuId: string };
    try {
      pushed = await push(district.id);
    } finally {
      process.env.QUEUE_MENU_FAN_OUT_URL = realUrl;
    }
    expect(await reconcile(new Date())).toEqual({ resent: 0, districtsResent: 0 });
    await reconcile(new Date(Date.now() + 3 * 60_000));
    await fanOutAndDeliver();
    expect(await progress(pushed.menuId)).toMatchObject({ delivered: 18, done: true });
  });
});
