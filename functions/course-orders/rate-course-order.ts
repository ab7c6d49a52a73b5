import { publicCourseOrder, rateCourseOrder } from '../../shared/domain/course-order.ts';
import { assertCanRateCourseOrder, checkCourseIfMatch } from '../../shared/domain/course-order-access.ts';
import { CourseOrderParams, RateCourseOrderSchema } from '../../shared/domain/course-order-requests.ts';
import { who } from '../../shared/domain/service-order-access.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { ok } from '../../shared/runtime/responses.ts';
import { changeCourseOrder } from '../../shared/store/course-orders.ts';

const options = { params: CourseOrderParams, body: RateCourseOrderSchema } as const;

/** The audience rates a delivered course: the resident who asked, or the receiving center's staff. */
export const run: Run<typeof options> = async ({ params, body, principal, headers }) => {
  const next = await changeCourseOrder(params.id, 'rate', (order) => {
    assertCanRateCourseOrder(principal, order);
    checkCourseIfMatch(headers['if-match'], order);
    return rateCourseOrder(order, body, who(principal), new Date().toISOString());
  });
  return ok(publicCourseOrder(next), next.version);
};

export const handler = httpHandler(options, run);
