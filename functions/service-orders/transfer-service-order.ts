import { ValidationError } from '../../shared/domain/errors.ts';
import { applyChange } from '../../shared/domain/service-order.ts';
import { assertCanHandleOrder, checkOptionalIfMatch, who } from '../../shared/domain/service-order-access.ts';
import {
  publicOrder,
  ServiceOrderParams,
  TransferOrderSchema,
} from '../../shared/domain/service-order-requests.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { ok } from '../../shared/runtime/responses.ts';
import { getCenter } from '../../shared/store/centers.ts';
import { changeOrder } from '../../shared/store/service-orders.ts';

const options = { params: ServiceOrderParams, body: TransferOrderSchema } as const;

/**
 * Staff hand an assigned or accepted order to another active center of the district (audited in
 * the history: from, to, who, why). It is assigned there, untaken; its deadline does not move.
 */
export const run: Run<typeof options> = async ({ params, body, principal, headers }) => {
  const target = await getCenter(body.centerId);
  if (!target) throw ValidationError.field('centerId', `center ${body.centerId} does not exist`);
  if (target.status !== 'active') {
    throw ValidationError.field('centerId', `center ${body.centerId} is ${target.status}`);
  }
  const next = await changeOrder(params.id, (order) => {
    assertCanHandleOrder(principal, order);
    checkOptionalIfMatch(headers['if-match'], order);
    if (order.assignedCenterId === target.id) {
      throw ValidationError.field('centerId', `the order is already at ${target.id}`);
    }
    return applyChange(
      order,
      {
        action: 'transfer',
        by: who(principal),
        at: new Date().toISOString(),
        centerId: target.id,
        note: `from ${order.assignedCenterId} to ${target.id}: ${body.reason}`,
      },
      {
        atPath: target.path,
        acceptedBy: undefined,
        acceptedAt: undefined,
        volunteer: undefined,
      },
    );
  });
  return ok(publicOrder(next), next.version);
};

export const handler = httpHandler(options, run);
