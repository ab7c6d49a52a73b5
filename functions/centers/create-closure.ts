import { assertCanManage, assertMayManageRegistry } from '../../shared/domain/auth.ts';
import { type Closure, CreateClosureSchema } from '../../shared/domain/closures.ts';
import { newId } from '../../shared/domain/ids.ts';
import { CenterParams } from '../../shared/domain/params.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { runIdempotent } from '../../shared/runtime/idempotency.ts';
import { created } from '../../shared/runtime/responses.ts';
import { cancelBookingsInClosure } from '../../shared/store/booking-flow.ts';
import { notify } from '../../shared/store/booking-notices.ts';
import { requireCenter } from '../../shared/store/centers.ts';
import { createOnce } from '../../shared/store/create-guard.ts';
import { getClosure, putClosure } from '../../shared/store/rooms.ts';

const options = { params: CenterParams, body: CreateClosureSchema, idempotent: runIdempotent } as const;

export const run: Run<typeof options> = async ({ params, body, principal, idempotencyKey }) => {
  assertMayManageRegistry(principal);
  const center = await requireCenter(params.id);
  assertCanManage(principal, center.path);
  const fresh: Closure = {
    ...body,
    id: newId('x'),
    centerId: center.id,
    createdAt: new Date().toISOString(),
  };
  const closure = await createOnce(idempotencyKey, fresh, putClosure, (id) => getClosure(center.id, id));
  // bookings the closure falls on are cancelled with its reason (a replay finds them cancelled already)
  const { notifications } = await cancelBookingsInClosure(closure, center.timeZone, Date.now());
  await notify(notifications);
  return created(closure, `/centers/${center.id}/closures/${closure.id}`);
};

export const handler = httpHandler(options, run);
