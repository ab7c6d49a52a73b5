import { assertCanReadRegistry } from '../../shared/domain/auth.ts';
import { CenterParams } from '../../shared/domain/params.ts';
import { PageQuery } from '../../shared/domain/schema-kit.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { ok } from '../../shared/runtime/responses.ts';
import { requireCenter } from '../../shared/store/centers.ts';
import { listRooms } from '../../shared/store/rooms.ts';

const options = { params: CenterParams, query: PageQuery } as const;

export const run: Run<typeof options> = async ({ params, query, principal }) => {
  assertCanReadRegistry(principal);
  await requireCenter(params.id);
  return ok(await listRooms(params.id, query.limit, query.cursor));
};

export const handler = httpHandler(options, run);
