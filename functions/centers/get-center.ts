import { assertCanReadRegistry } from '../../shared/domain/auth.ts';
import { CenterParams } from '../../shared/domain/params.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { ok } from '../../shared/runtime/responses.ts';
import { requireCenter } from '../../shared/store/centers.ts';

const options = { params: CenterParams } as const;

export const run: Run<typeof options> = async ({ params, principal }) => {
  assertCanReadRegistry(principal);
  const center = await requireCenter(params.id);
  return ok(center, center.version);
};

export const handler = httpHandler(options, run);
