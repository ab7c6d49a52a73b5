import { applyChange } from '../../shared/domain/service-order.ts';
import { assertCanHandleOrder, checkOptionalIfMatch, who } from '../../shared/domain/service-order-access.ts';
import {
  CompleteOrderSchema,
  publicOrder,
  ServiceOrderParams,
} from '../../shared/domain/service-order-requests.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { ok } from '../../shared/runtime/responses.ts';
import { changeOrder } from '../../shared/store/service-orders.ts';

const options = { params: ServiceOrderParams, body: CompleteOrderSchema } as const;

/** Staff record the result of an accepted order; an order not accepted is 409. */
export const run: Run<typeof options> = async ({ params, body, principal, headers }) => {
  const next = await changeOrder(params.id, (order) => {
    assertCanHandleOrder(principal, order);
    checkOptionalIfMatch(headers['if-match'], order);
    const at = new Date().toISOString();
    return applyChange(
      order,
      { action: 'complete', by: who(principal), at, note: body.result },
      {
        result: body.result,
        completedAt: at,
        ...(body.peopleServed === undefined ? {} : { peopleServed: body.peopleServed }),
      },
    );
  });
  return ok(publicOrder(next), next.version);
};

export const handler = httpHandler(options, run);
