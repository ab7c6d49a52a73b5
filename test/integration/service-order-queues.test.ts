import { type Message, ReceiveMessageCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as reconcile } from '../../functions/service-orders/reconcile-service-orders.ts';
import type { ServiceOrder } from '../../shared/domain/service-order.ts';
import { getOrder } from '../../shared/store/service-orders.ts';
import { type ApiClient, pollUntil, startTestPlatform, type TestPlatform } from '../support/platform.ts';

/**
 * The level queues with their pollers on, as Lambda's event source mapping runs them: partial
 * batch failures, a 1 s visibility timeout so failures come back quickly, the DLQ after
 * maxReceiveCount, and the reconciler behind a failed send.
 */

let platform: TestPlatform;
let resident: ApiClient;
let sqs: SQSClient;

const STREET_ORDER = {
  serviceCode: 'social-security-card',
  centerId: 'c-wusong-a',
  attributes: { reason: '损坏 damaged', cardHolder: '陈先生' },
};

/** Places an order while its level's queue is unreachable: stored, never sent. */
async function placeUnsent(envVar: string, body: object): Promise<ServiceOrder> {
  const realUrl = process.env[envVar]!;
  process.env[envVar] = `${realUrl}-missing`;
  try {
    const res = await resident.post<ServiceOrder>('/service-orders', body);
    expect(res.status, res.text).toBe(201);
    return res.json;
  } finally {
    process.env[envVar] = realUrl;
  }
}

beforeAll(async () => {
  platform = await startTestPlatform({ seed: true, queueVisibilityTimeoutSeconds: 1 });
  resident = platform.api(await platform.mintToken({ role: 'resident', sub: 'resident-chen' }));
  sqs = new SQSClient({});
});
afterAll(async () => {
  sqs?.destroy();
  await platform?.stop();
});

describe('the street order queue', () => {
  it('processes the good messages of a batch and sends the poison ones to the DLQ after maxReceiveCount', async () => {
    const queue = platform.resources.queues.ordersStreet!;
    const orders = [
      await placeUnsent('QUEUE_ORDERS_STREET_URL', STREET_ORDER),
      await placeUnsent('QUEUE_ORDERS_STREET_URL', STREET_ORDER),
    ];
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queue.url,
        Entries: [
          { Id: 'a', MessageBody: JSON.stringify({ orderId: orders[0]!.id }) },
          { Id: 'poison-json', MessageBody: '{"orderId": ' },
          { Id: 'poison-shape', MessageBody: JSON.stringify({ order: 'BAD ID' }) },
          { Id: 'b', MessageBody: JSON.stringify({ orderId: orders[1]!.id }) },
        ],
      }),
    );

    for (const order of orders) {
      const assigned = await pollUntil(async () => {
        const stored = await getOrder(order.id);
        return stored?.status === 'assigned' ? stored : undefined;
      });
      expect(assigned.assignedCenterId).toBe('c-wusong');
    }

    const received: Message[] = [];
    const dead = await pollUntil(
      async () => {
        const { Messages = [] } = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: queue.dlqUrl,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: 1,
            VisibilityTimeout: 30,
            MessageSystemAttributeNames: ['All'],
          }),
        );
        received.push(...Messages);
        return received.length >= 2 ? received : undefined;
      },
      { timeoutMs: 25_000, intervalMs: 200, description: 'both poison messages in the DLQ' },
    );
    expect(dead.map((m) => m.Body).sort()).toEqual(['{"order":"BAD ID"}', '{"orderId": ']);
    // the good ones were assigned once, not once per redelivery of the batch
    for (const order of orders) expect((await getOrder(order.id))?.version).toBe(2);
  }, 40_000);

  it('changes nothing when an assigned order is delivered again, several times', async () => {
    const queue = platform.resources.queues.ordersStreet!;
    const res = await resident.post<ServiceOrder>('/service-orders', STREET_ORDER);
    const assigned = await pollUntil(async () => {
      const stored = await getOrder(res.json.id);
      return stored?.status === 'assigned' ? stored : undefined;
    });
    const body = JSON.stringify({ orderId: res.json.id });
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queue.url,
        Entries: [1, 2, 3].map((n) => ({ Id: String(n), MessageBody: body })),
      }),
    );
    // the queue drains (each delivery succeeds), and the order is as it was
    await pollUntil(async () => {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queue.url,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 0,
          VisibilityTimeout: 0,
        }),
      );
      return Messages.length === 0;
    });
    await new Promise((r) => setTimeout(r, 500));
    const after = await getOrder(res.json.id);
    expect(after).toEqual(assigned);
  });
});

describe('a failed send', () => {
  it('leaves the order stored and submitted; the reconciler sends it and the consumer assigns it', async () => {
    const order = await placeUnsent('QUEUE_ORDERS_COMMUNITY_URL', {
      serviceCode: 'red-agency',
      centerId: 'c-wusong-b',
      attributes: { matter: '代缴水费', pickup: '到站 at the center' },
    });
    await new Promise((r) => setTimeout(r, 1500));
    expect((await getOrder(order.id))?.status).toBe('submitted');

    // the schedule, a few minutes later
    const { resent } = await reconcile(new Date(Date.now() + 3 * 60 * 1000));
    expect(resent).toBeGreaterThanOrEqual(1);
    const assigned = await pollUntil(async () => {
      const stored = await getOrder(order.id);
      return stored?.status === 'assigned' ? stored : undefined;
    });
    expect(assigned.assignedCenterId).toBe('c-wusong-b');
    const view = await resident.get<ServiceOrder>(`/service-orders/${order.id}`);
    expect(view.json.status).toBe('assigned');
  });
});
