import { assertCanReadOrder } from '../../shared/domain/service-order-access.ts';
import { publicOrder, ServiceOrderParams } from '../../shared/domain/service-order-requests.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { ok } from '../../shared/runtime/responses.ts';
import { requireOrder } from '../../shared/store/service-orders.ts';

const options = { params: ServiceOrderParams } as const;

/** One order with its whole history; the resident who placed it, staff of its centers, admins. */
export const run: Run<typeof options> = async ({ params, principal }) => {
  const order = await requireOrder(params.id);
  assertCanReadOrder(principal, order);
  return ok(publicOrder(order), order.version);
};

export const handler = httpHandler(options, run);
