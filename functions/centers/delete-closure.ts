import { assertCanManage } from '../../shared/domain/auth.ts';
import { ClosureParams } from '../../shared/domain/params.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { noContent } from '../../shared/runtime/responses.ts';
import { requireCenter } from '../../shared/store/centers.ts';
import { deleteClosure } from '../../shared/store/rooms.ts';

const options = { params: ClosureParams } as const;

export const run: Run<typeof options> = async ({ params, principal }) => {
  const center = await requireCenter(params.id);
  assertCanManage(principal, center.path);
  await deleteClosure(center.id, params.closureId);
  return noContent();
};

export const handler = httpHandler(options, run);
