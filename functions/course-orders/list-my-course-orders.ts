import { publicCourseOrder } from '../../shared/domain/course-order.ts';
import { MyCourseOrdersQuery } from '../../shared/domain/course-order-requests.ts';
import { assertPerson } from '../../shared/domain/service-order-access.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { ok } from '../../shared/runtime/responses.ts';
import { listPlacedCourseOrders } from '../../shared/store/course-orders.ts';

const options = { query: MyCourseOrdersQuery } as const;

/** The course orders the caller placed (a resident's requests, a staff member's orders), newest first. */
export const run: Run<typeof options> = async ({ query, principal }) => {
  assertPerson(principal);
  const page = await listPlacedCourseOrders(principal.sub, query.limit, query.cursor);
  return ok({ items: page.items.map(publicCourseOrder), nextCursor: page.nextCursor });
};

export const handler = httpHandler(options, run);
