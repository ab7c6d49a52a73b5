import { CenterParams } from '../../shared/domain/params.ts';
import { assertCanSuperviseCenter } from '../../shared/domain/service-order-access.ts';
import { CenterOrdersQuery, publicOrder } from '../../shared/domain/service-order-requests.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { ok } from '../../shared/runtime/responses.ts';
import { requireCenter } from '../../shared/store/centers.ts';
import { listSubtreeOrders } from '../../shared/store/service-orders.ts';

const options = { params: CenterParams, query: CenterOrdersQuery } as const;

/**
 * Orders at the center and every center below it (staff of the center or above, admins), by
 * status, only the overdue ones, or only those with an open follow-up.
 */
export const run: Run<typeof options> = async ({ params, query, principal }) => {
  const center = await requireCenter(params.id);
  assertCanSuperviseCenter(principal, center.path);
  const { limit, cursor, ...filter } = query;
  const page = await listSubtreeOrders(center.path, filter, limit, cursor);
  return ok({ items: page.items.map(publicOrder), nextCursor: page.nextCursor });
};

export const handler = httpHandler(options, run);
