import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { failRouting } from '../../shared/domain/service-order.ts';
import { logger, metrics } from '../../shared/runtime/powertools.ts';
import { scheduleHandler } from '../../shared/runtime/schedule.ts';
import { enqueueOrders } from '../../shared/store/order-queues.ts';
import { listUnrouted, replaceOrder, touchUnrouted } from '../../shared/store/service-orders.ts';

/** An order still unassigned this long after it was placed (or last re-sent) is sent again. */
export const UNROUTED_AFTER_MS = 2 * 60 * 1000;

/** The metric the routing-failed alarm watches. */
export const ROUTING_FAILED_METRIC = 'serviceOrdersRoutingFailed';

/**
 * Re-sends every order still `submitted` after UNROUTED_AFTER_MS: its first send failed, its
 * message was lost with a restarted local queue, or it is in a DLQ. Safe at any time: the
 * consumer leaves orders that are no longer submitted alone. An order sent MAX_ROUTING_SENDS
 * times without being assigned is not sent again: it becomes routing-failed, for the intake
 * center's staff, and the metric above makes the alarm fire.
 */
export async function run(now: Date): Promise<{ resent: number; routingFailed: number }> {
  const at = now.toISOString();
  const stuck = await listUnrouted(new Date(now.getTime() - UNROUTED_AFTER_MS).toISOString());
  const resend: typeof stuck = [];
  let routingFailed = 0;
  for (const order of stuck) {
    const failed = failRouting(order, order.routingSends ?? 1, at);
    if (!failed) {
      resend.push(order);
      continue;
    }
    if (await replaceOrder(order, failed)) routingFailed++;
  }
  if (routingFailed > 0) {
    metrics.addMetric(ROUTING_FAILED_METRIC, MetricUnit.Count, routingFailed);
    logger.error('service orders could not be routed', { routingFailed });
  }
  if (resend.length > 0) {
    await enqueueOrders(resend);
    await Promise.all(resend.map((order) => touchUnrouted(order, at)));
  }
  return { resent: resend.length, routingFailed };
}

export const handler = scheduleHandler(run);
