import { assertCanReadRegistry } from '../../shared/domain/auth.ts';
import { NotFoundError } from '../../shared/domain/errors.ts';
import { GridQuery } from '../../shared/domain/grid-schema.ts';
import { snapshotResponse } from '../../shared/runtime/grid-response.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { readLatest } from '../../shared/store/grid.ts';

const options = { query: GridQuery } as const;

/** The latest scheduled snapshot, as JSON or GeoJSON. */
export const run: Run<typeof options> = async ({ query, principal, headers }) => {
  assertCanReadRegistry(principal);
  const stored = await readLatest();
  if (!stored) {
    throw new NotFoundError(
      'no grid snapshot has been built yet: the builder runs every 5 minutes (the local runtime also builds one when it starts), so the first is due within 5 minutes of the first deploy; POST /grid/rebuild builds one now',
      { resource: 'grid snapshot', id: 'latest' },
    );
  }
  return snapshotResponse(stored, query.format, headers['accept-encoding']);
};

export const handler = httpHandler(options, run);
