import { assertCanManage, assertMayManageRegistry } from '../../shared/domain/auth.ts';
import { newId } from '../../shared/domain/ids.ts';
import { installOpeningHoursLibrary } from '../../shared/domain/opening-hours.ts';
import { CenterParams } from '../../shared/domain/params.ts';
import { CreateWindowSchema, type ServiceWindow } from '../../shared/domain/rooms.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { runIdempotent } from '../../shared/runtime/idempotency.ts';
import { created } from '../../shared/runtime/responses.ts';
import { requireCenter } from '../../shared/store/centers.ts';
import { createOnce } from '../../shared/store/create-guard.ts';
import { getWindow, putWindow } from '../../shared/store/rooms.ts';

// room and window hours are checked with the library
installOpeningHoursLibrary();

const options = { params: CenterParams, body: CreateWindowSchema, idempotent: runIdempotent } as const;

export const run: Run<typeof options> = async ({ params, body, principal, idempotencyKey }) => {
  assertMayManageRegistry(principal);
  const center = await requireCenter(params.id);
  assertCanManage(principal, center.path);
  const fresh: ServiceWindow = {
    ...body,
    id: newId('w'),
    centerId: center.id,
    createdAt: new Date().toISOString(),
  };
  const window = await createOnce(idempotencyKey, fresh, putWindow, (id) => getWindow(center.id, id));
  return created(window, `/centers/${center.id}/windows/${window.id}`);
};

export const handler = httpHandler(options, run);
