import { applyChange } from '../../shared/domain/service-order.ts';
import { assertCanHandleOrder, checkOptionalIfMatch, who } from '../../shared/domain/service-order-access.ts';
import {
  publicOrder,
  RejectOrderSchema,
  ServiceOrderParams,
} from '../../shared/domain/service-order-requests.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { ok } from '../../shared/runtime/responses.ts';
import { changeOrder } from '../../shared/store/service-orders.ts';

const options = { params: ServiceOrderParams, body: RejectOrderSchema } as const;

/** Staff turn down an assigned or accepted order, saying why and where to go instead. */
export const run: Run<typeof options> = async ({ params, body, principal, headers }) => {
  const next = await changeOrder(params.id, (order) => {
    assertCanHandleOrder(principal, order);
    checkOptionalIfMatch(headers['if-match'], order);
    const note = body.goTo ? `${body.reason}; go to: ${body.goTo}` : body.reason;
    return applyChange(
      order,
      { action: 'reject', by: who(principal), at: new Date().toISOString(), note },
      { rejection: { reason: body.reason, ...(body.goTo ? { goTo: body.goTo } : {}) } },
    );
  });
  return ok(publicOrder(next), next.version);
};

export const handler = httpHandler(options, run);
