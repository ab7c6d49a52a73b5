import { applyChange } from '../../shared/domain/service-order.ts';
import { assertCanHandleOrder, checkOptionalIfMatch, who } from '../../shared/domain/service-order-access.ts';
import {
  AcceptOrderSchema,
  publicOrder,
  ServiceOrderParams,
} from '../../shared/domain/service-order-requests.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { ok } from '../../shared/runtime/responses.ts';
import { changeOrder } from '../../shared/store/service-orders.ts';

const options = { params: ServiceOrderParams, body: AcceptOrderSchema } as const;

/**
 * Staff take an assigned order, for themselves or for the Party-member volunteer named in the
 * body. Of two racing accepts exactly one wins; the other gets 409 saying the order is accepted.
 */
export const run: Run<typeof options> = async ({ params, body, principal, headers }) => {
  const next = await changeOrder(params.id, (order) => {
    assertCanHandleOrder(principal, order);
    checkOptionalIfMatch(headers['if-match'], order);
    const at = new Date().toISOString();
    const by = who(principal);
    const acceptedBy = body.volunteer ? `volunteer ${body.volunteer.name}` : by;
    const note = [body.volunteer ? `taken by ${acceptedBy}` : undefined, body.note]
      .filter(Boolean)
      .join('; ');
    return applyChange(
      order,
      { action: 'accept', by, at, ...(note ? { note } : {}) },
      { acceptedBy, acceptedAt: at, ...(body.volunteer ? { volunteer: body.volunteer } : {}) },
    );
  });
  return ok(publicOrder(next), next.version);
};

export const handler = httpHandler(options, run);
