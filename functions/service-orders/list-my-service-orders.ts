import { assertPerson } from '../../shared/domain/service-order-access.ts';
import { MyOrdersQuery, publicOrder } from '../../shared/domain/service-order-requests.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { ok } from '../../shared/runtime/responses.ts';
import { listResidentOrders } from '../../shared/store/service-orders.ts';

const options = { query: MyOrdersQuery } as const;

/** The caller's own orders, newest first. */
export const run: Run<typeof options> = async ({ query, principal }) => {
  assertPerson(principal);
  const page = await listResidentOrders(principal.sub, query.status, query.limit, query.cursor);
  return ok({ items: page.items.map(publicOrder), nextCursor: page.nextCursor });
};

export const handler = httpHandler(options, run);
