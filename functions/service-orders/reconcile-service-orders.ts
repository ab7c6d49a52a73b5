import { scheduleHandler } from '../../shared/runtime/schedule.ts';
import { enqueueOrders } from '../../shared/store/order-queues.ts';
import { listUnrouted, touchUnrouted } from '../../shared/store/service-orders.ts';

/** An order still unassigned this long after it was placed (or last re-sent) is sent again. */
export const UNROUTED_AFTER_MS = 2 * 60 * 1000;

/**
 * Re-sends every order still `submitted` after UNROUTED_AFTER_MS: its first send failed, its
 * message was lost with a restarted local queue, or it is in a DLQ. Safe at any time: the
 * consumer leaves orders that are no longer submitted alone.
 */
export async function run(now: Date): Promise<{ resent: number }> {
  const stuck = await listUnrouted(new Date(now.getTime() - UNROUTED_AFTER_MS).toISOString());
  if (stuck.length === 0) return { resent: 0 };
  await enqueueOrders(stuck);
  await Promise.all(stuck.map((order) => touchUnrouted(order, now.toISOString())));
  return { resent: stuck.length };
}

export const handler = scheduleHandler(run);
