import { assertCanReadRegistry } from '../../shared/domain/auth.ts';
import { NotFoundError } from '../../shared/domain/errors.ts';
import { GridQuery, SnapshotParams } from '../../shared/domain/grid-schema.ts';
import { snapshotResponse } from '../../shared/runtime/grid-response.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { readSnapshot } from '../../shared/store/grid.ts';

const options = { params: SnapshotParams, query: GridQuery } as const;

/** One snapshot by id: a scheduled one (kept 30 days) or a what-if (kept a day). */
export const run: Run<typeof options> = async ({ params, query, principal, headers }) => {
  assertCanReadRegistry(principal);
  const stored = await readSnapshot(params.id);
  if (!stored) throw NotFoundError.of('grid snapshot', params.id);
  return snapshotResponse(stored, query.format, headers['accept-encoding']);
};

export const handler = httpHandler(options, run);
