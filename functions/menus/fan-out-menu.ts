import { FanOutMessage } from '../../shared/domain/menu-messages.ts';
import { hasTimeForPage } from '../../shared/domain/menus.ts';
import { logger } from '../../shared/runtime/powertools.ts';
import { sqsHandler } from '../../shared/runtime/sqs.ts';
import { advanceFanOut, getFanOut, getMenu, handBackFanOut, scopePage } from '../../shared/store/menus.ts';
import { sendMessages } from '../../shared/store/queue.ts';

/** Batches of ten in flight at once: a page of a thousand centers is a hundred sends. */
const SEND_CONCURRENCY = 10;

/**
 * The coordinator of one revision: pages through the publisher's subtree in this one invocation,
 * queues a delivery per center in scope (SendMessageBatch, ten a call) and records its place
 * after each page. It never queues the rest of its work to its own queue, so no chain of
 * invocations grows with the network (Lambda stops a chain after 16); short of time, it hands
 * the fan-out to the reconciler, whose schedule starts a new chain from the recorded place.
 *
 * A redelivered message resumes from the recorded place: a page queued twice (a crash before
 * its place was recorded) only repeats deliveries, which count nothing twice. Of two deliveries
 * racing, the one whose record lands first goes on; the other stops.
 */
export async function run(
  { menuId, revision }: FanOutMessage,
  remainingMs: () => number = () => Number.POSITIVE_INFINITY,
): Promise<void> {
  const [fanOut, menu] = await Promise.all([getFanOut(menuId, revision), getMenu(menuId)]);
  if (!fanOut || !menu) {
    logger.warn('fan-out message for an unknown menu revision; dropped', { menuId, revision });
    return;
  }
  if (fanOut.enqueuedAll) return;
  let from = fanOut.cursor;
  let slowestPageMs = 0;
  for (;;) {
    if (!hasTimeForPage(remainingMs(), slowestPageMs)) {
      await handBackFanOut(menuId, revision);
      logger.info('fan-out handed to the reconciler for lack of time', { menuId, revision });
      return;
    }
    const started = Date.now();
    const page = await scopePage(menu.publisherPath, menu.scope, from);
    await sendMessages(
      'menuDeliveries',
      page.centers.map((center) => ({ menuId, revision, centerId: center.id })),
      { concurrency: SEND_CONCURRENCY },
    );
    const advanced = await advanceFanOut(
      menuId,
      revision,
      from,
      page.next,
      page.centers.length,
      new Date().toISOString(),
    );
    if (!advanced || page.next === undefined) return;
    from = page.next;
    slowestPageMs = Math.max(slowestPageMs, Date.now() - started);
  }
}

export const handler = sqsHandler(FanOutMessage, (message, _record, context) =>
  run(message, () => context.getRemainingTimeInMillis()),
);
