import { publicCourseOrder } from '../../shared/domain/course-order.ts';
import { CreateCourseOrderSchema } from '../../shared/domain/course-order-requests.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { runIdempotent } from '../../shared/runtime/idempotency.ts';
import { created } from '../../shared/runtime/responses.ts';
import { placeOrder } from '../../shared/store/course-order-flow.ts';

const options = { body: CreateCourseOrderSchema, idempotent: runIdempotent } as const;

/**
 * A course of a menu the center received is ordered: by a resident at their community, by a
 * street for its communities, or dispatched by the publishing level. It goes to the providing
 * center as `requested`; a replayed Idempotency-Key answers the order made first.
 */
export const run: Run<typeof options> = async ({ body, principal, idempotencyKey }) => {
  const { order } = await placeOrder(principal, body, idempotencyKey, Date.now());
  return created(publicCourseOrder(order), `/course-orders/${order.id}`, order.version);
};

export const handler = httpHandler(options, run);
