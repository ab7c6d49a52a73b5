import { assertCanManage } from '../../shared/domain/auth.ts';
import { installOpeningHoursLibrary } from '../../shared/domain/opening-hours.ts';
import { RoomParams } from '../../shared/domain/params.ts';
import { UpdateRoomSchema } from '../../shared/domain/rooms.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { ok, requireIfMatch } from '../../shared/runtime/responses.ts';
import { requireCenter } from '../../shared/store/centers.ts';
import { requireRoom, updateRoom } from '../../shared/store/rooms.ts';

// room and window hours are checked with the library
installOpeningHoursLibrary();

const options = { params: RoomParams, body: UpdateRoomSchema } as const;

export const run: Run<typeof options> = async ({ params, body, principal, headers }) => {
  const center = await requireCenter(params.id);
  assertCanManage(principal, center.path);
  const room = await requireRoom(center.id, params.roomId);
  const expected = requireIfMatch(headers, room.version);
  const next = await updateRoom(
    center.id,
    room.id,
    { ...body, updatedAt: new Date().toISOString() },
    expected,
  );
  return ok(next, next.version);
};

export const handler = httpHandler(options, run);
