import { assertCanRebuildGrid } from '../../shared/domain/auth.ts';
import { RebuildQuery } from '../../shared/domain/grid-schema.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { created } from '../../shared/runtime/responses.ts';
import { buildGrid } from '../../shared/store/grid-build.ts';

const options = { query: RebuildQuery } as const;

/**
 * Builds the grid now (the current tick, as the schedule would) or, with `?at=`, a what-if
 * snapshot for that instant, which never replaces the latest one. 201 for a new snapshot, 200
 * when the same snapshot was built again (the same tick, or the same what-if instant).
 */
export const run: Run<typeof options> = async ({ query, principal }) => {
  assertCanRebuildGrid(principal);
  const result = query.at
    ? await buildGrid({ at: Date.parse(query.at), kind: 'what-if' })
    : await buildGrid({ at: Date.now(), kind: 'scheduled' });
  const body = { ...result.header, latestMoved: result.latestMoved, build: result.build };
  const location = `/grid/snapshots/${result.header.id}`;
  return result.created ? created(body, location) : { status: 200, body, headers: { location } };
};

export const handler = httpHandler(options, run);
