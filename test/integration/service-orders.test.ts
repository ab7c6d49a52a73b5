import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as assign } from '../../functions/service-orders/assign-order.ts';
import { run as createOrder } from '../../functions/service-orders/create-service-order.ts';
import { run as listCenterOrders } from '../../functions/service-orders/list-center-service-orders.ts';
import { run as reconcile } from '../../functions/service-orders/reconcile-service-orders.ts';
import type { Principal } from '../../shared/domain/auth.ts';
import { ConflictError } from '../../shared/domain/errors.ts';
import type { ServiceOrder } from '../../shared/domain/service-order.ts';
import { applyChange } from '../../shared/domain/service-order.ts';
import { changeOrder, getOrder } from '../../shared/store/service-orders.ts';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';

/**
 * The order consumer, the reconciler and guarded changes against DynamoDB Local and the SQS
 * emulator, called directly (pollers off) so each delivery is under the test's control.
 */

let platform: TestPlatform;
const resident: Principal = { kind: 'user', sub: 'resident-zhou', role: 'resident' };
const staffA: Principal = { kind: 'user', sub: 'staff-a', role: 'staff', centerId: 'c-youyi' };
const staffB: Principal = { kind: 'user', sub: 'staff-b', role: 'staff', centerId: 'c-youyi' };

async function place(serviceCode: string, centerId: string, attributes: Record<string, unknown>) {
  const result = await createOrder({
    body: { serviceCode, centerId, attributes },
    principal: resident,
    query: undefined,
    params: undefined,
    headers: {},
    requestId: 'test',
  });
  expect(result.status).toBe(201);
  return result.body as ServiceOrder;
}

const placeStreetOrder = () =>
  place('social-security-card', 'c-youyi-a', { reason: '遗失 lost', cardHolder: '周先生' });

/** Receives whatever is in `url` (a few rounds), deletes it, and returns the bodies. */
async function drain(url: string): Promise<unknown[]> {
  const sqs = new SQSClient({});
  const bodies: unknown[] = [];
  for (let round = 0; round < 3; round++) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
    );
    for (const message of Messages) {
      bodies.push(JSON.parse(message.Body!));
      await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message.ReceiptHandle! }));
    }
  }
  return bodies;
}

beforeAll(async () => {
  platform = await startTestPlatform({ seed: true, pollers: false });
});
afterAll(async () => {
  await platform?.stop();
});

describe('the order consumer', () => {
  it('assigns once: a redelivered or concurrent message changes nothing', async () => {
    const order = await placeStreetOrder();
    const queued = await drain(platform.resources.queues.ordersStreet!.url);
    expect(queued).toContainEqual({ orderId: order.id });

    await Promise.all([assign({ orderId: order.id }, 'street'), assign({ orderId: order.id }, 'street')]);
    const first = await getOrder(order.id);
    expect(first).toMatchObject({ status: 'assigned', assignedCenterId: 'c-youyi', version: 2 });
    expect(first?.history.filter((h) => h.action === 'assign')).toHaveLength(1);

    await assign({ orderId: order.id }, 'street'); // redelivery
    expect((await getOrder(order.id))?.version).toBe(2);
  });

  it('leaves an order alone once it has moved on (accepted, cancelled)', async () => {
    const accepted = await placeStreetOrder();
    await assign({ orderId: accepted.id });
    await changeOrder(accepted.id, (o) =>
      applyChange(o, { action: 'accept', by: 'staff staff-a', at: new Date().toISOString() }),
    );
    await assign({ orderId: accepted.id });
    expect(await getOrder(accepted.id)).toMatchObject({ status: 'accepted', version: 3 });

    const cancelled = await placeStreetOrder();
    await changeOrder(cancelled.id, (o) =>
      applyChange(o, { action: 'cancel', by: 'resident resident-zhou', at: new Date().toISOString() }),
    );
    await assign({ orderId: cancelled.id });
    expect(await getOrder(cancelled.id)).toMatchObject({ status: 'cancelled', version: 2 });
    expect((await getOrder(cancelled.id))?.assignedCenterId).toBeUndefined();
  });

  it('drops a message for an order that does not exist', async () => {
    await expect(assign({ orderId: 'so-never-stored' })).resolves.toBeUndefined();
  });
});

describe('two staff accepting at once', () => {
  it('lets exactly one win; the other gets 409 saying the order is accepted', async () => {
    const order = await placeStreetOrder();
    await assign({ orderId: order.id });
    const accept = (by: Principal & { kind: 'user' }) =>
      changeOrder(order.id, (o) =>
        applyChange(
          o,
          { action: 'accept', by: `staff ${by.sub}`, at: new Date().toISOString() },
          {
            acceptedBy: `staff ${by.sub}`,
          },
        ),
      );
    const results = await Promise.allSettled([
      accept(staffA as Principal & { kind: 'user' }),
      accept(staffB as Principal & { kind: 'user' }),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toBeInstanceOf(ConflictError);
    expect((lost[0]!.reason as Error).message).toBe('cannot accept an order that is accepted');
    const stored = await getOrder(order.id);
    expect(stored?.history.filter((h) => h.action === 'accept')).toHaveLength(1);
    expect(stored?.acceptedBy).toBe((won[0] as PromiseFulfilledResult<ServiceOrder>).value.acceptedBy);
  });
});

describe('reconcile-service-orders', () => {
  it('sends an order whose first send failed, and the consumer then assigns it', async () => {
    const realUrl = process.env.QUEUE_ORDERS_DISTRICT_URL!;
    process.env.QUEUE_ORDERS_DISTRICT_URL = `${realUrl}-missing`;
    let order: ServiceOrder;
    try {
      order = await place('legal-aid-application', 'c-youyi-b', {
        caseType: '民事 civil',
        summary: '欠薪',
        monthlyIncome: 2000,
      });
    } finally {
      process.env.QUEUE_ORDERS_DISTRICT_URL = realUrl;
    }
    // stored, not queued
    expect((await getOrder(order.id))?.status).toBe('submitted');
    expect(await drain(realUrl)).toEqual([]);
    expect((await reconcile(new Date())).resent).toBe(0); // not stuck long enough yet

    const later = new Date(Date.now() + 3 * 60 * 1000);
    expect((await reconcile(later)).resent).toBeGreaterThanOrEqual(1);
    const messages = await drain(realUrl);
    expect(messages).toContainEqual({ orderId: order.id });
    // the reconciler waits again before re-sending the same order
    expect((await reconcile(new Date(later.getTime() + 1000))).resent).toBe(0);

    for (const message of messages) await assign(message as { orderId: string }, 'district');
    expect(await getOrder(order.id)).toMatchObject({ status: 'assigned', assignedCenterId: 'c-baoshan' });
    expect((await reconcile(new Date(Date.now() + 60 * 60 * 1000))).resent).toBe(0);
  });
});

describe('an order no consumer can assign', () => {
  it('is sent 5 times, then marked routing-failed with the reason, for the intake staff, and cancellable', async () => {
    const order = await placeStreetOrder();
    const queueUrl = process.env.QUEUE_ORDERS_STREET_URL!;
    await drain(queueUrl); // the consumer never gets it: every delivery "fails"
    const start = Date.now() + 60 * 60 * 1000; // past every other test's orders
    const ticks: { resent: number; routingFailed: number }[] = [];
    for (let tick = 0; tick < 5; tick++) {
      ticks.push(await reconcile(new Date(start + tick * 3 * 60 * 1000)));
      await drain(queueUrl);
    }
    // the first send was the create's: four re-sends, then it is given up on
    expect(ticks.map((t) => t.routingFailed).reduce((a, b) => a + b)).toBeGreaterThanOrEqual(1);
    const failed = await getOrder(order.id);
    expect(failed).toMatchObject({
      status: 'routing-failed',
      assignedCenterId: 'c-youyi-a',
      routingFailure: { sends: 5 },
    });
    expect(failed?.routingFailure?.reason).toMatch(
      /no center was assigned after 5 sends to the street queue/,
    );
    expect(failed?.history.at(-1)).toMatchObject({
      action: 'fail-routing',
      by: 'system',
      to: 'routing-failed',
    });
    // not sent again
    expect((await reconcile(new Date(start + 60 * 60 * 1000))).resent).toBe(0);
    expect(await drain(queueUrl)).not.toContainEqual({ orderId: order.id });

    const listed = await listCenterOrders({
      params: { id: 'c-youyi' },
      query: { status: 'routing-failed', limit: 50 },
      principal: staffA,
      body: undefined,
      headers: {},
      requestId: 'test',
    });
    expect((listed.body as { items: ServiceOrder[] }).items.map((o) => o.id)).toContain(order.id);
    const cancelled = applyChange(failed!, {
      action: 'cancel',
      by: 'staff staff-a',
      at: new Date().toISOString(),
    });
    expect(cancelled.status).toBe('cancelled');
  });
});
