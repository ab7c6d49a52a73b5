import { assertCanManage, assertMayManageRegistry } from '../../shared/domain/auth.ts';
import { newId } from '../../shared/domain/ids.ts';
import { installOpeningHoursLibrary } from '../../shared/domain/opening-hours.ts';
import { CenterParams } from '../../shared/domain/params.ts';
import { CreateRoomSchema, type Room } from '../../shared/domain/rooms.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { runIdempotent } from '../../shared/runtime/idempotency.ts';
import { created } from '../../shared/runtime/responses.ts';
import { requireCenter } from '../../shared/store/centers.ts';
import { createOnce } from '../../shared/store/create-guard.ts';
import { getRoom, putRoom } from '../../shared/store/rooms.ts';

// room and window hours are checked with the library
installOpeningHoursLibrary();

const options = { params: CenterParams, body: CreateRoomSchema, idempotent: runIdempotent } as const;

export const run: Run<typeof options> = async ({ params, body, principal, idempotencyKey }) => {
  assertMayManageRegistry(principal);
  const center = await requireCenter(params.id);
  assertCanManage(principal, center.path);
  const now = new Date().toISOString();
  const fresh: Room = {
    ...body,
    id: newId('r'),
    centerId: center.id,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  const room = await createOnce(idempotencyKey, fresh, putRoom, (id) => getRoom(center.id, id));
  return created(room, `/centers/${center.id}/rooms/${room.id}`, room.version);
};

export const handler = httpHandler(options, run);
