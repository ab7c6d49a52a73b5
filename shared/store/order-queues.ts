import type { QueueName } from '../../infra/resources.ts';
import type { Level } from '../domain/levels.ts';
import type { OrderMessage } from '../domain/service-order-requests.ts';
import { sendMessages } from './queue.ts';

/** The queue of each handling level: an order travels to the consumer of its service's level. */
export const ORDER_QUEUES: Readonly<Record<Level, QueueName>> = {
  city: 'ordersCity',
  district: 'ordersDistrict',
  street: 'ordersStreet',
  community: 'ordersCommunity',
};

/** Sends each order to its level's queue (batches of ten); throws if any send fails. */
export async function enqueueOrders(
  orders: readonly { readonly id: string; readonly handlingLevel: Level }[],
): Promise<void> {
  const byLevel = new Map<Level, OrderMessage[]>();
  for (const order of orders) {
    const list = byLevel.get(order.handlingLevel) ?? [];
    list.push({ orderId: order.id });
    byLevel.set(order.handlingLevel, list);
  }
  await Promise.all([...byLevel].map(([level, messages]) => sendMessages(ORDER_QUEUES[level], messages)));
}
