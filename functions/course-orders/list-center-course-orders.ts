import { publicCourseOrder } from '../../shared/domain/course-order.ts';
import { assertCanListCenterCourseOrders } from '../../shared/domain/course-order-access.ts';
import { CenterCourseOrdersQuery } from '../../shared/domain/course-order-requests.ts';
import { CenterParams } from '../../shared/domain/params.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { ok } from '../../shared/runtime/responses.ts';
import { requireCenter } from '../../shared/store/centers.ts';
import { listCenterCourseOrders } from '../../shared/store/course-orders.ts';

const options = { params: CenterParams, query: CenterCourseOrdersQuery } as const;

/**
 * A center's course orders, as the provider (those it gives) or as the orderer (placed at or for
 * it), grouped by status in lifecycle order, oldest first within a status.
 */
export const run: Run<typeof options> = async ({ params, query, principal }) => {
  const center = await requireCenter(params.id);
  assertCanListCenterCourseOrders(principal, center.path);
  const page = await listCenterCourseOrders(center.id, query.role, query.status, query.limit, query.cursor);
  return ok({ items: page.items.map(publicCourseOrder), nextCursor: page.nextCursor });
};

export const handler = httpHandler(options, run);
