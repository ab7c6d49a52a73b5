import { publicCourseOrder } from '../../shared/domain/course-order.ts';
import { assertCanReadCourseOrder } from '../../shared/domain/course-order-access.ts';
import { CourseOrderParams } from '../../shared/domain/course-order-requests.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { ok } from '../../shared/runtime/responses.ts';
import { requireCourseOrder } from '../../shared/store/course-orders.ts';

const options = { params: CourseOrderParams } as const;

/** One course order with its whole history: whoever placed it, staff of both centers, admins. */
export const run: Run<typeof options> = async ({ params, principal }) => {
  const order = await requireCourseOrder(params.id);
  assertCanReadCourseOrder(principal, order);
  return ok(publicCourseOrder(order), order.version);
};

export const handler = httpHandler(options, run);
