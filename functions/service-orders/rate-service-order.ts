import { applyChange, deadline, FOLLOW_UP_LIMIT, needsFollowUp } from '../../shared/domain/service-order.ts';
import { assertCanRateOrder, checkOptionalIfMatch, who } from '../../shared/domain/service-order-access.ts';
import {
  publicOrder,
  RateOrderSchema,
  ServiceOrderParams,
} from '../../shared/domain/service-order-requests.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { ok } from '../../shared/runtime/responses.ts';
import { orderCalendar } from '../../shared/store/order-calendar.ts';
import { changeOrder } from '../../shared/store/service-orders.ts';

const options = { params: ServiceOrderParams, body: RateOrderSchema } as const;

/**
 * The resident rates a completed order. Dissatisfied or worse opens a follow-up on the center
 * that handled it, with its own limit of 15 working days.
 */
export const run: Run<typeof options> = async ({ params, body, principal, headers }) => {
  const start = Date.now();
  const lookup = await orderCalendar(start);
  const next = await changeOrder(params.id, (order) => {
    assertCanRateOrder(principal, order);
    checkOptionalIfMatch(headers['if-match'], order);
    const at = new Date(start).toISOString();
    const followUp =
      needsFollowUp(body.level) && order.assignedCenterId
        ? {
            status: 'open' as const,
            dueAt: deadline(start, FOLLOW_UP_LIMIT, order.timeZone, lookup).dueAt,
            centerId: order.assignedCenterId,
            openedAt: at,
          }
        : undefined;
    const note = [body.level, body.comment, followUp ? `follow-up opened at ${followUp.centerId}` : undefined]
      .filter(Boolean)
      .join('; ');
    return applyChange(
      order,
      { action: 'rate', by: who(principal), at, note },
      {
        rating: { level: body.level, ...(body.comment ? { comment: body.comment } : {}), at },
        ...(followUp ? { followUp } : {}),
      },
    );
  });
  return ok(publicOrder(next), next.version);
};

export const handler = httpHandler(options, run);
