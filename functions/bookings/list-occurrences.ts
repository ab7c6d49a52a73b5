import { ActivityParams } from '../../shared/domain/activities.ts';
import { assertCanReadRegistry } from '../../shared/domain/auth.ts';
import { NotFoundError } from '../../shared/domain/errors.ts';
import { PageQuery } from '../../shared/domain/schema-kit.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { ok } from '../../shared/runtime/responses.ts';
import { getActivity, listOccurrences } from '../../shared/store/activities.ts';
import { seatsLeft, waitingCount } from '../../shared/store/bookings.ts';

const options = { params: ActivityParams, query: PageQuery } as const;

/** The occurrences of an activity in order, each with its seats left and how many wait. */
export const run: Run<typeof options> = async ({ params, query, principal }) => {
  assertCanReadRegistry(principal);
  const activity = await getActivity(params.id, params.activityId);
  if (!activity) throw NotFoundError.of('activity', `${params.id}/${params.activityId}`);
  const page = await listOccurrences(activity.id, query.limit, query.cursor);
  const items = await Promise.all(
    page.items.map(async (occurrence) => {
      const [shards, waiting] = await Promise.all([seatsLeft(occurrence.id), waitingCount(occurrence.id)]);
      return { ...occurrence, seatsLeft: shards.reduce((a, b) => a + b, 0), waiting };
    }),
  );
  return ok({ items, nextCursor: page.nextCursor });
};

export const handler = httpHandler(options, run);
