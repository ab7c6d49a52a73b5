import { assertCanReadRegistry } from '../../shared/domain/auth.ts';
import { CenterParams } from '../../shared/domain/params.ts';
import { PageQuery } from '../../shared/domain/schema-kit.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { ok } from '../../shared/runtime/responses.ts';
import { listActivities } from '../../shared/store/activities.ts';

const options = { params: CenterParams, query: PageQuery } as const;

/** The activities a center publishes, in the order they were created. */
export const run: Run<typeof options> = async ({ params, query, principal }) => {
  assertCanReadRegistry(principal);
  const page = await listActivities(params.id, query.limit, query.cursor);
  return ok(page);
};

export const handler = httpHandler(options, run);
