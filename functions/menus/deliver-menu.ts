import * as z from 'zod';
import { queues } from '../../infra/resources.ts';
import { addresseeOf, DeliveryMessage } from '../../shared/domain/menu-messages.ts';
import { logger } from '../../shared/runtime/powertools.ts';
import { sqsHandler } from '../../shared/runtime/sqs.ts';
import { deliverToCenter, getMenu, recordFailure } from '../../shared/store/menus.ts';

/** Receives before SQS moves a delivery to the DLQ: the last one records the failure. */
const LAST_RECEIVE = queues.menuDeliveries.maxReceiveCount;

/** A delivery that cannot succeed however often it is retried. */
export class UndeliverableError extends Error {
  override readonly name = 'UndeliverableError';
}

/**
 * Stores one revision of a menu at one center (idempotent: see `deliverToCenter`). A delivery
 * that cannot succeed (a malformed message, a center that no longer exists) is recorded as
 * failed at once, with its center and reason, and still thrown, so it ends in the DLQ for an
 * operator; any other error is retried, and its last attempt records the failure before the
 * message moves to the DLQ. So a center that could not be reached is counted and named in the
 * menu's progress, never silently missing.
 */
export async function run(body: unknown, receiveCount: number): Promise<void> {
  const now = new Date().toISOString();
  const parsed = DeliveryMessage.safeParse(body);
  if (!parsed.success) {
    const to = addresseeOf(body);
    const reason = `malformed delivery message: ${z.prettifyError(parsed.error).replaceAll('\n', ' ')}`;
    if (to) await recordFailure(to.menuId, to.revision, to.centerId, reason, now);
    throw new UndeliverableError(reason);
  }
  const { menuId, revision, centerId } = parsed.data;
  const menu = await getMenu(menuId);
  if (!menu) {
    logger.warn('delivery of an unknown menu; dropped', { menuId, revision, centerId });
    return;
  }
  try {
    const result = await deliverToCenter(menu, revision, centerId, now);
    if (result.kind === 'center-gone') {
      const reason = `center ${centerId} does not exist`;
      await recordFailure(menuId, revision, centerId, reason, now);
      throw new UndeliverableError(reason);
    }
  } catch (error) {
    if (!(error instanceof UndeliverableError) && receiveCount >= LAST_RECEIVE) {
      const reason = `gave up after ${receiveCount} attempts: ${(error as Error).message}`;
      await recordFailure(menuId, revision, centerId, reason, now);
    }
    throw error;
  }
}

export const handler = sqsHandler(z.unknown(), (body, record) =>
  run(body, Number(record.attributes.ApproximateReceiveCount) || 1),
);
