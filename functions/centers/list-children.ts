import { assertCanReadRegistry } from '../../shared/domain/auth.ts';
import { CenterParams } from '../../shared/domain/params.ts';
import { PageQuery } from '../../shared/domain/schema-kit.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { ok } from '../../shared/runtime/responses.ts';
import { listChildren, requireCenter } from '../../shared/store/centers.ts';

const options = { params: CenterParams, query: PageQuery } as const;

export const run: Run<typeof options> = async ({ params, query, principal }) => {
  assertCanReadRegistry(principal);
  await requireCenter(params.id);
  return ok(await listChildren(params.id, query.limit, query.cursor));
};

export const handler = httpHandler(options, run);
