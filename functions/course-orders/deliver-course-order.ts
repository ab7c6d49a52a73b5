import { deliverCourseOrder, publicCourseOrder } from '../../shared/domain/course-order.ts';
import { assertCanProvide, checkCourseIfMatch } from '../../shared/domain/course-order-access.ts';
import { CourseOrderParams, DeliverCourseOrderSchema } from '../../shared/domain/course-order-requests.ts';
import { who } from '../../shared/domain/service-order-access.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { ok } from '../../shared/runtime/responses.ts';
import { changeCourseOrder } from '../../shared/store/course-orders.ts';

const options = { params: CourseOrderParams, body: DeliverCourseOrderSchema } as const;

/** The providing center records that the course was given: the headcount, and who checked in. */
export const run: Run<typeof options> = async ({ params, body, principal, headers }) => {
  const next = await changeCourseOrder(params.id, 'deliver', (order) => {
    assertCanProvide(principal, order);
    checkCourseIfMatch(headers['if-match'], order);
    const { note, ...attendance } = body;
    return deliverCourseOrder(order, attendance, who(principal), new Date().toISOString(), note);
  });
  return ok(publicCourseOrder(next), next.version);
};

export const handler = httpHandler(options, run);
