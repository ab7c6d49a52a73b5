import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_REGION } from '../../infra/local/env.ts';
import type { Center } from '../../shared/domain/center.ts';
import { EXAMPLE_COURSE } from '../../shared/domain/menus.ts';
import { type ApiClient, pollUntil, startTestPlatform, type TestPlatform } from '../support/platform.ts';

/**
 * Menus through the local HTTP API, the fan-out and delivery queues (fauxqs) and their consumers,
 * on the seeded demo network: a push from the district reaches every center of its scope exactly
 * once, a version and a withdrawal follow, a poisoned delivery shows as failed (and ends in the
 * DLQ), a redelivery counts nothing twice, the centers decide, machine clients push.
 */

let platform: TestPlatform;
let sqs: SQSClient;
let districtStaff: ApiClient;
let admin: ApiClient;

type Page<T> = { items: T[]; nextCursor: string | null };
interface MenuView {
  id: string;
  version: number;
  status: string;
  progress: {
    revision: number;
    expected: number;
    enqueued: number;
    delivered: number;
    failed: number;
    done: boolean;
    failures: { centerId: string; reason: string }[];
  };
}
interface CopyView {
  menuId: string;
  state: string;
  version: number;
  reviewNeeded: boolean;
  withdrawn?: { reason: string };
  localContent: Record<string, unknown>;
}

const SERVICE = {
  kind: 'service',
  title: '法律咨询进楼宇 Legal advice in the lobby',
  provider: '区司法局 District justice bureau',
  description: 'A lawyer on site every Tuesday afternoon',
  eligibility: 'Everyone working in the building',
  serviceCode: 'legal-aid-application',
} as const;

async function subtreeBelow(centerId: string): Promise<Center[]> {
  const all: Center[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `&cursor=${cursor}` : '';
    const { json } = await admin.get<Page<Center>>(`/centers/${centerId}/subtree?limit=100${query}`);
    all.push(...json.items);
    cursor = json.nextCursor;
  } while (cursor);
  return all.filter((center) => center.id !== centerId);
}

const menuOf = async (id: string) => (await districtStaff.get<MenuView>(`/menus/${id}`)).json;

const settled = (id: string, revision: number, delivered: number, failed = 0) =>
  pollUntil(
    async () => {
      const menu = await menuOf(id);
      return menu.progress.revision === revision &&
        menu.progress.done &&
        menu.progress.delivered === delivered &&
        menu.progress.failed === failed &&
        // the failures are listed from an index, which follows the counter (eventually consistent)
        menu.progress.failures.length === failed
        ? menu
        : undefined;
    },
    { timeoutMs: 20_000, description: `menu ${id} revision ${revision} delivered` },
  );

async function copiesAt(centerId: string): Promise<CopyView[]> {
  const { json } = await admin.get<Page<CopyView>>(`/centers/${centerId}/menus?limit=100`);
  return json.items;
}

beforeAll(async () => {
  platform = await startTestPlatform({ seed: true, queueVisibilityTimeoutSeconds: 1 });
  sqs = new SQSClient({
    endpoint: platform.endpoints.sqs,
    region: LOCAL_REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  districtStaff = platform.api(await platform.mintToken({ role: 'staff', centerId: 'c-baoshan' }));
  admin = platform.api(await platform.mintToken({ role: 'admin' }));
});
afterAll(async () => {
  sqs?.destroy();
  await platform?.stop();
});

describe('a course menu pushed from the district', () => {
  let menuId: string;
  let below: Center[];

  it('answers 202 with the fan-out and reaches every center below exactly once', async () => {
    below = await subtreeBelow('c-baoshan');
    const res = await districtStaff.post<{ menuId: string; fanOutId: string; expected: number }>(
      '/centers/c-baoshan/menus',
      { content: EXAMPLE_COURSE },
      { headers: { 'idempotency-key': 'golden-course-1' } },
    );
    expect(res.status).toBe(202);
    expect(res.json.expected).toBe(below.length);
    expect(res.json.fanOutId).toBe(`${res.json.menuId}@1`);
    expect(res.headers.get('location')).toBe(`/menus/${res.json.menuId}`);
    menuId = res.json.menuId;

    const menu = await settled(menuId, 1, below.length);
    expect(menu.progress).toMatchObject({ expected: below.length, enqueued: below.length, failures: [] });
    for (const center of below) {
      const copies = (await copiesAt(center.id)).filter((copy) => copy.menuId === menuId);
      expect(copies, center.id).toHaveLength(1);
      expect(copies[0]).toMatchObject({ state: 'new', version: 1 });
    }
    expect((await copiesAt('c-baoshan')).some((copy) => copy.menuId === menuId)).toBe(false);
  });

  it('replays the same push for the same Idempotency-Key instead of pushing twice', async () => {
    const again = await districtStaff.post<{ menuId: string }>(
      '/centers/c-baoshan/menus',
      { content: EXAMPLE_COURSE },
      { headers: { 'idempotency-key': 'golden-course-1' } },
    );
    expect(again.status).toBe(202);
    expect(again.json.menuId).toBe(menuId);
  });

  it('lets a center adopt, decline with a reason, or adapt, guarded by If-Match', async () => {
    const community = platform.api(await platform.mintToken({ role: 'staff', centerId: 'c-youyi-a' }));
    const path = `/centers/c-youyi-a/menus/${menuId}`;
    expect((await community.patch(path, { state: 'adopted' })).status).toBe(428);
    const adapted = await community.patch<CopyView>(
      path,
      { state: 'adapted', changes: { seats: 15, mode: 'online' }, note: 'small room' },
      { headers: { 'if-match': '"1"' } },
    );
    expect(adapted.status).toBe(200);
    expect(adapted.json).toMatchObject({ state: 'adapted', localContent: { seats: 15, mode: 'online' } });
    expect(adapted.headers.get('etag')).toBe('"2"');
    expect(
      (await community.patch(path, { state: 'adopted' }, { headers: { 'if-match': '"1"' } })).status,
    ).toBe(412);

    const other = platform.api(await platform.mintToken({ role: 'staff', centerId: 'c-youyi-b' }));
    const declined = await other.patch<CopyView & { declineReason: string }>(
      `/centers/c-youyi-b/menus/${menuId}`,
      { state: 'declined', reason: 'no lecturer hall' },
      { headers: { 'if-match': '"1"' } },
    );
    expect(declined.json).toMatchObject({ state: 'declined', declineReason: 'no lecturer hall' });
    expect((await other.get(`/centers/c-youyi-a/menus`)).status).toBe(403);
  });

  it('carries a new version to every copy, keeping decisions and flagging the adaptation', async () => {
    const res = await districtStaff.request('PUT', `/menus/${menuId}`, {
      body: { content: { ...EXAMPLE_COURSE, lecturer: 'Zhao Min' } },
      headers: { 'if-match': '"1"' },
    });
    expect(res.status).toBe(202);
    await settled(menuId, 2, below.length);
    for (const center of below) {
      const copy = (await copiesAt(center.id)).find((c) => c.menuId === menuId)!;
      expect(copy.version, center.id).toBe(2);
    }
    const adapted = (await copiesAt('c-youyi-a')).find((c) => c.menuId === menuId)!;
    expect(adapted).toMatchObject({
      state: 'adapted',
      reviewNeeded: true,
      localContent: { lecturer: 'Zhao Min', seats: 15 },
    });
    expect((await copiesAt('c-youyi-b')).find((c) => c.menuId === menuId)).toMatchObject({
      state: 'declined',
    });
  });

  it('withdraws it everywhere and says so at each center', async () => {
    const res = await districtStaff.post(`/menus/${menuId}/withdraw`, {
      reason: '讲师调离 the lecturer moved',
    });
    expect(res.status).toBe(202);
    const menu = await settled(menuId, 3, below.length);
    expect(menu.status).toBe('withdrawn');
    for (const center of below) {
      const copy = (await copiesAt(center.id)).find((c) => c.menuId === menuId)!;
      expect(copy.withdrawn?.reason, center.id).toBe('讲师调离 the lecturer moved');
    }
    const community = platform.api(await platform.mintToken({ role: 'staff', centerId: 'c-youyi-c' }));
    const late = await community.patch(
      `/centers/c-youyi-c/menus/${menuId}`,
      { state: 'adopted' },
      { headers: { 'if-match': '"3"' } },
    );
    expect(late.status).toBe(409);
  });
});

describe('a service menu for some kinds of center, pushed by a machine client', () => {
  it('reaches only the post stations and business districts', async () => {
    const machine = platform.api(await platform.mintMachineToken());
    const res = await machine.post<{ menuId: string; expected: number }>('/centers/c-baoshan/menus', {
      content: SERVICE,
      scope: { kinds: ['post-station', 'business-district'] },
    });
    expect(res.status).toBe(202);
    const targets = (await subtreeBelow('c-baoshan')).filter(
      (c) => c.kind === 'post-station' || c.kind === 'business-district',
    );
    expect(res.json.expected).toBe(targets.length);
    await settled(res.json.menuId, 1, targets.length);
    expect((await copiesAt('c-youyi-a')).some((copy) => copy.menuId === res.json.menuId)).toBe(false);
    for (const center of targets) {
      expect((await copiesAt(center.id)).filter((copy) => copy.menuId === res.json.menuId)).toHaveLength(1);
    }
  });

  it('refuses a machine client without the menus:push scope, and a resident', async () => {
    const other = platform.api(await platform.mintMachineToken({ scopes: ['pmsc/other'] }));
    expect((await other.post('/centers/c-baoshan/menus', { content: SERVICE })).status).toBe(403);
    const resident = platform.api(await platform.mintToken({ role: 'resident' }));
    expect((await resident.post('/centers/c-baoshan/menus', { content: SERVICE })).status).toBe(403);
  });
});

describe('deliveries that fail or come twice', () => {
  const queueUrl = (key: 'menuDeliveries') => platform.resources.queues[key]!.url;

  it('shows a poisoned delivery as failed with its center and reason, and it ends in the DLQ', async () => {
    const res = await districtStaff.post<{ menuId: string }>('/centers/c-youyi/menus', {
      content: EXAMPLE_COURSE,
    });
    const below = await subtreeBelow('c-youyi');
    await settled(res.json.menuId, 1, below.length);

    await sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl('menuDeliveries'),
        MessageBody: JSON.stringify({ menuId: res.json.menuId, revision: 1, centerId: 'c-nowhere' }),
      }),
    );
    const menu = await settled(res.json.menuId, 1, below.length, 1);
    expect(menu.progress.failures).toEqual([
      expect.objectContaining({ centerId: 'c-nowhere', reason: 'center c-nowhere does not exist' }),
    ]);

    const dlq = platform.resources.queues.menuDeliveries!.dlqUrl;
    const dead = await pollUntil(
      async () => {
        const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlq, WaitTimeSeconds: 1 }));
        return Messages?.find((m) => m.Body?.includes('c-nowhere'));
      },
      { timeoutMs: 20_000, description: 'the poisoned delivery in the DLQ' },
    );
    expect(JSON.parse(dead.Body!)).toMatchObject({ centerId: 'c-nowhere' });
  });

  it('counts a redelivered message once', async () => {
    const res = await districtStaff.post<{ menuId: string }>('/centers/c-gucun/menus', {
      content: EXAMPLE_COURSE,
    });
    const below = await subtreeBelow('c-gucun');
    await settled(res.json.menuId, 1, below.length);
    for (let i = 0; i < 3; i++) {
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: queueUrl('menuDeliveries'),
          MessageBody: JSON.stringify({ menuId: res.json.menuId, revision: 1, centerId: below[0]!.id }),
        }),
      );
    }
    await pollUntil(
      async () => {
        const { Attributes } = await sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl: queueUrl('menuDeliveries'),
            AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
          }),
        );
        return (
          Attributes?.ApproximateNumberOfMessages === '0' &&
          Attributes.ApproximateNumberOfMessagesNotVisible === '0'
        );
      },
      { timeoutMs: 10_000, description: 'the redeliveries consumed' },
    );
    const menu = await menuOf(res.json.menuId);
    expect(menu.progress).toMatchObject({ delivered: below.length, failed: 0, done: true });
    expect((await copiesAt(below[0]!.id)).filter((copy) => copy.menuId === res.json.menuId)).toHaveLength(1);
  });
});
