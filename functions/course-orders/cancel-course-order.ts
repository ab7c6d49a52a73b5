import { endCourseOrder, publicCourseOrder } from '../../shared/domain/course-order.ts';
import { assertCanCancelCourseOrder, checkCourseIfMatch } from '../../shared/domain/course-order-access.ts';
import { CourseOrderParams, EndCourseOrderSchema } from '../../shared/domain/course-order-requests.ts';
import { who } from '../../shared/domain/service-order-access.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { ok } from '../../shared/runtime/responses.ts';
import { changeCourseOrder } from '../../shared/store/course-orders.ts';

const options = { params: CourseOrderParams, body: EndCourseOrderSchema } as const;

/** The ordering side calls off a requested or scheduled course, with the reason; a room booked for it is freed. */
export const run: Run<typeof options> = async ({ params, body, principal, headers }) => {
  const next = await changeCourseOrder(params.id, 'cancel', (order) => {
    assertCanCancelCourseOrder(principal, order);
    checkCourseIfMatch(headers['if-match'], order);
    return endCourseOrder(order, 'cancel', body.reason, who(principal), new Date().toISOString());
  });
  return ok(publicCourseOrder(next), next.version);
};

export const handler = httpHandler(options, run);
