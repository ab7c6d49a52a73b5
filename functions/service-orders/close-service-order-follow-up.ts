import { ConflictError } from '../../shared/domain/errors.ts';
import { annotate } from '../../shared/domain/service-order.ts';
import { assertCanHandleOrder, checkOptionalIfMatch, who } from '../../shared/domain/service-order-access.ts';
import {
  CloseFollowUpSchema,
  publicOrder,
  ServiceOrderParams,
} from '../../shared/domain/service-order-requests.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { ok } from '../../shared/runtime/responses.ts';
import { changeOrder } from '../../shared/store/service-orders.ts';

const options = { params: ServiceOrderParams, body: CloseFollowUpSchema } as const;

/** Staff of the handling center close the follow-up a dissatisfied rating opened, saying what was done. */
export const run: Run<typeof options> = async ({ params, body, principal, headers }) => {
  const next = await changeOrder(params.id, (order) => {
    assertCanHandleOrder(principal, order);
    checkOptionalIfMatch(headers['if-match'], order);
    if (order.followUp?.status !== 'open') {
      throw new ConflictError(
        order.followUp ? 'the follow-up is already closed' : 'the order has no follow-up',
        { orderStatus: order.status, followUp: order.followUp?.status ?? null },
      );
    }
    const at = new Date().toISOString();
    return annotate(
      order,
      { action: 'close-follow-up', by: who(principal), at, note: body.note },
      { followUp: { ...order.followUp, status: 'closed', closedAt: at, note: body.note } },
    );
  });
  return ok(publicOrder(next), next.version);
};

export const handler = httpHandler(options, run);
