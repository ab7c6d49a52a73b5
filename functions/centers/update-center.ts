import { assertCanManage } from '../../shared/domain/auth.ts';
import { assertKindFitsLevel, UpdateCenterSchema } from '../../shared/domain/center.ts';
import { CenterParams } from '../../shared/domain/params.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { ok, requireIfMatch } from '../../shared/runtime/responses.ts';
import { requireCenter, updateCenter } from '../../shared/store/centers.ts';

const options = { params: CenterParams, body: UpdateCenterSchema } as const;

export const run: Run<typeof options> = async ({ params, body, principal, headers }) => {
  const current = await requireCenter(params.id);
  assertCanManage(principal, current.path);
  const expected = requireIfMatch(headers, current.version);
  if (body.kind !== undefined) assertKindFitsLevel(current.level, body.kind);
  const next = await updateCenter(current, body, expected, new Date().toISOString());
  return ok(next, next.version);
};

export const handler = httpHandler(options, run);
