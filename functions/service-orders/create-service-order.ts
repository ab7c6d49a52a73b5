import { assertCanManage } from '../../shared/domain/auth.ts';
import type { FieldProblem } from '../../shared/domain/errors.ts';
import { ValidationError } from '../../shared/domain/errors.ts';
import { newId } from '../../shared/domain/ids.ts';
import { levelIndex } from '../../shared/domain/levels.ts';
import { deadline, utcOf } from '../../shared/domain/service-order.ts';
import { assertPerson, who } from '../../shared/domain/service-order-access.ts';
import {
  CreateServiceOrderSchema,
  publicOrder,
  type StoredOrder,
} from '../../shared/domain/service-order-requests.ts';
import { validateAttributes } from '../../shared/domain/services.ts';
import { walkInOwner } from '../../shared/domain/walk-in.ts';
import { districtCode } from '../../shared/runtime/env.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { runIdempotent } from '../../shared/runtime/idempotency.ts';
import { logger } from '../../shared/runtime/powertools.ts';
import { created } from '../../shared/runtime/responses.ts';
import { getCenter } from '../../shared/store/centers.ts';
import { createOnce } from '../../shared/store/create-guard.ts';
import { orderCalendar } from '../../shared/store/order-calendar.ts';
import { enqueueOrders } from '../../shared/store/order-queues.ts';
import { createOrder, getOrder } from '../../shared/store/service-orders.ts';
import { getService } from '../../shared/store/services.ts';

const options = { body: CreateServiceOrderSchema, idempotent: runIdempotent } as const;

/**
 * A resident orders a service at a center. Everything is checked before anything is stored
 * (service, center, attributes, a location when the center is above the handling level); the
 * order is stored as `submitted`, then sent to the queue of its handling level. If that send
 * fails, the order is still stored and the reconciler sends it later.
 */
export const run: Run<typeof options> = async ({ body, principal, idempotencyKey }) => {
  assertPerson(principal);
  const [service, center] = await Promise.all([getService(body.serviceCode), getCenter(body.centerId)]);
  const problems: FieldProblem[] = [];
  if (!service) {
    problems.push({
      field: 'serviceCode',
      message: `no service ${body.serviceCode} in the catalog`,
      in: 'body',
    });
  } else if (!service.active) {
    problems.push({
      field: 'serviceCode',
      message: `service ${body.serviceCode} is not offered now`,
      in: 'body',
    });
  }
  if (!center) {
    problems.push({ field: 'centerId', message: `center ${body.centerId} does not exist`, in: 'body' });
  } else if (center.status !== 'active') {
    problems.push({ field: 'centerId', message: `center ${body.centerId} is ${center.status}`, in: 'body' });
  }
  if (service && center && levelIndex(center.level) < levelIndex(service.handlingLevel) && !body.location) {
    problems.push({
      field: 'location',
      message: `is required: ${service.code} is handled at ${service.handlingLevel} level, below this ${center.level} center, and the location chooses the ${service.handlingLevel} center`,
      in: 'body',
    });
  }
  let attributes: Record<string, unknown> = {};
  if (service?.active) {
    try {
      attributes = validateAttributes(service, body.attributes);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      problems.push(...error.errors);
    }
  }
  if (problems.length > 0 || !service || !center) {
    throw new ValidationError(problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
  }
  // a walk-in resident's order is registered by staff of the center (or above) where it is placed
  if (body.onBehalfOf) assertCanManage(principal, center.path);
  const owner = body.onBehalfOf ? walkInOwner(body.onBehalfOf, districtCode()) : undefined;

  const start = Date.now();
  const now = new Date(start).toISOString();
  const due = deadline(start, service.timeLimit, center.timeZone, await orderCalendar(start));
  const fresh: StoredOrder = {
    id: newId('so', start),
    serviceCode: service.code,
    serviceName: service.name,
    handlingLevel: service.handlingLevel,
    intakeCenterId: center.id,
    residentSub: owner?.owner ?? principal.sub,
    ...(owner ? { walkIn: { registeredBy: who(principal), ...owner.walkIn } } : {}),
    ...(body.location ? { location: body.location } : {}),
    attributes,
    ...(body.description ? { description: body.description } : {}),
    status: 'submitted',
    dueAt: due.dueAt,
    ...(due.provisional ? { dueAtProvisional: true as const } : {}),
    timeLimit: service.timeLimit,
    overdue: false,
    escalations: 0,
    createdAt: now,
    updatedAt: now,
    version: 1,
    history: [
      {
        at: now,
        action: 'submit',
        by: who(principal),
        from: null,
        to: 'submitted',
        centerId: center.id,
        ...(due.missingYear
          ? {
              note: `no working-day calendar for ${due.missingYear} yet: the deadline is set once it is loaded`,
            }
          : {}),
      },
    ],
    atPath: center.path,
    intakePath: center.path,
    intakeLevel: center.level,
    timeZone: center.timeZone,
    ...(due.dueAt ? { escalateAt: utcOf(due.dueAt) } : {}),
  };
  const order = await createOnce(idempotencyKey, fresh, createOrder, getOrder);
  // a replay: the order was stored by an earlier run; the reconciler sends it if that run did not
  if (order !== fresh) return created(publicOrder(order), `/service-orders/${order.id}`, order.version);
  try {
    await enqueueOrders([order]);
  } catch (error) {
    logger.warn('order stored but not queued; the reconciler will send it', {
      orderId: order.id,
      error: error as Error,
    });
  }
  return created(publicOrder(order), `/service-orders/${order.id}`, order.version);
};

export const handler = httpHandler(options, run);
