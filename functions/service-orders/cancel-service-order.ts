import { applyChange } from '../../shared/domain/service-order.ts';
import { assertCanCancelOrder, checkOptionalIfMatch, who } from '../../shared/domain/service-order-access.ts';
import {
  CancelOrderSchema,
  publicOrder,
  ServiceOrderParams,
} from '../../shared/domain/service-order-requests.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { ok } from '../../shared/runtime/responses.ts';
import { changeOrder } from '../../shared/store/service-orders.ts';

const options = { params: ServiceOrderParams, body: CancelOrderSchema } as const;

/** The resident withdraws an order that is not done yet (submitted, assigned or accepted). */
export const run: Run<typeof options> = async ({ params, body, principal, headers }) => {
  const next = await changeOrder(params.id, (order) => {
    assertCanCancelOrder(principal, order);
    checkOptionalIfMatch(headers['if-match'], order);
    return applyChange(order, {
      action: 'cancel',
      by: who(principal),
      at: new Date().toISOString(),
      ...(body.reason ? { note: body.reason } : {}),
    });
  });
  return ok(publicOrder(next), next.version);
};

export const handler = httpHandler(options, run);
