import { assertCanReadRegistry } from '../../shared/domain/auth.ts';
import { CenterParams } from '../../shared/domain/params.ts';
import { PageQuery } from '../../shared/domain/schema-kit.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { ok } from '../../shared/runtime/responses.ts';
import { listSubtree, requireCenter } from '../../shared/store/centers.ts';

const options = { params: CenterParams, query: PageQuery } as const;

/** The center itself first, then every descendant in path order (a parent before its children). */
export const run: Run<typeof options> = async ({ params, query, principal }) => {
  assertCanReadRegistry(principal);
  const center = await requireCenter(params.id);
  return ok(await listSubtree(center.path, query.limit, query.cursor));
};

export const handler = httpHandler(options, run);
