import { assertCanManage } from '../../shared/domain/auth.ts';
import { assertKindFitsLevel, UpdateCenterSchema } from '../../shared/domain/center.ts';
import { compileOpeningHours, installOpeningHoursLibrary } from '../../shared/domain/opening-hours.ts';
import { CenterParams } from '../../shared/domain/params.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { ok, requireIfMatch } from '../../shared/runtime/responses.ts';
import { requireCenter, updateCenter } from '../../shared/store/centers.ts';

installOpeningHoursLibrary();

const options = { params: CenterParams, body: UpdateCenterSchema } as const;

export const run: Run<typeof options> = async ({ params, body, principal, headers }) => {
  const current = await requireCenter(params.id);
  assertCanManage(principal, current.path);
  const expected = requireIfMatch(headers, current.version);
  if (body.kind !== undefined) assertKindFitsLevel(current.level, body.kind);
  const now = new Date();
  // compiled on every edit: the hours may be new, and an older compiled form gets a fresh range
  const compiled = compileOpeningHours(body.openingHours ?? current.openingHours, now.getTime());
  const next = await updateCenter(current, body, expected, now.toISOString(), compiled);
  return ok(next, next.version);
};

export const handler = httpHandler(options, run);
