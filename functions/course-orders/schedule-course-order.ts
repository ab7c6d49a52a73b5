import { publicCourseOrder } from '../../shared/domain/course-order.ts';
import { CourseOrderParams, ScheduleCourseOrderSchema } from '../../shared/domain/course-order-requests.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { ok } from '../../shared/runtime/responses.ts';
import { scheduleOrder } from '../../shared/store/course-order-flow.ts';

const options = { params: CourseOrderParams, body: ScheduleCourseOrderSchema } as const;

/**
 * The providing center sets the date, the lecturer and a room of the receiving center, booked
 * under its rules in the same transaction: of two orders (or an order and a booking) wanting the
 * same room slot, one gets it and the other 409.
 */
export const run: Run<typeof options> = async ({ params, body, principal, headers }) => {
  const next = await scheduleOrder(principal, params.id, body, headers['if-match'], Date.now());
  return ok(publicCourseOrder(next), next.version);
};

export const handler = httpHandler(options, run);
